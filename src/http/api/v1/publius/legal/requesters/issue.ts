import { z } from 'zod';
import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import { requireAdmin } from '../_legal-auth.js';
import { toRequesterEntity } from '../_legal-entities.js';

const body = z.object({ name: z.string().max(200), authority: z.string().max(300), country: z.string().max(2) });

/**
 * POST /api/v1/publius/legal/requesters — the admin issues an agency account for the requester portal.
 * The token is in this answer only (the server keeps its hash), so the answer must not be cached.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/requesters', async (request, reply) => {
    const me = requireAdmin(request, 'write');
    const b = parse(body, request.body);
    const { requester, token } = await ctx.desk.requesters.issue(b, me.handle);
    return reply.status(201).header('Cache-Control', 'no-store').send({ ...toRequesterEntity(requester), token });
  });
});
