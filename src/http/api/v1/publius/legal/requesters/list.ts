import { defineRoute } from '../../../../../route.js';
import { requireDesk } from '../_legal-auth.js';
import { toRequesterEntity } from '../_legal-entities.js';

/** GET /api/v1/publius/legal/requesters — every agency account, disabled ones included (the desk's record of who could file). */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/legal/requesters', async (request) => {
    requireDesk(request, 'read');
    return (await ctx.desk.requesters.list()).map(toRequesterEntity);
  });
});
