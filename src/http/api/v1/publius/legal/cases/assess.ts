import { z } from 'zod';
import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { toCaseDetail } from '../_legal-entities.js';

const body = z.object({
  // Rules that depend on the date (a sunset, a treaty in force) can be evaluated as of another day.
  as_of: z.string().refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date').optional(),
});

/** POST /api/v1/publius/legal/cases/:id/assess — runs the automated assessment again (optional `as_of`). */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/cases/:id/assess', async (request) => {
    const me = requireDesk(request, 'write');
    const id = pathId(request);
    const b = parse(body, request.body);
    const assessed = await ctx.desk.assess(id, { actor: me.handle, asOf: b.as_of ? new Date(b.as_of) : undefined });
    return toCaseDetail(ctx, assessed);
  });
});
