import { defineRoute } from '../../../../../../route.js';
import { pathId, requireDesk } from '../../_legal-auth.js';
import { readScan } from '../../_demand-input.js';
import { toDocumentEntity } from '../../_legal-entities.js';

/**
 * POST /api/v1/publius/legal/cases/:id/documents — attaches a scanned document (multipart file part
 * `document`), kept with its SHA-256. 201 with the stored document's metadata, hash included, so the uploader
 * can compare it with the hash of the file they hold.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/cases/:id/documents', async (request, reply) => {
    const me = requireDesk(request, 'write');
    const id = pathId(request);
    const scan = readScan(request, true)!;
    return reply.status(201).send(toDocumentEntity(await ctx.desk.attach(id, scan, me.handle)));
  });
});
