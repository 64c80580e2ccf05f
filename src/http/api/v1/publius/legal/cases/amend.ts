import { defineRoute } from '../../../../../route.js';
import { fail } from '../../../../../../errors.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { readDemand } from '../_demand-input.js';
import { toCaseDetail } from '../_legal-entities.js';

/**
 * POST /api/v1/publius/legal/cases/:id/amend — replaces the demand of an incomplete case (or one awaiting
 * clarification) with a corrected one, in the same shapes as intake, and assesses it again. Still-malformed
 * text is stored with its problems, as at intake.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/cases/:id/amend', async (request) => {
    const me = requireDesk(request, 'write');
    const id = pathId(request);
    const source = readDemand(request);
    // A scan sent along would be silently dropped by amend; documents have their own endpoint.
    if (request.isMultipart() && (request.body as Record<string, unknown> | undefined)?.document !== undefined) {
      fail('VALIDATION', 'Validation failed: document: attach documents with POST /api/v1/publius/legal/cases/:id/documents');
    }
    return toCaseDetail(ctx, await ctx.desk.amend(id, { ...source, actor: me.handle }));
  });
});
