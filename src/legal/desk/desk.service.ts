import crypto from 'node:crypto';
import YAML from 'yaml';
import { sql } from 'kysely';
import type { Context } from '../../context.js';
import type { Db } from '../../db/database.js';
import { fail } from '../../errors.js';
import { LEGAL_CATEGORIES, parseDemand, parseDemandText, type Demand, type LegalCategory, type NoticeDecision, type Recommendation } from '../index.js';
import { parseInstant } from '../instant.js';
import { assessAgainstInstance, heldCategories, targetHandle } from './assess-held.js';
import { AuditLog } from './audit-log.js';
import { canMoveByHand, DECIDABLE, isClosed } from './case-states.js';
import type { CaseDecision, CaseState, LegalCase } from './case.types.js';
import { CaseStore } from './cases.store.js';
import { LegalNotices } from './notices.js';
import { resolveItems } from './removals.js';
import { Requesters } from './requesters.js';

/** A scanned document attached to a demand: stored as evidence with its SHA-256. */
export interface ScannedDocument {
  filename: string;
  mediaType: string;
  content: Buffer;
}

export interface IntakeInput {
  /** The demand as text (JSON or YAML), as a file would hold it … */
  text?: string;
  filename?: string;
  /** … or already parsed from a JSON request body. */
  input?: unknown;
  actor: string;
  requesterId?: string | null;
  scan?: ScannedDocument | null;
}

export interface DecisionInput {
  recommendation: Recommendation;
  reason: string;
  /** Categories to produce; defaults to the assessment's `produce` for comply/narrow. */
  produce?: LegalCategory[];
  dateRange?: { from: string | null; to: string | null } | null;
  notice?: NoticeDecision;
  removal?: { outcome: 'remove' | 'withhold_in_country' | 'reject'; countries?: string[] } | null;
  actor: string;
}

export const SCAN_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'text/plain'] as const;
export const SCAN_MAX_BYTES = 25 * 1024 * 1024;
const REASON_MIN = 10;

/**
 * The legal desk's cases: intake (stored as received, valid or not), the automated assessment, the lawyer's
 * decision, state changes, comments and deadlines. Every change is written to the audit log in the same
 * transaction as the change itself, so the log cannot miss one or record one that did not happen.
 */
export class LegalDesk {
  readonly audit: AuditLog;
  readonly notices: LegalNotices;
  readonly requesters: Requesters;
  private readonly store: CaseStore;

  constructor(private readonly ctx: Context) {
    this.audit = new AuditLog(ctx.db, ctx.clock);
    this.notices = new LegalNotices(ctx.db, ctx.clock, this.audit, ctx.config.legalHelp);
    this.requesters = new Requesters(ctx.db, ctx.clock, this.audit);
    this.store = new CaseStore(ctx.db);
  }

  /**
   * Takes in a demand. A malformed or incomplete one is kept exactly as received, with the list of what is
   * wrong, in state `incomplete`; a valid one is assessed at once (state `assessed`).
   */
  async intake(input: IntakeInput): Promise<LegalCase> {
    const scan = input.scan ? checkScan(input.scan) : null;
    const { parsed, document } = parseIntake(input);
    const problems = parsed.ok ? [] : [...parsed.problems];
    const demand = parsed.ok ? parsed.demand : null;
    if (demand?.document?.sha256 && scan && demand.document.sha256.toLowerCase() !== scan.sha256) {
      problems.push(`document.sha256: does not match the attached file (its SHA-256 is ${scan.sha256})`);
    }
    const valid = problems.length === 0;
    const now = this.ctx.clock.now();
    const raw = referenceSource(document, input.text);
    const id = await this.ctx.db.transaction().execute(async (trx) => {
      const caseId = await this.store.insert(trx, {
        reference: demand?.reference ?? (typeof raw.reference === 'string' && raw.reference.trim() ? raw.reference.slice(0, 200) : '(no reference)'),
        kind: demand?.kind ?? null,
        process: demand?.process ?? null,
        receivedAt: demand ? new Date(demand.received_at) : now,
        document, problems, valid,
        state: valid ? 'received' : 'incomplete',
        country: demand?.issuer.country ?? null,
        targets: demand ? uniqueHandles(demand) : [],
        requesterId: input.requesterId ?? null,
        now,
      });
      await this.audit.append({
        caseId, type: 'case.received', actor: input.actor,
        payload: { valid, problems, reference: demand?.reference ?? null, requester: input.requesterId ?? null },
      }, trx);
      if (scan) await this.attachIn(trx, caseId, scan, input.actor);
      return caseId;
    });
    return valid ? this.assess(id, { actor: 'system' }) : (await this.get(id));
  }

