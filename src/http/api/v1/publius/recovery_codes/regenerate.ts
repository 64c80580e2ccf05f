import { z } from 'zod';
import { defineRoute } from '../../../../route.js';
import { requireAccount } from '../../../../plugins/auth.js';
import { parse } from '../../../../validate.js';

const body = z.object({ passphrase: z.string().min(1).max(1024) });

/** POST /api/v1/publius/recovery_codes — ten new one-time recovery codes, shown this once; the old ones stop working. */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/recovery_codes', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const b = parse(body, request.body);
    return { recovery_codes: await ctx.accounts.regenerateRecoveryCodes(me.id, b.passphrase) };
  });
});
