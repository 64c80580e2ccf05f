import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { accountIdParam, flag } from './_shared.js';

// languages[] is accepted and ignored: Publius does not filter a follow by language.
const body = z.object({ reblogs: flag, notify: flag, languages: z.unknown().optional() });

/** POST /api/v1/accounts/:id/follow — https://docs.joinmastodon.org/methods/accounts/#follow */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts/:id/follow', async (request) => {
    const me = requireAccount(request, 'write:follows');
    const id = accountIdParam(request);
    const { reblogs, notify } = parse(body, request.body);
    await ctx.graph.follow(me, id, { reblogs, notify });
    return ctx.graph.relationship(me.id, id);
  });
});
