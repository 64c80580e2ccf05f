import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { enforceRateLimit } from '../../../plugins/rate-limits.js';

/**
 * Publius extensions (no Mastodon equivalent):
 * GET /api/v1/publius/holdings — what this server holds about me, table by table, from the data inventory;
 * GET /api/v1/publius/export — the same plus posts and media files, as a zip;
 * DELETE /api/v1/publius/account — immediate deletion, confirmed with the passphrase.
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/holdings', async (request) => {
    const me = requireAccount(request, 'read:accounts');
    return ctx.privacy.holdings(me.id);
  });
  app.get('/api/v1/publius/export', async (request, reply) => {
    const me = requireAccount(request, 'read');
    const archive = await ctx.privacy.exportArchive(me.id);
    return reply.type('application/zip')
      .header('Content-Disposition', `attachment; filename="${archive.filename}"`)
      .header('Cache-Control', 'no-store')
      .send(archive.stream);
  });
  app.delete('/api/v1/publius/account', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const { passphrase } = parse(z.object({ passphrase: z.string().min(1).max(1024) }), request.body);
    // A stolen token must not become a way to guess the passphrase.
    await enforceRateLimit(ctx, request, 'login', `:${me.id}`);
    await ctx.privacy.deleteAccount(me.id, passphrase);
    return { deleted: true };
  });
});
