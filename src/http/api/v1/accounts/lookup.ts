import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { parse } from '../../../validate.js';
import { fail } from '../../../../errors.js';
import { normalizeHandle } from '../../../../accounts/handle.js';
import { loadAccounts } from '../../entities/account.js';
import { toVisibleAccountEntity } from './_shared.js';

const query = z.object({ acct: z.string().min(1).max(300) });

/**
 * GET /api/v1/accounts/lookup?acct= — "handle", "@handle" or "handle@this.domain"; every account here is
 * local, so another domain is a 404. https://docs.joinmastodon.org/methods/accounts/#lookup
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/lookup', async (request) => {
    const { acct } = parse(query, request.query);
    const [name, domain, ...rest] = normalizeHandle(acct).split('@');
    if (rest.length || (domain !== undefined && domain !== ctx.config.domain.toLowerCase())) fail('NOT_FOUND');
    const found = await ctx.accounts.byHandle(name);
    if (!found) fail('NOT_FOUND');
    const [account] = await loadAccounts(ctx.db, [found.id]);
    if (!account) fail('NOT_FOUND');
    return toVisibleAccountEntity(ctx, account);
  });
});
