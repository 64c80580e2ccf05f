import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { parse } from '../../../validate.js';
import { enforceRateLimit } from '../../../plugins/rate-limits.js';
import { fail } from '../../../../errors.js';
import { scopeCovers } from '../../../../sessions/scopes.js';
import { toTokenEntity } from '../../entities/token.js';

const accepted = z.union([z.boolean(), z.enum(['true', '1', 'on', 'false', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'on');

/**
 * Only these fields are read. `email` (masto.js and most apps send one) is not among them, so it is dropped here
 * and never reaches a service, a log or the database. `locale` and `reason` are accepted and ignored: there is
 * no approval queue to read a reason, and the interface is not localised yet.
 */
const body = z.object({
  username: z.string().max(100),
  password: z.string().max(1024),
  agreement: accepted.optional(),
  locale: z.string().max(20).optional(),
  reason: z.string().max(1000).optional(),
  invite_code: z.string().max(100).optional(),
});

/**
 * POST /api/v1/accounts — registration with an app token (client_credentials), as in Mastodon. Answers a Token
 * entity for the new account plus a Publius field, `recovery_codes`: the ten one-time codes that replace email
 * recovery. This is the only time they are shown. https://docs.joinmastodon.org/methods/accounts/#create
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts', async (request) => {
    const auth = request.auth;
    if (!auth || auth.account || !auth.token.app_id) fail('UNAUTHORIZED', 'Registration needs an app token (client_credentials grant)');
    if (!scopeCovers(auth.scopes, 'write:accounts')) fail('INSUFFICIENT_SCOPE');
    const b = parse(body, request.body);
    if (!b.agreement) fail('VALIDATION', 'Validation failed: Agreement must be accepted', { agreement: [{ error: 'ERR_ACCEPTED', description: 'must be accepted' }] });
    await enforceRateLimit(ctx, request, 'signup');
    const { issued, recoveryCodes } = await ctx.oauth.signUp(
      { appId: auth.token.app_id, scopes: auth.scopes },
      { handle: b.username, passphrase: b.password, inviteCode: b.invite_code ?? null },
    );
    return { ...toTokenEntity(issued, ctx.clock.now(), ctx.oauth.tokenLifetimeSeconds), recovery_codes: recoveryCodes };
  });
});
