import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';

/** GET /api/v1/announcements — https://docs.joinmastodon.org/methods/announcements/ — none yet. */
export default defineRoute((app) => {
  app.get('/api/v1/announcements', async (request) => {
    requireAccount(request);
    return [];
  });
});
