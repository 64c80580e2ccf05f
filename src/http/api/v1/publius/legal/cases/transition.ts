import { z } from 'zod';
import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import { isCaseState } from '../../../../../../legal/desk/case-states.js';
import type { CaseState } from '../../../../../../legal/desk/case.types.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { toCaseDetail } from '../_legal-entities.js';

const body = z.object({
  state: z.string().refine(isCaseState, 'is not a case state'),
  reason: z.string().max(10_000),
});

/**
 * POST /api/v1/publius/legal/cases/:id/transition — a move made by hand (withdrawn, in court, nothing
 * produced, …) with its reason. Moves that follow from an act (approved, complied, removed) are refused: 409.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/cases/:id/transition', async (request) => {
    const me = requireDesk(request, 'write');
    const id = pathId(request);
    const b = parse(body, request.body);
    return toCaseDetail(ctx, await ctx.desk.transition(id, b.state as CaseState, b.reason, me.handle));
  });
});
