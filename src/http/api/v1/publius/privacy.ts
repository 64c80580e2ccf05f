import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';

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
    reply.hijack();
    reply.raw.writeHead(200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="publius-${me.handle}-export.zip"`,
      'Cache-Control': 'no-store',
    });
    await ctx.privacy.export(me.id, reply.raw);
  });
  app.delete('/api/v1/publius/account', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const { passphrase } = parse(z.object({ passphrase: z.string().min(1).max(1024) }), request.body);
    await ctx.privacy.deleteAccount(me.id, passphrase);
    return { deleted: true };
  });
});
