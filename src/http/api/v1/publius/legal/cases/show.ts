import { defineRoute } from '../../../../../route.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { toCaseDetail } from '../_legal-entities.js';

/** GET /api/v1/publius/legal/cases/:id — the case with its assessment, decision, deadlines, notices and documents. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/legal/cases/:id', async (request) => {
    requireDesk(request, 'read');
    return toCaseDetail(ctx, await ctx.desk.get(pathId(request)));
  });
});
