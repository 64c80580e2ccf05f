import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';

const query = z.object({
  id: z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])).pipe(z.array(z.string().max(20)).max(100)),
});

/** GET /api/v1/accounts/relationships?id[]= */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/relationships', async (request) => {
    const me = requireAccount(request, 'read:follows');
    const { id } = parse(query, request.query);
    return ctx.graph.relationships(me.id, id);
  });
  app.get('/api/v1/accounts/familiar_followers', async (request) => {
    const me = requireAccount(request, 'read:follows');
    const { id } = parse(query, request.query);
    return id.map((x) => ({ id: x, accounts: [] as unknown[] })).filter(() => !!me);
  });
});
