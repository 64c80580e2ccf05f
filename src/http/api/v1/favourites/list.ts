import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { paginationSchema, setLinkHeader } from '../../../pagination.js';
import { renderStatuses } from '../../entities/status.js';
import { savedStatuses } from '../../../../timelines/timelines.views.js';

/**
 * GET /api/v1/favourites — the caller's favourites, newest first, paginated (Link header) by the favourite's own
 * id as Mastodon does; only posts the caller can still see. https://docs.joinmastodon.org/methods/favourites/
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/favourites', async (request, reply) => {
    const me = requireAccount(request, 'read:favourites');
    const page = parse(paginationSchema, request.query);
    const saved = await savedStatuses(ctx.db, me.id, 'favourites', page);
    setLinkHeader(request, reply, ctx.config.publicUrl, saved.cursors, page);
    return renderStatuses(ctx, me.id, saved.statusIds);
  });
});
