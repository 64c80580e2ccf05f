import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { LegalCategory, NoticeDecision, Recommendation } from '../../../legal/index.js';
import { isCaseState } from '../../../legal/desk/case-states.js';
import type { LegalCase } from '../../../legal/desk/case.types.js';
import type { PubliusError } from '../../../errors.js';
import { sendCasePage, type DecisionDraft } from './_case-page.js';
import { loadCase } from './case.js';
import { attempt, DESK_ROLES, field, fields, postGuard, rowParam, upload } from './_pages.js';

const RECOMMENDATIONS = new Set(['comply', 'narrow', 'challenge', 'reject', 'clarify']);
const NOTICES = new Set(['notify_now', 'notify_after', 'withhold']);
const REMOVALS = new Set(['remove', 'withhold_in_country', 'reject']);

/** A refused act: the case page again, with the reason at the top and the form as it was sent. */
async function refused(ctx: Context, request: FastifyRequest, reply: FastifyReply, c: LegalCase, err: PubliusError, draft?: DecisionDraft) {
  const fresh = await ctx.desk.get(c.id);
  return sendCasePage(ctx, request, reply, fresh, { error: err.message, status: err.status, draft });
}

/**
 * The notice part of the decision. Keeping the assessment's notice (same action, same date) sends nothing, so
 * the assessment's own notice — with its reason — is applied; another choice carries the decision's reason.
 */
function noticeOf(c: LegalCase, draft: DecisionDraft): NoticeDecision | undefined {
  const a = c.assessment!.notice;
  const date = draft.noticeDate.trim();
  if (draft.notice === a.action && (a.action !== 'notify_after' || (a.date ?? '').slice(0, 10) === date.slice(0, 10))) return undefined;
  if (draft.notice === 'notify_after') return { action: 'notify_after', date, reason: draft.reason.trim() };
  return { action: draft.notice as 'notify_now' | 'withhold', date: null, reason: draft.reason.trim() };
}

/**
 * The desk's forms on a case: decision, move, comment, attach, notice release, hold renew/release. Each checks
 * role and CSRF, acts through the desk service (which writes the audit log), then redirects back (303) so a
 * reload does not repeat the act; a refusal shows the case page with the service's reason.
 */
