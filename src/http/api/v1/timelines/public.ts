import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { setLinkHeader } from '../../../pagination.js';
import { renderStatuses } from '../../entities/status.js';
import { publicTimeline } from '../../../../timelines/timelines.views.js';
import { publicQuery } from './_shared.js';

/** GET /api/v1/timelines/public — https://docs.joinmastodon.org/methods/timelines/#public */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/timelines/public', async (request, reply) => {
    const me = optionalAccount(request);
    const q = parse(publicQuery, request.query);
    const ids = q.remote ? [] : await publicTimeline(ctx.db, me?.id ?? null, { onlyMedia: q.only_media }, q, ctx.clock.now());
    setLinkHeader(request, reply, ctx.config.publicUrl, ids, q);
    return renderStatuses(ctx, me?.id ?? null, ids);
  });
});
