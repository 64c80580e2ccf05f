import { defineRoute } from '../../../route.js';

/** GET /api/v1/streaming/health — https://docs.joinmastodon.org/methods/streaming/#health */
export default defineRoute((app) => {
  app.get('/api/v1/streaming/health', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('OK'));
});
