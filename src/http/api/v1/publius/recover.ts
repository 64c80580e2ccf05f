import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { parse } from '../../../validate.js';
import { enforceRateLimit } from '../../../plugins/rate-limits.js';

const body = z.object({
  handle: z.string().min(1).max(100),
  recovery_code: z.string().min(1).max(100),
  new_passphrase: z.string().min(1).max(1024),
});

/**
 * POST /api/v1/publius/recover — recovery without email: handle, one unused recovery code and a new passphrase.
 * The code is spent, the passphrase replaced and every session signed out. Shares the `login` rate limit, so
 * guessing codes costs as much as guessing passphrases; a wrong handle and a wrong code look the same.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/recover', async (request) => {
    const b = parse(body, request.body);
    await enforceRateLimit(ctx, request, 'login');
    await ctx.accounts.recover(b.handle, b.recovery_code, b.new_passphrase);
    return {};
  });
});
