import { defineRoute } from '../../../../../../route.js';
import { fail } from '../../../../../../../errors.js';
import { pathId, requireDesk } from '../../_legal-auth.js';

/**
 * GET /api/v1/publius/legal/cases/:id/documents/:doc — the stored bytes, exactly as received. Always an
 * attachment (a scan must never render inside the desk's origin), with its SHA-256 so the copy can be checked.
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/legal/cases/:id/documents/:doc', async (request, reply) => {
    requireDesk(request, 'read');
    const id = pathId(request);
    const docId = pathId(request, 'doc');
    const doc = await ctx.desk.document(id, docId);
    if (!doc) fail('NOT_FOUND');
    // The stored filename was reduced to [\w.\- ] at upload, so it is safe inside the quoted header value.
    return reply
      .type(doc.media_type)
      .header('Content-Disposition', `attachment; filename="${doc.filename}"`)
      .header('X-Content-SHA256', doc.sha256)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(doc.content));
  });
});