  /** Replaces the document of an incomplete case (or one awaiting clarification) and assesses it again. */
  async amend(caseId: string, input: Omit<IntakeInput, 'requesterId' | 'scan'>): Promise<LegalCase> {
    const current = await this.get(caseId);
    if (!['incomplete', 'awaiting_clarification', 'received', 'assessed'].includes(current.state)) {
      fail('CONFLICT', `A case in state ${current.state} cannot be amended; record a comment instead`);
    }
    const { parsed, document } = parseIntake(input);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.store.get(trx, caseId, true);
      const demand = parsed.ok ? parsed.demand : null;
      await this.store.replaceDocument(trx, caseId, {
        reference: demand?.reference ?? current.reference, kind: demand?.kind ?? null, process: demand?.process ?? null,
        receivedAt: demand ? new Date(demand.received_at) : new Date(current.receivedAt),
        document, problems: parsed.ok ? [] : parsed.problems, valid: parsed.ok,
        country: demand?.issuer.country ?? null, targets: demand ? uniqueHandles(demand) : [], now,
      });
      if (!parsed.ok) await this.moveIn(trx, current, 'incomplete', 'the amended document is still incomplete', input.actor);
      await this.audit.append({ caseId, type: 'case.amended', actor: input.actor, payload: { valid: parsed.ok, problems: parsed.ok ? [] : parsed.problems } }, trx);
    });
    return parsed.ok ? this.assess(caseId, { actor: input.actor }) : this.get(caseId);
  }

  /** Runs (or re-runs) the automated assessment and records its deadlines. */
  async assess(caseId: string, opts: { actor: string; asOf?: Date }): Promise<LegalCase> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await this.store.get(trx, caseId, true);
      if (!current) fail('NOT_FOUND', 'No such case');
      if (!current.demand) fail('CONFLICT', 'The demand as received is incomplete; amend it first');
      const assessment = await assessAgainstInstance(trx, current.demand, opts.asOf ?? this.ctx.clock.now());
      const respond = assessment.deadlines.find((d) => d.kind === 'respond');
      const now = this.ctx.clock.now();
      await this.store.setAssessment(trx, caseId, assessment, respond ? parseInstant(respond.date) : null, now);
      await this.store.setDeadlines(trx, caseId, assessment.deadlines.map((d) => ({ kind: d.kind, dueAt: parseInstant(d.date) })));
      await this.audit.append({
        caseId, type: 'case.assessed', actor: opts.actor,
        payload: { recommendation: assessment.recommendation, codes: assessment.findings.map((f) => f.code), categories: assessment.categories, notice: assessment.notice.action },
      }, trx);
      if (current.state === 'received' || current.state === 'incomplete') await this.moveIn(trx, current, 'assessed', 'automated first assessment', opts.actor);
    });
    return this.get(caseId);
  }

  /**
   * The lawyer's decision: confirm the recommendation or override it with a written reason. It sets what will
   * be produced, applies the notice decision, and moves the case (approved, challenged, rejected, …).
   */
  async decide(caseId: string, input: DecisionInput): Promise<LegalCase> {
    const reason = (input.reason ?? '').trim();
    const now = this.ctx.clock.now();
    let holdsToPlace: { handles: string[]; renewal: boolean } | null = null;
    let removals: Awaited<ReturnType<typeof resolveItems>> = [];

    const pre = await this.get(caseId);
    const demand0 = pre.demand;
    if (demand0?.kind === 'removal') {
      removals = await resolveItems(this.ctx.db, demand0.removal?.items ?? [], this.ctx.config.domain);
    }
    const removing = demand0?.kind === 'removal' && ['comply', 'narrow'].includes(input.recommendation) && input.removal?.outcome === 'remove';

    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await this.store.get(trx, caseId, true);
      if (!current) fail('NOT_FOUND', 'No such case');
      if (!current.demand || !current.assessment) fail('CONFLICT', 'The case has no assessment yet');
      if (!DECIDABLE.has(current.state)) fail('CONFLICT', `A case in state ${current.state} cannot be decided`);
      const demand = current.demand;
      const a = current.assessment;

      const problems: string[] = [];
      const producing = input.recommendation === 'comply' || input.recommendation === 'narrow';
      const requested = new Set<LegalCategory>(demand.all_records ? LEGAL_CATEGORIES : demand.categories);
      const held = new Set(heldCategories());
      const produce = producing ? [...new Set(input.produce ?? a.categories.produce)] : [];
      for (const c of produce) {
        if (!(LEGAL_CATEGORIES as readonly string[]).includes(c)) problems.push(`produce: "${c}" is not a category`);
        else if (!requested.has(c)) problems.push(`produce: ${c} was not requested`);
        else if (!held.has(c)) problems.push(`produce: ${c} is never collected by Publius; there is nothing to produce`);
      }
      if (producing && demand.kind === 'information' && produce.length === 0) {
        problems.push('produce: nothing would be produced; decide "reject" or record the case as nothing produced');
      }
      const removal = demand.kind === 'removal' ? removalOf(input, problems) : null;
      const dateRange = dateRangeOf(input.dateRange, problems);
      const notice = input.notice ?? a.notice;
      if (notice.action === 'notify_after' && !/^\d{4}-\d{2}-\d{2}/.test(notice.date ?? '')) problems.push('notice.date: must be a date');

      const beyondAssessment = produce.some((c) => !a.categories.produce.includes(c));
      const override = input.recommendation !== a.recommendation || beyondAssessment || notice.action !== a.notice.action;
      if (override && reason.length < REASON_MIN) {
        problems.push(`reason: overriding the assessment (${describeOverride(a.recommendation, input.recommendation, beyondAssessment, notice.action !== a.notice.action)}) needs a written reason of at least ${REASON_MIN} characters`);
      }
      if (problems.length) fail('VALIDATION', `Validation failed: ${problems.join('; ')}`, { problems });

      const decision: CaseDecision = {
        action: override ? 'override' : 'confirm',
        recommendation: input.recommendation,
        produce,
        date_range: producing ? dateRange : null,
        notice,
        removal,
        reason,
        by: input.actor,
        at: now.toISOString(),
      };
      await this.store.setDecision(trx, caseId, decision, now);
      await this.audit.append({ caseId, type: 'case.decided', actor: input.actor, payload: decision }, trx);

      const next = nextState(demand, decision);
      await this.moveIn(trx, current, next, `decision: ${decision.recommendation}`, input.actor);

      if (demand.kind === 'removal' && removal) {
        await this.recordRemovals(trx, caseId, demand, removal, removals, now, input.actor);
      }
      const accounts = demand.kind === 'removal'
        ? dedupe(removals.filter((r) => r.authorId).map((r) => ({ id: r.authorId!, handle: r.authorHandle! })))
        : await this.store.accountsByHandle(trx, current.targets);
      const withState = { ...current, decision };
      await this.notices.plan(trx, withState, notice, decision.recommendation, input.actor,
        accounts.map((x) => ({ id: String(x.id), handle: x.handle })), demand.removal?.items ?? []);

      if (next === 'preserving') holdsToPlace = { handles: current.targets, renewal: (demand.preservation?.sequence ?? 1) >= 2 };
    });

    // Removing posts and copying records for a hold are their own services' transactions; both are recorded above.
    if (removing) {
      for (const r of removals) {
        if (!r.statusId || !r.authorId) continue;
        const author = await this.ctx.accounts.byId(r.authorId);
        if (author) await this.ctx.posts.delete(author, r.statusId).catch(() => undefined);
      }
    }
    const toPlace = holdsToPlace as { handles: string[]; renewal: boolean } | null;
    if (toPlace) await this.preserve(caseId, toPlace.handles, toPlace.renewal, input.actor);
    return this.get(caseId);
  }

  /**
   * Places the holds a preservation request asks for. A renewal request (sequence 2) renews the hold already in
   * force on each account (the assessment has refused a third period); an account without one gets a new hold.
   */
  private async preserve(caseId: string, handles: string[], renewal: boolean, actor: string): Promise<void> {
    const fresh: string[] = [];
    for (const handle of handles) {
      const [account] = await this.store.accountsByHandle(this.ctx.db, [handle]);
      const inForce = renewal && account ? await this.ctx.holds.holdsFor(String(account.id)) : [];
      if (inForce.length) {
        for (const hold of inForce) {
          await this.ctx.holds.renew(hold.id, actor);
          await this.audit.append({ caseId, type: 'hold.renewal_requested', actor, payload: { holdId: hold.id, handle, ofCase: hold.caseId } });
        }
      } else {
        fresh.push(handle);
      }
    }
    if (fresh.length) await this.ctx.holds.place({ caseId, handles: fresh, actor });
  }

  /** Preservation cases whose accounts are no longer under any hold in force end (run by the desk's chores). */
  async closeEndedPreservations(): Promise<number> {
    const now = this.ctx.clock.now();
    const open = await this.ctx.db.selectFrom('legal_cases').select(['id', 'targets']).where('state', '=', 'preserving').execute();
    let closed = 0;
    for (const c of open) {
      const active = c.targets.length ? await this.ctx.db.selectFrom('legal_holds').select('id')
        .where(sql`lower(handle)`, 'in', c.targets).where('released_at', 'is', null).where('purged_at', 'is', null)
        .where('expires_at', '>', now).limit(1).executeTakeFirst() : undefined;
      if (active) continue;
      await this.ctx.db.transaction().execute(async (trx) => {
        const current = await this.store.get(trx, String(c.id), true);
        if (current?.state === 'preserving') await this.moveIn(trx, current, 'preservation_ended', 'every hold of this case has ended', 'system');
      });
      closed++;
    }
    return closed;
  }

  /** A hand-made move (withdrawn, in court, nothing produced, …) with its reason. */
  async transition(caseId: string, to: CaseState, reason: string, actor: string): Promise<LegalCase> {
    if (reason.trim().length < 3) fail('VALIDATION', 'Validation failed: reason: say why the case moves');
    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await this.store.get(trx, caseId, true);
      if (!current) fail('NOT_FOUND', 'No such case');
      if (!canMoveByHand(current.state, to)) fail('CONFLICT', `A case cannot move from ${current.state} to ${to} by hand`);
      await this.moveIn(trx, current, to, reason.trim(), actor);
    });
    return this.get(caseId);
  }

  /** Records that the case was produced (called by the production package builder). */
  async markProduced(trx: Db, caseId: string, complete: boolean, actor: string): Promise<void> {
    const current = await this.store.get(trx, caseId, true);
    if (!current) fail('NOT_FOUND', 'No such case');
    if (current.state !== 'approved') return;
    await this.moveIn(trx, current, complete ? 'complied' : 'partially_complied', 'production package delivered', actor);
  }

  async comment(caseId: string, text: string, actor: string): Promise<void> {
    const body = text.trim();
    if (!body || body.length > 10_000) fail('VALIDATION', 'Validation failed: a comment needs 1 to 10,000 characters');
    await this.get(caseId);
    await this.audit.append({ caseId, type: 'case.comment', actor, payload: { text: body } });
  }

  /** Attaches a document; returns its stored metadata (id, SHA-256 as computed here, size, …). */
  async attach(caseId: string, scan: ScannedDocument, actor: string) {
    const checked = checkScan(scan);
    await this.get(caseId);
    return this.ctx.db.transaction().execute((trx) => this.attachIn(trx, caseId, checked, actor));
  }

  async get(caseId: string): Promise<LegalCase> {
    const c = await this.store.get(this.ctx.db, caseId);
    if (!c) fail('NOT_FOUND', 'No such case');
    return c;
  }

  async list(filter: { state?: CaseState; open?: boolean; requesterId?: string; limit?: number; beforeId?: string } = {}): Promise<LegalCase[]> {
    return this.store.list({ ...filter, limit: Math.min(Math.max(filter.limit ?? 50, 1), 200) });
  }

  documents(caseId: string) { return this.store.documents(caseId); }
  document(caseId: string, documentId: string) { return this.store.document(caseId, documentId); }
  deadlines(caseId: string) { return this.store.deadlines(caseId); }
  events(caseId: string) { return this.audit.entries(caseId); }

  /** Deadlines due within `days` on open cases. */
  upcoming(days = 14) { return this.store.upcoming(new Date(this.ctx.clock.now().getTime() + days * 86_400_000)); }

  /**
   * Reminders: every open deadline due within two days is recorded once in the audit log (the desk's pages
   * and `publius legal reminders` list them); returns those newly reminded.
   */
  async remindDue(withinDays = 2) {
    const now = this.ctx.clock.now();
    const due = await this.store.dueUnreminded(new Date(now.getTime() + withinDays * 86_400_000));
    const reminded = [];
    for (const d of due) {
      const fresh = await this.ctx.db.transaction().execute(async (trx) => {
        if (!(await this.store.markReminded(trx, String(d.id), now))) return false;
        await this.audit.append({
          caseId: String(d.case_id), type: 'deadline.reminder', actor: 'system',
          payload: { kind: d.kind, due_at: new Date(d.due_at).toISOString(), overdue: new Date(d.due_at) < now },
        }, trx);
        return true;
      });
      if (fresh) reminded.push({ caseId: String(d.case_id), reference: d.reference, kind: d.kind, dueAt: new Date(d.due_at).toISOString() });
    }
    return reminded;
  }

  private async attachIn(trx: Db, caseId: string, scan: ScannedDocument & { sha256: string }, actor: string) {
    const doc = await this.store.addDocument(trx, { caseId, filename: scan.filename, mediaType: scan.mediaType, content: scan.content, sha256: scan.sha256, now: this.ctx.clock.now() });
    await this.store.setDocumentHash(trx, caseId, scan.sha256);
    await this.audit.append({ caseId, type: 'document.attached', actor, payload: { document: doc.id, filename: scan.filename, sha256: scan.sha256, bytes: scan.content.length } }, trx);
    return doc;
  }

  private async moveIn(trx: Db, current: LegalCase, to: CaseState, reason: string, actor: string): Promise<void> {
    if (current.state === to) return;
    const now = this.ctx.clock.now();
    const closing = isClosed(to);
    await this.store.setState(trx, current.id, to, closing ? now : null, now);
    if (closing) await this.store.closeDeadlines(trx, current.id, ['respond'], now);
    await this.audit.append({ caseId: current.id, type: 'case.state', actor, payload: { from: current.state, to, reason } }, trx);
    current.state = to;
  }

  private async recordRemovals(trx: Db, caseId: string, demand: Demand, removal: NonNullable<CaseDecision['removal']>,
    resolved: Awaited<ReturnType<typeof resolveItems>>, now: Date, actor: string): Promise<void> {
    const items = resolved.length ? resolved : (demand.removal?.items ?? []).map((item) => ({ item, statusId: null }));
    for (const r of items) {
      await trx.insertInto('legal_removals').values({
        case_id: caseId, status_id: r.statusId, item: r.item.slice(0, 2000), outcome: removal.outcome, countries: removal.countries, decided_at: now,
      }).execute();
    }
    await this.audit.append({ caseId, type: 'removal.decided', actor, payload: { outcome: removal.outcome, countries: removal.countries, items: items.map((r) => ({ item: r.item, found: r.statusId !== null })) } }, trx);
  }
}

