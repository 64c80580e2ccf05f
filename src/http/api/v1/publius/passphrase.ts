import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';

const body = z.object({ current: z.string().min(1).max(1024), new: z.string().min(1).max(1024) });

/**
 * POST /api/v1/publius/passphrase — changes the passphrase, given the current one. Every other session is
 * signed out; the one making the change stays.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/passphrase', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const b = parse(body, request.body);
    await ctx.accounts.changePassphrase(me.id, b.current, b.new, request.auth?.token.id);
    return {};
  });
});
