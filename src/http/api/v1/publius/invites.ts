import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';

const body = z.object({ days: z.coerce.number().int().min(1).max(90).default(7) });

/**
 * POST /api/v1/publius/invites — a single-use invite code valid for `days` (default 7). Admins always; other
 * accounts only when the operator set USER_INVITES.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/invites', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const b = parse(body, request.body);
    return { code: await ctx.accounts.createInvite(me, b.days), valid_days: b.days };
  });
});
