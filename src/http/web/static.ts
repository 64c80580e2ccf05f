import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineRoute } from '../route.js';
import { fail } from '../../errors.js';

const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/** GET /static/* — the instance's own stylesheet, scripts, images and fonts; nothing comes from elsewhere. */
export default defineRoute((app) => {
  app.get('/static/*', async (request, reply) => {
    const rel = (request.params as { '*': string })['*'];
    if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(rel) || rel.includes('..')) fail('NOT_FOUND');
    const type = TYPES[path.extname(rel)];
    if (!type) fail('NOT_FOUND');
    const data = await fs.readFile(path.join(PUBLIC_DIR, rel)).catch(() => null);
    if (!data) fail('NOT_FOUND');
    return reply.type(type).header('Cache-Control', 'public, max-age=3600').send(data);
  });
});
