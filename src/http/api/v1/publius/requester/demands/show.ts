import { defineRoute } from '../../../../../route.js';
import { requireRequester, takePortalToken } from '../../legal/_legal-auth.js';
import { toRequesterCase } from '../../legal/_legal-entities.js';
import { ownCase } from './_own-case.js';

/** GET /api/v1/publius/requester/demands/:id — where one of the agency's own demands stands. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/requester/demands/:id', { onRequest: takePortalToken }, async (request) => {
    const requester = await requireRequester(ctx, request);
    return toRequesterCase(await ownCase(ctx, request, requester));
  });
});
