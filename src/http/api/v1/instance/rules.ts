import { defineRoute } from '../../../route.js';
import { instanceRules } from '../../../../instance/instance.views.js';

/** GET /api/v1/instance/rules — https://docs.joinmastodon.org/methods/instance/#rules */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/instance/rules', async () => instanceRules(ctx.db));
});
