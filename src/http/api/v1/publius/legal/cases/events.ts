import { defineRoute } from '../../../../../route.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { toEventEntity } from '../_legal-entities.js';

/** GET /api/v1/publius/legal/cases/:id/events — the case's audit log entries, oldest first, with their hashes. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/legal/cases/:id/events', async (request) => {
    requireDesk(request, 'read');
    const id = pathId(request);
    await ctx.desk.get(id); // an unknown case is a 404, not an empty log
    return (await ctx.desk.events(id)).map(toEventEntity);
  });
});
