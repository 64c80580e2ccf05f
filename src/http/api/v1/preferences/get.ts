import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';

/** GET /api/v1/preferences — https://docs.joinmastodon.org/methods/preferences/ — fixed defaults. */
export default defineRoute((app) => {
  app.get('/api/v1/preferences', async (request) => {
    requireAccount(request, 'read:accounts');
    return {
      'posting:default:visibility': 'public', 'posting:default:sensitive': false, 'posting:default:language': null,
      'reading:expand:media': 'default', 'reading:expand:spoilers': false,
    };
  });
});
