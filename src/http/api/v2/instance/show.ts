import { defineRoute } from '../../../route.js';
import { instanceRules, instanceUsage } from '../../../../instance/instance.views.js';
import { toInstanceEntity } from '../../entities/instance.js';

/** GET /api/v2/instance — https://docs.joinmastodon.org/methods/instance/#v2 */
export default defineRoute((app, ctx) => {
  app.get('/api/v2/instance', async () => {
    const [usage, rules] = await Promise.all([instanceUsage(ctx.db, ctx.clock), instanceRules(ctx.db)]);
    return toInstanceEntity(ctx.config, usage, rules);
  });
});
