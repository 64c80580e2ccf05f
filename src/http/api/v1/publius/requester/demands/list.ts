import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import { requireRequester, takePortalToken } from '../../legal/_legal-auth.js';
import { casePage, setNextLink } from '../../legal/_paging.js';
import { toRequesterCase } from '../../legal/_legal-entities.js';

/** GET /api/v1/publius/requester/demands — the agency's own demands, newest first, paged with `max_id`. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/requester/demands', { onRequest: takePortalToken }, async (request, reply) => {
    const requester = await requireRequester(ctx, request);
    const q = parse(casePage, request.query);
    const cases = await ctx.desk.list({ requesterId: requester.id, limit: q.limit, beforeId: q.max_id });
    setNextLink(request, reply, ctx.config.publicUrl, cases.map((c) => c.id), q.limit);
    return cases.map(toRequesterCase);
  });
});
