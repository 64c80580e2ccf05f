import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { setLinkHeader } from '../../../pagination.js';
import { renderStatuses } from '../../entities/status.js';
import { tagTimeline } from '../../../../timelines/timelines.views.js';
import { publicQuery } from './_shared.js';

const HASHTAG = /^[\p{L}\p{M}\p{N}_]{1,100}$/u;
/** `any[]=a&any[]=b` (or a single `any=a`): lists of hashtags, with or without their `#`. */
const tagList = z.union([z.string(), z.array(z.string())]).optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((t) => t.replace(/^#/, '')))
  .pipe(z.array(z.string().regex(HASHTAG, 'must be hashtags')).max(10));
const tagQuery = publicQuery.extend({ any: tagList, all: tagList, none: tagList });

/** GET /api/v1/timelines/tag/:hashtag — public posts with the hashtag. https://docs.joinmastodon.org/methods/timelines/#tag */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/timelines/tag/:hashtag', async (request, reply) => {
    const me = optionalAccount(request);
    const hashtag = String((request.params as { hashtag?: string }).hashtag ?? '').replace(/^#/, '');
    const q = parse(tagQuery, request.query);
    // A name no post can carry names no posts: an empty page, as Mastodon answers for an unknown tag.
    if (!HASHTAG.test(hashtag) || q.remote) return [];
    const ids = await tagTimeline(ctx.db, me?.id ?? null, { any: [hashtag, ...q.any], all: q.all, none: q.none, onlyMedia: q.only_media }, q, ctx.clock.now());
    setLinkHeader(request, reply, ctx.config.publicUrl, ids, q);
    return renderStatuses(ctx, me?.id ?? null, ids);
  });
});
