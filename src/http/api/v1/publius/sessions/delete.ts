import { defineRoute } from '../../../../route.js';
import { requireAccount } from '../../../../plugins/auth.js';
import { isRowId } from '../../../../ids.js';
import { fail } from '../../../../../errors.js';

/** DELETE /api/v1/publius/sessions/:id — signs one of the caller's own sessions out; another account's is a 404. */
export default defineRoute((app, ctx) => {
  app.delete('/api/v1/publius/sessions/:id', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const { id } = request.params as { id: string };
    if (!isRowId(id)) fail('NOT_FOUND');
    await ctx.sessions.revokeById(me.id, id);
    return {};
  });
});
