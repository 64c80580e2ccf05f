import { z } from 'zod';
import { defineRoute } from '../../../../route.js';
import { parse } from '../../../../validate.js';
import { requireDesk } from './_legal-auth.js';
import { toUpcomingEntity } from './_legal-entities.js';

const query = z.object({ days: z.coerce.number().int().min(0).max(366).default(14) });

/** GET /api/v1/publius/legal/deadlines — open cases' deadlines due within `days` (14 by default), overdue ones included. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/publius/legal/deadlines', async (request) => {
    requireDesk(request, 'read');
    const q = parse(query, request.query);
    const now = ctx.clock.now();
    return (await ctx.desk.upcoming(q.days)).map((d) => toUpcomingEntity(d, now));
  });
});
