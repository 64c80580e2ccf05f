import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';

/** GET /api/v1/lists — lists are not implemented; the list of lists is empty. */
export default defineRoute((app) => {
  app.get('/api/v1/lists', async (request) => {
    requireAccount(request, 'read:lists');
    return [];
  });
});
