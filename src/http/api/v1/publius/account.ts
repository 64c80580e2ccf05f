import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { enforceRateLimit } from '../../../plugins/rate-limits.js';
import { parse } from '../../../validate.js';
import { fail } from '../../../../errors.js';
import { verifyPassphrase } from '../../../../accounts/passphrase.js';

/**
 * Account self-service without email (Publius extensions, reused by the web UI): sessions, passphrase,
 * recovery codes, recovery, invites.
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/sessions', async (request) => {
    const me = requireAccount(request, 'read:accounts');
    const rows = await ctx.sessions.list(me.id);
    return rows.map((r) => ({
      id: r.id, kind: r.kind, app: r.app_name, scopes: r.scopes.split(' '), created_on: r.created_on,
      last_used_on: r.last_used_on, expires_on: r.expires_on, current: r.id === request.auth?.token.id,
    }));
  });
  app.delete('/api/v1/publius/sessions/:id', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const id = (request.params as { id: string }).id;
    if (!/^\d{1,20}$/.test(id)) fail('NOT_FOUND');
    await ctx.sessions.revokeById(me.id, id);
    return {};
  });
  app.post('/api/v1/publius/passphrase', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const b = parse(z.object({ current: z.string().min(1).max(1024), new: z.string().min(1).max(1024) }), request.body);
    await ctx.accounts.changePassphrase(me.id, b.current, b.new);
    return {};
  });
  app.post('/api/v1/publius/recovery_codes', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const b = parse(z.object({ passphrase: z.string().min(1).max(1024) }), request.body);
    if (!(await verifyPassphrase(me.passphrase_hash, b.passphrase))) fail('LOGIN_FAILED', 'The passphrase is wrong');
    return { recovery_codes: await ctx.accounts.regenerateRecoveryCodes(me.id) };
  });
  app.post('/api/v1/publius/recover', async (request) => {
    const b = parse(z.object({ handle: z.string().min(1).max(100), code: z.string().min(1).max(100), new_passphrase: z.string().min(1).max(1024) }), request.body);
    await enforceRateLimit(ctx, request, 'login');
    await ctx.accounts.recover(b.handle, b.code, b.new_passphrase);
    return { recovered: true };
  });
  app.post('/api/v1/publius/invites', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const b = parse(z.object({ days: z.coerce.number().int().min(1).max(90).default(7) }), request.body);
    return { code: await ctx.accounts.createInvite(me, b.days) };
  });
});