function parseIntake(input: { text?: string; filename?: string; input?: unknown }) {
  if (input.input !== undefined) return { parsed: parseDemand(input.input), document: input.input };
  const text = input.text ?? '';
  const parsed = parseDemandText(text, input.filename);
  let document: unknown = { raw: text };
  if (parsed.ok) document = parsed.demand;
  return { parsed, document: parsed.ok ? JSON.parse(JSON.stringify(document)) : document };
}

/** Where to find a reference in a demand that did not validate: the parsed object, or the text if it parses at all. */
function referenceSource(document: unknown, text: string | undefined): Record<string, unknown> {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(document) && !('raw' in document)) return document;
  try {
    const value: unknown = YAML.parse(text ?? '');
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

function checkScan(scan: ScannedDocument): ScannedDocument & { sha256: string } {
  if (!(SCAN_TYPES as readonly string[]).includes(scan.mediaType)) fail('UNSUPPORTED_MEDIA', `The document must be one of: ${SCAN_TYPES.join(', ')}`);
  if (scan.content.length === 0) fail('VALIDATION', 'Validation failed: the document is empty');
  if (scan.content.length > SCAN_MAX_BYTES) fail('PAYLOAD_TOO_LARGE', `The document is larger than ${SCAN_MAX_BYTES / 1024 / 1024} MB`);
  const filename = scan.filename.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'document';
  return { ...scan, filename, sha256: crypto.createHash('sha256').update(scan.content).digest('hex') };
}

function uniqueHandles(demand: Demand): string[] {
  return [...new Set(demand.targets.map((t) => targetHandle(t.account)).filter(Boolean))];
}

function removalOf(input: DecisionInput, problems: string[]): NonNullable<CaseDecision['removal']> {
  const producing = input.recommendation === 'comply' || input.recommendation === 'narrow';
  if (!producing) return { outcome: 'reject', countries: [] };
  const outcome = input.removal?.outcome;
  if (outcome !== 'remove' && outcome !== 'withhold_in_country') {
    problems.push('removal.outcome: a removal demand that is complied with ends in "remove" or "withhold_in_country"');
    return { outcome: 'reject', countries: [] };
  }
  const countries = [...new Set(input.removal?.countries ?? [])];
  if (outcome === 'withhold_in_country' && (countries.length === 0 || countries.some((c) => !/^[A-Z]{2}$/.test(c)))) {
    problems.push('removal.countries: name the countries (ISO 3166-1 alpha-2) where the posts are withheld');
  }
  return { outcome, countries: outcome === 'remove' ? [] : countries };
}

function nextState(demand: Demand, decision: CaseDecision): CaseState {
  switch (decision.recommendation) {
    case 'challenge': return 'challenged';
    case 'clarify': return 'awaiting_clarification';
    case 'reject': return demand.kind === 'removal' ? 'removal_rejected' : 'rejected';
    case 'comply':
    case 'narrow':
      if (demand.kind === 'removal') return decision.removal?.outcome === 'withhold_in_country' ? 'withheld_in_country' : 'removed';
      if (demand.kind === 'preservation') return 'preserving';
      return 'approved';
  }
}

function describeOverride(from: Recommendation, to: Recommendation, beyond: boolean, notice: boolean): string {
  const parts = [];
  if (from !== to) parts.push(`${from} → ${to}`);
  if (beyond) parts.push('producing categories the assessment withholds');
  if (notice) parts.push('a different notice decision');
  return parts.join(', ');
}

function dedupe<T extends { id: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.id) ? false : (seen.add(x.id), true)));
}

/**
 * A date range narrows what is produced to records dated within it (UTC days, both ends included). Producing
 * less is never an override; an empty range is no range.
 */
function dateRangeOf(range: DecisionInput['dateRange'], problems: string[]): { from: string | null; to: string | null } | null {
  if (!range) return null;
  const day = (v: string | null, name: string) => {
    if (v === null || v.trim() === '') return null;
    const d = v.trim().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
      problems.push(`date_range.${name}: must be a date (YYYY-MM-DD)`);
      return null;
    }
    return d;
  };
  const from = day(range.from, 'from');
  const to = day(range.to, 'to');
  if (from && to && from > to) problems.push('date_range: the start is after the end');
  return from || to ? { from, to } : null;
}
