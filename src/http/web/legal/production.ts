import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import archiver from 'archiver';
import { defineRoute } from '../../route.js';
import { buildPackage } from '../../../legal/production/package.js';
import { sendCasePage } from './_case-page.js';
import { loadCase } from './case.js';
import { attempt, DESK_ROLES, postGuard } from './_pages.js';

/**
 * POST /legal/cases/:id/production — builds the signed production package of an approved case and sends it as
 * a zip. A POST (with its CSRF token), not a link: building the package records the delivery and closes the
 * case as complied. The package is built in a private temporary directory that is removed once the zip has
 * been sent (or the download failed), so no copy of the records stays behind on disk.
 */
export default defineRoute((app, ctx) => {
  app.post('/legal/cases/:id/production', async (request, reply) => {
    const viewer = await postGuard(ctx, request, reply, DESK_ROLES);
    if (!viewer) return reply;
    const c = await loadCase(ctx, request, reply);
    if (!c) return reply;

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'publius-production-'));
    const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
    // An unexpected failure must not leave a half-written package (a user's records) in the temp directory.
    const built = await attempt(() => buildPackage(ctx, c.id, tmp, { actor: viewer.handle })).catch((err: unknown) => { cleanup(); throw err; });
    if (!built.ok) {
      cleanup();
      return sendCasePage(ctx, request, reply, await ctx.desk.get(c.id), { error: built.error.message, status: built.error.status });
    }

    const zip = archiver('zip', { zlib: { level: 6 } });
    let cleaned = false;
    const once = () => { if (!cleaned) { cleaned = true; cleanup(); } };
    zip.on('end', once);
    zip.on('error', once);
    reply.raw.on('close', once);
    // The directory's contents go at the zip's root under one folder named after the case, as the CLI writes it.
    zip.directory(tmp, `case-${c.id}`);
    void zip.finalize().catch((err: Error) => zip.destroy(err));
    const name = `publius-case-${c.id}-production.zip`;
    return reply.type('application/zip')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .header('X-Manifest-SHA256', built.value.manifestSha256)
      .header('Cache-Control', 'no-store')
      .send(zip);
  });
});
