import type { Context } from '../../../../../context.js';
import type { LegalCase } from '../../../../../legal/desk/case.types.js';
import { isClosed, manualMoves } from '../../../../../legal/desk/case-states.js';
import type { Requester } from '../../../../../legal/desk/requesters.js';
import type { LegalNoticeView } from '../../../../../legal/desk/notices.js';
import type { ChainEntry } from '../../../../../legal/ledger/hash-chain.js';

/**
 * Every JSON shape of the legal desk's API in one place, so what each audience sees is decided here: the desk
 * sees the whole case, an agency only where its own demand stands, an account holder only its notice.
 * Dates are ISO 8601 strings and ids are strings, as in the Mastodon API.
 */

const iso = (d: Date | string | null | undefined): string | null => (d === null || d === undefined ? null : new Date(d).toISOString());

/** A case as the desk sees it in a list. */
export function toCaseEntity(c: LegalCase) {
  return {
    id: c.id,
    reference: c.reference,
    kind: c.kind,
    process: c.process,
    state: c.state,
    open: !isClosed(c.state),
    valid: c.valid,
    problems: c.problems,
    country: c.country,
    targets: c.targets,
    requester_id: c.requesterId,
    received_at: c.receivedAt,
    respond_by: c.respondBy,
    closed_at: c.closedAt,
    document_sha256: c.documentSha256,
    recommendation: c.assessment?.recommendation ?? null,
    decision: c.decision ? { action: c.decision.action, recommendation: c.decision.recommendation, by: c.decision.by, at: c.decision.at } : null,
  };
}

type DocumentRow = { id: string; filename: string; media_type: string; size_bytes: number; sha256: string; uploaded_at: Date };

export function toDocumentEntity(d: DocumentRow) {
  return { id: String(d.id), filename: d.filename, media_type: d.media_type, size: Number(d.size_bytes), sha256: d.sha256, uploaded_at: iso(d.uploaded_at) };
}

/**
 * A case with everything the desk needs to work it: the demand as received, the automated assessment, the
 * lawyer's decision, deadlines, notices to account holders, attached documents (metadata only; the bytes are
 * downloaded one by one) and the moves a desk member may make by hand from here.
 */
export async function toCaseDetail(ctx: Context, c: LegalCase) {
  const [deadlines, notices, documents] = await Promise.all([
    ctx.desk.deadlines(c.id), ctx.desk.notices.forCase(c.id), ctx.desk.documents(c.id),
  ]);
  return {
    ...toCaseEntity(c),
    document: c.document,
    assessment: c.assessment,
    decision: c.decision,
    allowed_transitions: manualMoves(c.state),
    deadlines: deadlines.map((d) => ({ kind: d.kind, due_at: iso(d.due_at), reminded_at: iso(d.reminded_at), done_at: iso(d.done_at) })),
    notices,
    documents: documents.map(toDocumentEntity),
  };
}

/**
 * A case as its requesting agency sees it: where it stands and what is wrong with what it sent. Never the
 * assessment, its findings, the decision or its reason — the desk's legal analysis is not the other side's.
 */
export function toRequesterCase(c: LegalCase) {
  return { id: c.id, reference: c.reference, state: c.state, received_at: c.receivedAt, respond_by: c.respondBy, problems: c.problems };
}

/** An agency account; its token is never part of it (it is shown once, when issued). */
export function toRequesterEntity(r: Requester) {
  return { id: r.id, name: r.name, authority: r.authority, country: r.country, created_at: r.createdAt, disabled: r.disabled };
}

export function toEventEntity(e: ChainEntry) {
  return { seq: e.seq, case_id: e.caseId, type: e.type, actor: e.actor, at: e.at, payload: e.payload, prev_hash: e.prevHash, hash: e.hash };
}

type UpcomingRow = { case_id: string; kind: string; due_at: Date; reminded_at: Date | null; reference: string; state: string };

export function toUpcomingEntity(d: UpcomingRow, now: Date) {
  const due = new Date(d.due_at);
  return { case_id: String(d.case_id), reference: d.reference, state: d.state, kind: d.kind, due_at: iso(due), reminded: d.reminded_at !== null, overdue: due < now };
}

/** A legal notice as its account holder reads it. */
export function toNoticeEntity(n: LegalNoticeView) {
  return { id: n.id, case_id: n.case_id, delivered_at: n.delivered_at, read: n.read, notice: n.notice };
}
