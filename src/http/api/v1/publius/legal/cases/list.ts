import { z } from 'zod';
import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import { isCaseState } from '../../../../../../legal/desk/case-states.js';
import type { CaseState } from '../../../../../../legal/desk/case.types.js';
import { requireDesk } from '../_legal-auth.js';
import { casePage, setNextLink } from '../_paging.js';
import { toCaseEntity } from '../_legal-entities.js';

const query = casePage.extend({
  state: z.string().refine(isCaseState, 'is not a case state').optional(),
  open: z.enum(['true', 'false']).optional(),
});

/** GET /api/v1/publius/legal/cases — newest first; filters `state`, `open`; pages with `max_id` and the Link header. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/legal/cases', async (request, reply) => {
    requireDesk(request, 'read');
    const q = parse(query, request.query);
    const cases = await ctx.desk.list({
      state: q.state as CaseState | undefined, open: q.open === undefined ? undefined : q.open === 'true', limit: q.limit, beforeId: q.max_id,
    });
    setNextLink(request, reply, ctx.config.publicUrl, cases.map((c) => c.id), q.limit);
    return cases.map(toCaseEntity);
  });
});
