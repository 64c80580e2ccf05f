import { defineRoute } from '../../../route.js';
import { Canary } from '../../../../legal/canary/canary.js';

/**
 * GET /api/v1/publius/canary — the warrant canary as JSON: its state (`current`, `expired` once its renewal date
 * passes, `none`), the signed statement, the signature and the instance key, so anyone can check it offline.
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/canary', async (_request, reply) => {
    const status = await new Canary(ctx.db, ctx.clock, ctx.config.instanceName).status();
    reply.header('Cache-Control', 'public, max-age=300');
    return status;
  });
});
