import { defineRoute } from '../../../route.js';

/** GET /api/v1/instance/peers — Publius does not federate, so it knows no other servers. */
export default defineRoute((app) => {
  app.get('/api/v1/instance/peers', async () => []);
});
