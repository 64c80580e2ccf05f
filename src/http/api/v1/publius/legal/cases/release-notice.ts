import { z } from 'zod';
import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { toCaseDetail } from '../_legal-entities.js';
import { parseInstant } from '../../../../../../legal/instant.js';

const body = z.object({
  account: z.string().trim().min(1).max(100).transform((h) => h.replace(/^@/, '')),
  // Absent or null: deliver now. A date: deliver that day (the day the court's order ends).
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO 8601 date').refine((v) => !Number.isNaN(Date.parse(v)), 'must be a real date').nullable().optional(),
  reason: z.string().max(10_000),
});

/**
 * POST /api/v1/publius/legal/cases/:id/notices/release — lifts a withheld notice to an account holder
 * (the order was vacated, or now has an end date), with the written reason the log keeps.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/cases/:id/notices/release', async (request) => {
    const me = requireDesk(request, 'write');
    const id = pathId(request);
    const b = parse(body, request.body);
    await ctx.desk.get(id);
    const when = b.date ? parseInstant(b.date) : null;
    await ctx.desk.notices.release(id, b.account, when, b.reason, me.handle);
    return toCaseDetail(ctx, await ctx.desk.get(id));
  });
});
