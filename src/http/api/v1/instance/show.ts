import { defineRoute } from '../../../route.js';
import { instanceRules, instanceUsage } from '../../../../instance/instance.views.js';
import { toV1InstanceEntity } from '../../entities/instance.js';

/** GET /api/v1/instance (deprecated by Mastodon, still read by older clients) — https://docs.joinmastodon.org/methods/instance/#v1 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/instance', async () => {
    const [usage, rules] = await Promise.all([instanceUsage(ctx.db, ctx.clock), instanceRules(ctx.db)]);
    return toV1InstanceEntity(ctx.config, usage, rules);
  });
});
