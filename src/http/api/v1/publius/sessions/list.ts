import { defineRoute } from '../../../../route.js';
import { requireAccount } from '../../../../plugins/auth.js';

/**
 * GET /api/v1/publius/sessions — the caller's live sessions (web logins and app tokens). Dates only: Publius
 * never knows when in a day, or from where, a session was used.
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/sessions', async (request) => {
    const me = requireAccount(request, 'read:accounts');
    const rows = await ctx.sessions.list(me.id);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      app_name: r.app_name,
      scopes: r.scopes.split(' ').filter(Boolean),
      created_on: r.created_on,
      last_used_on: r.last_used_on,
      expires_on: r.expires_on,
      current: r.id === request.auth?.token.id,
    }));
  });
});
