import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { paginationSchema, setLinkHeader } from '../../../pagination.js';
import { renderStatuses } from '../../entities/status.js';
import { savedStatuses } from '../../../../timelines/timelines.views.js';

/**
 * GET /api/v1/bookmarks — the caller's bookmarks, newest first, paginated (Link header) by the bookmark's own
 * id as Mastodon does; only posts the caller can still see. https://docs.joinmastodon.org/methods/bookmarks/
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/bookmarks', async (request, reply) => {
    const me = requireAccount(request, 'read:bookmarks');
    const page = parse(paginationSchema, request.query);
    const saved = await savedStatuses(ctx.db, me.id, 'bookmarks', page);
    setLinkHeader(request, reply, ctx.config.publicUrl, saved.cursors, page);
    return renderStatuses(ctx, me.id, saved.statusIds);
  });
});
