import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { paginationSchema, setLinkHeader } from '../../../pagination.js';
import { renderStatuses } from '../../entities/status.js';
import { publicTimeline, tagTimeline } from '../../../../timelines/timelines.views.js';

const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).optional().transform((v) => v === true || v === 'true' || v === '1');
const tagList = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().regex(/^[\p{L}\p{N}_]{1,100}$/u, 'must be a hashtag')).max(10));

const publicQuery = paginationSchema.extend({ local: flag, remote: flag, only_media: flag });
const tagQuery = publicQuery.extend({ any: tagList, all: tagList, none: tagList });

/** GET /api/v1/timelines/public and /api/v1/timelines/tag/:hashtag — every post here is local. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/timelines/public', async (request, reply) => {
    const me = optionalAccount(request);
    const q = parse(publicQuery, request.query);
    const ids = q.remote ? [] : await publicTimeline(ctx.db, me?.id ?? null, q, q.only_media);
    setLinkHeader(request, reply, ctx.config.publicUrl, ids, q);
    return renderStatuses(ctx, me?.id ?? null, ids);
  });
  app.get('/api/v1/timelines/tag/:hashtag', async (request, reply) => {
    const me = optionalAccount(request);
    const { hashtag } = request.params as { hashtag: string };
    const q = parse(tagQuery, request.query);
    if (!/^[\p{L}\p{N}_]{1,100}$/u.test(hashtag)) return [];
    const ids = q.remote ? [] : await tagTimeline(ctx.db, me?.id ?? null, { any: [hashtag, ...q.any], all: q.all, none: q.none }, q, q.only_media);
    setLinkHeader(request, reply, ctx.config.publicUrl, ids, q);
    return renderStatuses(ctx, me?.id ?? null, ids);
  });
});
