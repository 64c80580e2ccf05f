import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';

/** GET /api/v1/filters — filters are not implemented; the list is empty. */
export default defineRoute((app) => {
  app.get('/api/v1/filters', async (request) => {
    requireAccount(request, 'read:filters');
    return [];
  });
});
