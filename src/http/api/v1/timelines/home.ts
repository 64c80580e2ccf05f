import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { paginationSchema, setLinkHeader } from '../../../pagination.js';
import { renderStatuses } from '../../entities/status.js';
import { homeTimeline } from '../../../../timelines/timelines.views.js';

/** GET /api/v1/timelines/home — https://docs.joinmastodon.org/methods/timelines/#home */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/timelines/home', async (request, reply) => {
    const me = requireAccount(request, 'read:statuses');
    const page = parse(paginationSchema, request.query);
    const ids = await homeTimeline(ctx.db, me.id, page, ctx.clock.now());
    setLinkHeader(request, reply, ctx.config.publicUrl, ids, page);
    return renderStatuses(ctx, me.id, ids);
  });
});
