import { defineRoute } from '../../../../../route.js';
import { requireRequester, requesterActor, takePortalToken } from '../../legal/_legal-auth.js';
import { readDemand, readScan } from '../../legal/_demand-input.js';
import { toRequesterCase } from '../../legal/_legal-entities.js';

/**
 * POST /api/v1/publius/requester/demands — an agency files a demand: multipart with a `demand` part (JSON or
 * YAML, text or file) and the scanned `document`, or a JSON body. As at the desk, a demand that does not
 * validate is stored as received and the answer lists its problems (201 either way).
 *
 * The answer is where the case stands, plus a receipt of the scan (its SHA-256 as the server computed it), so
 * the agency can prove what it delivered. Nothing of the desk's assessment is in it.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/requester/demands', { onRequest: takePortalToken }, async (request, reply) => {
    const requester = await requireRequester(ctx, request);
    const source = readDemand(request);
    const scan = readScan(request, false);
    const created = await ctx.desk.intake({ ...source, actor: requesterActor(requester), requesterId: requester.id, scan });
    // The hash the desk stored (a malformed demand keeps its scan too), not a second computation of it.
    const receipt = scan && created.documentSha256
      ? { document: { media_type: scan.mediaType, size: scan.content.length, sha256: created.documentSha256 } }
      : {};
    return reply.status(201).send({ ...toRequesterCase(created), ...receipt });
  });
});
