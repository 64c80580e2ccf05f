import { defineRoute } from '../../../../route.js';
import { requireDesk } from './_legal-auth.js';

/**
 * GET /api/v1/publius/legal/audit/verify — recomputes the whole audit chain from the stored rows:
 * {ok: true, entries, head} or {ok: false, entries, first_bad_seq, reason}. 200 either way: a broken chain
 * is the answer to the question, not a failure of the request.
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/legal/audit/verify', async (request) => {
    requireDesk(request, 'read');
    const v = await ctx.desk.audit.verify();
    return v.ok ? { ok: true, entries: v.entries, head: v.head } : { ok: false, entries: v.entries, first_bad_seq: v.firstBadSeq, reason: v.reason };
  });
});
