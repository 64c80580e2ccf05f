import { z } from 'zod';
import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import type { LegalCategory, NoticeDecision } from '../../../../../../legal/index.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { toCaseDetail } from '../_legal-entities.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO 8601 date').refine((v) => !Number.isNaN(Date.parse(v)), 'must be a real date');

const body = z.object({
  recommendation: z.enum(['comply', 'narrow', 'challenge', 'reject', 'clarify']),
  reason: z.string().max(10_000).default(''),
  // Category names are checked by the desk (requested, held), which names each bad one in its answer.
  produce: z.array(z.string().max(100)).max(100).optional(),
  date_range: z.object({ from: isoDate.nullable().default(null), to: isoDate.nullable().default(null) }).nullable().optional(),
  notice: z.object({
    action: z.enum(['notify_now', 'notify_after', 'withhold']),
    date: isoDate.nullable().optional(),
    reason: z.string().max(5000).optional(),
  }).optional(),
  removal: z.object({
    outcome: z.enum(['remove', 'withhold_in_country', 'reject']),
    countries: z.array(z.string().max(2)).max(300).optional(),
  }).nullable().optional(),
});

/** The notice part of the body as the desk's type; its reason defaults to the decision's own. */
function noticeOf(n: z.infer<typeof body>['notice'], reason: string): NoticeDecision | undefined {
  if (!n) return undefined;
  const why = n.reason?.trim() || reason;
  if (n.action === 'notify_after') {
    // The desk refuses a notify_after without a date, naming the field; pass the gap through for it to say so.
    return { action: 'notify_after', date: n.date ?? '', reason: why };
  }
  return { action: n.action, date: null, reason: why };
}

/**
 * POST /api/v1/publius/legal/cases/:id/decision — the lawyer confirms the automated recommendation or
 * overrides it. An override (another recommendation, more categories, another notice decision) without a
 * written reason is a 422 listing the problem in `details.problems`.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/cases/:id/decision', async (request) => {
    const me = requireDesk(request, 'write');
    const id = pathId(request);
    const b = parse(body, request.body);
    const decided = await ctx.desk.decide(id, {
      recommendation: b.recommendation,
      reason: b.reason,
      produce: b.produce as LegalCategory[] | undefined,
      dateRange: b.date_range,
      notice: noticeOf(b.notice, b.reason),
      removal: b.removal,
      actor: me.handle,
    });
    return toCaseDetail(ctx, decided);
  });
});
