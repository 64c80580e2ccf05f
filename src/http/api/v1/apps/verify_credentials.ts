import { defineRoute } from '../../../route.js';
import { fail } from '../../../../errors.js';
import { toApplicationEntity } from '../../entities/application.js';

/** GET /api/v1/apps/verify_credentials — the application behind any token, app or user — https://docs.joinmastodon.org/methods/apps/#verify_credentials */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/apps/verify_credentials', async (request) => {
    const appId = request.auth?.token.app_id;
    const found = appId ? await ctx.oauth.appById(appId) : undefined;
    if (!found) fail('UNAUTHORIZED');
    return toApplicationEntity(found);
  });
});
