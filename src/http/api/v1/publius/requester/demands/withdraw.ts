import { z } from 'zod';
import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import { requireRequester, requesterActor, takePortalToken } from '../../legal/_legal-auth.js';
import { toRequesterCase } from '../../legal/_legal-entities.js';
import { ownCase } from './_own-case.js';

const body = z.object({ reason: z.string().max(10_000) });

/** POST /api/v1/publius/requester/demands/:id/withdraw — the agency withdraws its demand, saying why (409 once closed). */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/requester/demands/:id/withdraw', { onRequest: takePortalToken }, async (request) => {
    const requester = await requireRequester(ctx, request);
    const c = await ownCase(ctx, request, requester);
    const b = parse(body, request.body);
    return toRequesterCase(await ctx.desk.transition(c.id, 'withdrawn', b.reason, requesterActor(requester)));
  });
});
