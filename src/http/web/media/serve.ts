import fs from 'node:fs/promises';
import { defineRoute } from '../../route.js';
import { fail } from '../../../errors.js';

/** GET /media/:key — stored files are already stripped of metadata; names are random and never reused. */
export default defineRoute((app, ctx) => {
  app.get('/media/:key', async (request, reply) => {
    const key = (request.params as { key: string }).key;
    const file = ctx.media.filePath(key);
    if (!file) fail('NOT_FOUND');
    const row = await ctx.db.selectFrom('media').select('content_type').where('file_key', '=', key).executeTakeFirst();
    if (!row) fail('NOT_FOUND');
    const data = await fs.readFile(file).catch(() => null);
    if (!data) fail('NOT_FOUND');
    return reply.type(row.content_type).header('Cache-Control', 'public, max-age=31536000, immutable').send(data);
  });
});
