import { defineRoute } from '../../route.js';
import { instanceUsage } from '../../../instance/instance.views.js';
import { toNodeInfo } from '../../api/entities/instance.js';

const NODEINFO_2_0 = 'http://nodeinfo.diaspora.software/ns/schema/2.0';

/** GET /.well-known/nodeinfo and /nodeinfo/2.0 — what software this is and public totals (counts only). */
export default defineRoute((app, ctx) => {
  app.get('/.well-known/nodeinfo', async () => ({ links: [{ rel: NODEINFO_2_0, href: `${ctx.config.publicUrl}/nodeinfo/2.0` }] }));

  app.get('/nodeinfo/2.0', async (_request, reply) => {
    const usage = await instanceUsage(ctx.db, ctx.clock);
    return reply.type(`application/json; profile="${NODEINFO_2_0}#"; charset=utf-8`).send(toNodeInfo(ctx.config, usage));
  });
});
