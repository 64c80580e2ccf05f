import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { MAX_MUTE_SECONDS } from '../../../../graph/graph.service.js';
import { accountIdParam, flag } from './_shared.js';

const body = z.object({
  notifications: flag,
  /** Seconds; 0 (the default) mutes indefinitely. */
  duration: z.coerce.number().int().min(0).max(MAX_MUTE_SECONDS).optional(),
});

/** POST /api/v1/accounts/:id/mute — https://docs.joinmastodon.org/methods/accounts/#mute */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/accounts/:id/mute', async (request) => {
    const me = requireAccount(request, 'write:mutes');
    const id = accountIdParam(request);
    const { notifications, duration } = parse(body, request.body);
    await ctx.graph.mute(me, id, notifications ?? true, duration ?? 0);
    return ctx.graph.relationship(me.id, id);
  });
});
