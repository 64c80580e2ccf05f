import { defineRoute } from '../../../route.js';

/** GET /api/v1/trends/tags — no trends are computed; clients get an empty list rather than a 404. */
export default defineRoute((app) => {
  app.get('/api/v1/trends/tags', async () => []);
});
