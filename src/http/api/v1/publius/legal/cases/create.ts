import { defineRoute } from '../../../../../route.js';
import { requireDesk } from '../_legal-auth.js';
import { readDemand, readScan } from '../_demand-input.js';
import { toCaseDetail } from '../_legal-entities.js';

/**
 * POST /api/v1/publius/legal/cases — a desk member enters a demand: a JSON body that is the demand, or
 * multipart with a `demand` part (JSON or YAML text, or a file) and an optional `document` file (the scan).
 *
 * Always 201 once the case is stored: a malformed or incomplete demand is a case too (state `incomplete`,
 * `valid: false`, `problems` listing what is wrong), kept exactly as received so nothing is lost; a valid one
 * comes back already assessed. Only a request with no demand in it, or a scan of a type or size the desk does
 * not keep, is refused (4xx) — and then nothing is stored.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/cases', async (request, reply) => {
    const me = requireDesk(request, 'write');
    const source = readDemand(request);
    const scan = readScan(request, false);
    const created = await ctx.desk.intake({ ...source, actor: me.handle, scan });
    return reply.status(201).send(await toCaseDetail(ctx, created));
  });
});
