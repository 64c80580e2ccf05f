import { defineRoute } from '../../../../route.js';
import { requireAccount } from '../../../../plugins/auth.js';

/** GET /api/v1/publius/recovery_codes — how many unused recovery codes are left (the codes themselves are never shown again). */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/recovery_codes', async (request) => {
    const me = requireAccount(request, 'read:accounts');
    return { remaining: await ctx.accounts.remainingRecoveryCodes(me.id) };
  });
});
