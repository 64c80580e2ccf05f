import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { flag, idList } from './_shared.js';

const query = z.object({ id: idList, with_suspended: flag });

/**
 * GET /api/v1/accounts/relationships?id[]= — one Relationship per existing account asked about, in the order
 * asked; unknown ids are left out. https://docs.joinmastodon.org/methods/accounts/#relationships
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/relationships', async (request) => {
    const me = requireAccount(request, 'read:follows');
    const { id, with_suspended } = parse(query, request.query);
    return ctx.graph.relationships(me.id, id, { withSuspended: !!with_suspended });
  });
});
