import { defineRoute } from '../../../route.js';

/** GET /api/v1/custom_emojis — https://docs.joinmastodon.org/methods/custom_emojis/ — none yet. */
export default defineRoute((app) => {
  app.get('/api/v1/custom_emojis', async () => []);
});
