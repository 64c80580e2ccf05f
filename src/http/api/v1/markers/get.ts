import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';

/** GET /api/v1/markers — read positions are not stored; no markers. */
export default defineRoute((app) => {
  app.get('/api/v1/markers', async (request) => {
    requireAccount(request, 'read:statuses');
    return {};
  });
});
