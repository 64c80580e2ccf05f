import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineRoute } from '../route.js';
import { fail } from '../../errors.js';

/** The repository's public/ folder: the stylesheet, scripts, images and fonts of the web interface. */
export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public');

/** Only these kinds of file are served; anything else in public/ stays private. */
export const STATIC_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** One path segment: no dot files, no `..`, nothing a shell or a URL decoder would treat specially. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

interface StaticFile { data: Buffer; type: string; etag: string }

/**
 * GET /static/* — files from public/, read once per process and kept in memory (the folder is small and part of
 * the release). Browsers may keep them an hour and then revalidate with the ETag; names are not fingerprinted,
 * so `immutable` would keep a stale stylesheet after an upgrade.
 */
export default defineRoute((app) => {
  const cache = new Map<string, Promise<StaticFile | null>>();

  function load(rel: string): Promise<StaticFile | null> {
    let entry = cache.get(rel);
    if (!entry) {
      entry = (async () => {
        const data = await fs.readFile(path.join(PUBLIC_DIR, rel)).catch(() => null);
        if (!data) return null;
        const etag = `"${crypto.createHash('sha256').update(data).digest('base64url').slice(0, 27)}"`;
        return { data, type: STATIC_TYPES[path.extname(rel).toLowerCase()], etag };
      })();
      cache.set(rel, entry);
      // A missing file is not remembered: it may be added while the server runs (development).
      void entry.then((f) => { if (!f) cache.delete(rel); });
    }
    return entry;
  }

  app.get('/static/*', async (request, reply) => {
    const rel = (request.params as { '*': string })['*'];
    const segments = rel.split('/');
    if (rel.length > 200 || !segments.every((s) => SEGMENT.test(s)) || !STATIC_TYPES[path.extname(rel).toLowerCase()]) fail('NOT_FOUND');
    const file = await load(segments.join('/'));
    if (!file) fail('NOT_FOUND');
    reply.header('Cache-Control', 'public, max-age=3600').header('ETag', file.etag);
    if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
    return reply.type(file.type).send(file.data);
  });
});
