import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { parse } from '../../../validate.js';
import { fail } from '../../../../errors.js';
import { normalizeHandle } from '../../../../accounts/handle.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { accountIdParam } from './_shared.js';

/** GET /api/v1/accounts/:id and GET /api/v1/accounts/lookup?acct= */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/:id', async (request) => {
    const id = accountIdParam(request);
    const [account] = await loadAccounts(ctx.db, [id]);
    if (!account) fail('NOT_FOUND');
    return toAccountEntity(ctx.config, account);
  });
  app.get('/api/v1/accounts/lookup', async (request) => {
    const { acct } = parse(z.object({ acct: z.string().min(1).max(300) }), request.query);
    // Accept "handle", "@handle" and "handle@this.domain".
    const [name, domain] = normalizeHandle(acct).split('@');
    if (domain && domain !== ctx.config.domain.toLowerCase()) fail('NOT_FOUND');
    const found = await ctx.accounts.byHandle(name);
    if (!found) fail('NOT_FOUND');
    const [account] = await loadAccounts(ctx.db, [found.id]);
    return toAccountEntity(ctx.config, account);
  });
});
