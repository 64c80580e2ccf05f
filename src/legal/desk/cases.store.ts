import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { LegalCasesTable } from '../../db/schema.js';
import type { Assessment, Demand } from '../index.js';
import type { CaseDecision, CaseState, LegalCase } from './case.types.js';

const DOCUMENT_COLUMNS = ['id', 'filename', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'] as const;

/** The only SQL that writes legal_cases, legal_documents and legal_deadlines. */
export class CaseStore {
  constructor(private readonly db: Db) {}

  async insert(trx: Db, row: {
    reference: string; kind: string | null; process: string | null; receivedAt: Date; document: unknown; problems: string[];
    valid: boolean; state: CaseState; country: string | null; targets: string[]; requesterId: string | null; now: Date;
  }): Promise<string> {
    const inserted = await trx.insertInto('legal_cases').values({
      reference: row.reference, kind: row.kind, process: row.process, received_at: row.receivedAt,
      document: JSON.stringify(row.document), problems: JSON.stringify(row.problems), valid: row.valid, state: row.state,
      country: row.country, targets: row.targets, requester_id: row.requesterId, created_at: row.now, updated_at: row.now,
    }).returning('id').executeTakeFirstOrThrow();
    return inserted.id;
  }

  async replaceDocument(trx: Db, id: string, row: {
    reference: string; kind: string | null; process: string | null; receivedAt: Date; document: unknown; problems: string[];
    valid: boolean; country: string | null; targets: string[]; now: Date;
  }): Promise<void> {
    await trx.updateTable('legal_cases').set({
      reference: row.reference, kind: row.kind, process: row.process, received_at: row.receivedAt,
      document: JSON.stringify(row.document), problems: JSON.stringify(row.problems), valid: row.valid,
      country: row.country, targets: row.targets, updated_at: row.now,
    }).where('id', '=', id).execute();
  }

  async setAssessment(trx: Db, id: string, assessment: Assessment, respondBy: Date | null, now: Date): Promise<void> {
    await trx.updateTable('legal_cases').set({ assessment: JSON.stringify(assessment), respond_by: respondBy, updated_at: now })
      .where('id', '=', id).execute();
  }

  async setDecision(trx: Db, id: string, decision: CaseDecision, now: Date): Promise<void> {
    await trx.updateTable('legal_cases').set({ decision: JSON.stringify(decision), updated_at: now }).where('id', '=', id).execute();
  }

  async setState(trx: Db, id: string, state: CaseState, closedAt: Date | null, now: Date): Promise<void> {
    await trx.updateTable('legal_cases').set({ state, closed_at: closedAt, updated_at: now }).where('id', '=', id).execute();
  }

  async setDocumentHash(trx: Db, id: string, sha256: string): Promise<void> {
    await trx.updateTable('legal_cases').set({ document_sha256: sha256 }).where('id', '=', id).execute();
  }

  /** Reads a case; with `forUpdate`, locks its row so two desk members deciding at once are serialised. */
  async get(db: Db, id: string, forUpdate = false): Promise<LegalCase | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    let q = db.selectFrom('legal_cases').selectAll().where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? toCase(row) : null;
  }

  async list(filter: { state?: CaseState; open?: boolean; requesterId?: string; limit: number; beforeId?: string }): Promise<LegalCase[]> {
    let q = this.db.selectFrom('legal_cases').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.state) q = q.where('state', '=', filter.state);
    if (filter.open !== undefined) q = q.where('closed_at', filter.open ? 'is' : 'is not', null);
    if (filter.requesterId) q = q.where('requester_id', '=', filter.requesterId);
    if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
    return (await q.execute()).map(toCase);
  }

  /** Stores a document and returns what `documents` lists of it (everything but the content). */
  async addDocument(trx: Db, doc: { caseId: string; filename: string; mediaType: string; content: Buffer; sha256: string; now: Date }) {
    return trx.insertInto('legal_documents').values({
      case_id: doc.caseId, filename: doc.filename, media_type: doc.mediaType, size_bytes: doc.content.length,
      sha256: doc.sha256, content: doc.content, uploaded_at: doc.now,
    }).returning(DOCUMENT_COLUMNS).executeTakeFirstOrThrow();
  }

  async documents(caseId: string) {
    return this.db.selectFrom('legal_documents').select(DOCUMENT_COLUMNS)
      .where('case_id', '=', caseId).orderBy('id').execute();
  }

  async document(caseId: string, documentId: string) {
    if (!/^\d{1,18}$/.test(documentId)) return undefined;
    return this.db.selectFrom('legal_documents').selectAll().where('case_id', '=', caseId).where('id', '=', documentId).executeTakeFirst();
  }

  /** Replaces the case's open deadlines with the ones just computed; met or reminded ones keep their history. */
  async setDeadlines(trx: Db, caseId: string, deadlines: Array<{ kind: string; dueAt: Date }>): Promise<void> {
    for (const d of deadlines) {
      await trx.insertInto('legal_deadlines').values({ case_id: caseId, kind: d.kind, due_at: d.dueAt })
        .onConflict((oc) => oc.columns(['case_id', 'kind']).doUpdateSet({ due_at: d.dueAt })).execute();
    }
  }

  async closeDeadlines(trx: Db, caseId: string, kinds: string[], now: Date): Promise<void> {
    if (!kinds.length) return;
    await trx.updateTable('legal_deadlines').set({ done_at: now })
      .where('case_id', '=', caseId).where('kind', 'in', kinds).where('done_at', 'is', null).execute();
  }

  async deadlines(caseId: string) {
    return this.db.selectFrom('legal_deadlines').selectAll().where('case_id', '=', caseId).orderBy('due_at').execute();
  }

  /** Open deadlines falling due before `until` that nobody was reminded of yet, with their case. */
  async dueUnreminded(until: Date) {
    return this.db.selectFrom('legal_deadlines').innerJoin('legal_cases', 'legal_cases.id', 'legal_deadlines.case_id')
      .select(['legal_deadlines.id', 'legal_deadlines.case_id', 'legal_deadlines.kind', 'legal_deadlines.due_at', 'legal_cases.reference'])
      .where('legal_deadlines.done_at', 'is', null).where('legal_deadlines.reminded_at', 'is', null)
      .where('legal_cases.closed_at', 'is', null).where('legal_deadlines.due_at', '<=', until)
      .orderBy('legal_deadlines.due_at').execute();
  }

  async markReminded(trx: Db, deadlineId: string, now: Date): Promise<boolean> {
    const r = await trx.updateTable('legal_deadlines').set({ reminded_at: now })
      .where('id', '=', deadlineId).where('reminded_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async upcoming(until: Date) {
    return this.db.selectFrom('legal_deadlines').innerJoin('legal_cases', 'legal_cases.id', 'legal_deadlines.case_id')
      .select(['legal_deadlines.case_id', 'legal_deadlines.kind', 'legal_deadlines.due_at', 'legal_deadlines.reminded_at', 'legal_cases.reference', 'legal_cases.state'])
      .where('legal_deadlines.done_at', 'is', null).where('legal_cases.closed_at', 'is', null)
      .where('legal_deadlines.due_at', '<=', until).orderBy('legal_deadlines.due_at').execute();
  }

  /** Accounts named by the demand that exist here, by lower-case handle. */
  async accountsByHandle(db: Db, handles: string[]) {
    if (!handles.length) return [];
    return db.selectFrom('accounts').select(['id', 'handle']).where(sql`lower(handle)`, 'in', handles).execute();
  }
}

type CaseRow = Selectable<LegalCasesTable>;

function toCase(row: CaseRow): LegalCase {
  const valid = row.valid as boolean;
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: String(row.id),
    reference: row.reference,
    kind: row.kind as LegalCase['kind'],
    process: row.process as LegalCase['process'],
    state: row.state as CaseState,
    valid,
    problems: row.problems ?? [],
    country: row.country,
    targets: row.targets ?? [],
    requesterId: row.requester_id === null ? null : String(row.requester_id),
    receivedAt: iso(row.received_at)!,
    respondBy: iso(row.respond_by),
    closedAt: iso(row.closed_at),
    document: row.document,
    demand: valid ? (row.document as Demand) : null,
    documentSha256: row.document_sha256,
    assessment: (row.assessment ?? null) as Assessment | null,
    decision: (row.decision ?? null) as CaseDecision | null,
  };
}
