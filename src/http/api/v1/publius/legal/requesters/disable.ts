import { defineRoute } from '../../../../../route.js';
import { fail } from '../../../../../../errors.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { toRequesterEntity } from '../_legal-entities.js';

/**
 * POST /api/v1/publius/legal/requesters/:id/disable — cuts an agency account off at once. Open to the whole
 * desk, not only the admin: whoever notices a leaked or misused agency token should be able to stop it.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/requesters/:id/disable', async (request) => {
    const me = requireDesk(request, 'write');
    const id = pathId(request);
    await ctx.desk.requesters.disable(id, me.handle);
    const r = (await ctx.desk.requesters.list()).find((x) => x.id === id);
    if (!r) fail('NOT_FOUND');
    return toRequesterEntity(r);
  });
});