export default defineRoute((app, ctx) => {
  /** Role, CSRF, then the case; null when a page has already been sent. */
  const prepare = async (request: FastifyRequest, reply: FastifyReply) => {
    const viewer = await postGuard(ctx, request, reply, DESK_ROLES);
    if (!viewer) return null;
    const c = await loadCase(ctx, request, reply);
    return c ? { viewer, c } : null;
  };
  const back = (reply: FastifyReply, c: LegalCase, done: string) => reply.redirect(`/legal/cases/${c.id}?done=${done}`, 303);

  app.post('/legal/cases/:id/decision', async (request, reply) => {
    const p = await prepare(request, reply);
    if (!p) return reply;
    const { viewer, c } = p;
    const b = request.body;
    const draft: DecisionDraft = {
      recommendation: field(b, 'recommendation'), produce: fields(b, 'produce'), notice: field(b, 'notice'),
      noticeDate: field(b, 'notice_date'), reason: field(b, 'reason'), removal: field(b, 'removal'), countries: field(b, 'countries'),
      dateFrom: field(b, 'date_from'), dateTo: field(b, 'date_to'),
    };
    if (!RECOMMENDATIONS.has(draft.recommendation) || !NOTICES.has(draft.notice) || (draft.removal && !REMOVALS.has(draft.removal))) {
      return sendCasePage(ctx, request, reply, c, { error: 'Choose a recommendation and a notice from the lists', status: 422, draft });
    }
    if (!c.assessment) return sendCasePage(ctx, request, reply, c, { error: 'The case has no assessment yet', status: 409 });
    const done = await attempt(() => ctx.desk.decide(c.id, {
      recommendation: draft.recommendation as Recommendation,
      reason: draft.reason,
      produce: draft.produce as LegalCategory[],
      notice: noticeOf(c, draft),
      dateRange: { from: draft.dateFrom || null, to: draft.dateTo || null },
      removal: c.kind === 'removal' && draft.removal
        ? { outcome: draft.removal as 'remove' | 'withhold_in_country' | 'reject', countries: draft.countries.split(/[\s,]+/).filter(Boolean).map((x) => x.toUpperCase()) }
        : null,
      actor: viewer.handle,
    }));
    if (!done.ok) return refused(ctx, request, reply, c, done.error, draft);
    return back(reply, c, 'decided');
  });

  app.post('/legal/cases/:id/transition', async (request, reply) => {
    const p = await prepare(request, reply);
    if (!p) return reply;
    const to = field(request.body, 'to');
    if (!isCaseState(to)) return sendCasePage(ctx, request, reply, p.c, { error: 'Choose the new state from the list', status: 422 });
    const done = await attempt(() => ctx.desk.transition(p.c.id, to, field(request.body, 'reason'), p.viewer.handle));
    if (!done.ok) return refused(ctx, request, reply, p.c, done.error);
    return back(reply, p.c, 'moved');
  });

  app.post('/legal/cases/:id/comments', async (request, reply) => {
    const p = await prepare(request, reply);
    if (!p) return reply;
    const done = await attempt(() => ctx.desk.comment(p.c.id, field(request.body, 'text'), p.viewer.handle));
    if (!done.ok) return refused(ctx, request, reply, p.c, done.error);
    return back(reply, p.c, 'commented');
  });

  app.post('/legal/cases/:id/documents', async (request, reply) => {
    const p = await prepare(request, reply);
    if (!p) return reply;
    const file = upload(request.body, 'document');
    if (!file) return sendCasePage(ctx, request, reply, p.c, { error: 'Choose a file to attach', status: 422 });
    const done = await attempt(() => ctx.desk.attach(p.c.id, { filename: file.filename, mediaType: file.mimetype, content: file.data }, p.viewer.handle));
    if (!done.ok) return refused(ctx, request, reply, p.c, done.error);
    return back(reply, p.c, 'attached');
  });

  app.post('/legal/cases/:id/notices/release', async (request, reply) => {
    const p = await prepare(request, reply);
    if (!p) return reply;
    const whenText = field(request.body, 'when').trim();
    const at = whenText ? new Date(`${whenText.slice(0, 10)}T00:00:00Z`) : null;
    if (at && Number.isNaN(at.getTime())) return sendCasePage(ctx, request, reply, p.c, { error: 'The delivery date is not a date', status: 422 });
    const done = await attempt(() => ctx.desk.notices.release(p.c.id, field(request.body, 'account'), at, field(request.body, 'reason'), p.viewer.handle));
    if (!done.ok) return refused(ctx, request, reply, p.c, done.error);
    return back(reply, p.c, 'released');
  });

  for (const act of ['renew', 'release'] as const) {
    app.post(`/legal/cases/:id/holds/:hold/${act}`, async (request, reply) => {
      const p = await prepare(request, reply);
      if (!p) return reply;
      const holdId = rowParam(request, 'hold');
      // A hold is acted on only through its own case, so a form cannot reach another case's hold.
      const hold = holdId ? await attempt(() => ctx.holds.get(holdId)) : null;
      if (!hold || !hold.ok || hold.value.caseId !== p.c.id) {
        return sendCasePage(ctx, request, reply, p.c, { error: 'This case has no such preservation hold', status: 404 });
      }
      const done = await attempt(() => (act === 'renew' ? ctx.holds.renew(hold.value.id, p.viewer.handle) : ctx.holds.release(hold.value.id, p.viewer.handle)));
      if (!done.ok) return refused(ctx, request, reply, p.c, done.error);
      return back(reply, p.c, act === 'renew' ? 'renewed' : 'hold_released');
    });
  }
});
