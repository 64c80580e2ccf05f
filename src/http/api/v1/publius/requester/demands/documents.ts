import { defineRoute } from '../../../../../route.js';
import { fail } from '../../../../../../errors.js';
import { isClosed } from '../../../../../../legal/desk/case-states.js';
import { requireRequester, requesterActor, takePortalToken } from '../../legal/_legal-auth.js';
import { readScan } from '../../legal/_demand-input.js';
import { ownCase } from './_own-case.js';

/**
 * POST /api/v1/publius/requester/demands/:id/documents — the agency adds a document (multipart `document`)
 * to its own open demand: a clearer scan, the clarification the desk asked for. A closed case's record is
 * final (409). The receipt carries the SHA-256 the server stored.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/requester/demands/:id/documents', { onRequest: takePortalToken }, async (request, reply) => {
    const requester = await requireRequester(ctx, request);
    const c = await ownCase(ctx, request, requester);
    if (isClosed(c.state)) fail('CONFLICT', `The demand is ${c.state}; its record is closed`);
    const scan = readScan(request, true)!;
    const doc = await ctx.desk.attach(c.id, scan, requesterActor(requester));
    return reply.status(201).send({ id: String(doc.id), media_type: doc.media_type, size: doc.size_bytes, sha256: doc.sha256 });
  });
});
