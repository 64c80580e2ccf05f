import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { parse } from '../../../validate.js';
import { enforceRateLimit } from '../../../plugins/rate-limits.js';
import { fail } from '../../../../errors.js';
import { tokenEntity } from '../../../../oauth/oauth.service.js';

/**
 * POST /api/v1/accounts — registration. No email: a client that sends one (masto.js requires the field) has it
 * ignored and never stored. The ten recovery codes come back in an extra `recovery_codes` field, the only time
 * they are ever shown.
 */
const body = z.object({
  username: z.string().max(100),
  password: z.string().max(1024),
  agreement: z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).optional(),
  locale: z.string().max(20).optional(),
  reason: z.string().max(1000).optional(),
  invite_code: z.string().max(100).optional(),
});

export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts', async (request) => {
    const auth = request.auth;
    if (!auth || auth.account || !auth.token.app_id) fail('UNAUTHORIZED', 'Registration needs an app token (client_credentials)');
    const b = parse(body, request.body);
    if (b.agreement === false || b.agreement === 'false' || b.agreement === '0') fail('VALIDATION', 'Validation failed: Agreement must be accepted');
    await enforceRateLimit(ctx, request, 'signup');
    const { account, recoveryCodes } = await ctx.accounts.signUp({ handle: b.username, passphrase: b.password, inviteCode: b.invite_code ?? null });
    const issued = await ctx.sessions.issue({ kind: 'oauth', accountId: account.id, appId: auth.token.app_id, scopes: auth.scopes, ttlDays: ctx.config.tokenTtlDays, withRefresh: true });
    return { ...tokenEntity(issued, ctx.clock.now()), recovery_codes: recoveryCodes };
  });
});
