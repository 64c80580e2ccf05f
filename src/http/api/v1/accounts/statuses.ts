import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { paginationSchema, setLinkHeader } from '../../../pagination.js';
import { renderStatuses } from '../../entities/status.js';
import { accountStatuses } from '../../../../timelines/timelines.views.js';
import { accountIdParam, flag } from './_shared.js';

const query = paginationSchema.extend({
  only_media: flag, exclude_replies: flag, exclude_reblogs: flag, pinned: flag,
  tagged: z.string().transform((t) => t.replace(/^#/, '')).pipe(z.string().regex(/^[\p{L}\p{M}\p{N}_]{1,100}$/u, 'must be a hashtag')).optional(),
});

/**
 * GET /api/v1/accounts/:id/statuses — what the viewer may see of an account's posts and boosts.
 * Pinning is not supported, so `pinned=true` is an empty list. https://docs.joinmastodon.org/methods/accounts/#statuses
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/accounts/:id/statuses', async (request, reply) => {
    const me = optionalAccount(request);
    const target = await ctx.graph.target(accountIdParam(request));
    const q = parse(query, request.query);
    if (q.pinned) return [];
    const ids = await accountStatuses(ctx.db, me?.id ?? null, target.id, {
      onlyMedia: !!q.only_media, excludeReplies: !!q.exclude_replies, excludeReblogs: !!q.exclude_reblogs, tagged: q.tagged,
    }, q, ctx.clock.now());
    setLinkHeader(request, reply, ctx.config.publicUrl, ids, q);
    return renderStatuses(ctx, me?.id ?? null, ids);
  });
});
