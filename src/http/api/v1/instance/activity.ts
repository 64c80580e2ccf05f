import { defineRoute } from '../../../route.js';

/**
 * GET /api/v1/instance/activity — empty: weekly logins and registrations would say when people were here, and
 * Publius records no such times.
 */
export default defineRoute((app) => {
  app.get('/api/v1/instance/activity', async () => []);
});
