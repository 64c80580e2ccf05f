import { defineRoute } from '../../route.js';
import { renderStatuses } from '../../api/entities/status.js';
import { tagTimeline } from '../../../timelines/timelines.views.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { renderTimeline } from '../_post.js';
import { cardOptions, pageFrom, pagingFor, readerOf, sendNotFound } from './_public.js';

/** The characters a hashtag may have (as the tag timeline API): anything else names no posts. */
const HASHTAG = /^[\p{L}\p{M}\p{N}_]{1,100}$/u;

/** GET /tags/:tag — public posts with a hashtag, newest first (the selection of /api/v1/timelines/tag/:hashtag). */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { tag: string } }>('/tags/:tag', async (request, reply) => {
    const tag = request.params.tag.replace(/^#/, '');
    if (!HASHTAG.test(tag)) return sendNotFound(ctx, request, reply, 'That is not a hashtag.');
    const reader = await readerOf(ctx, request, reply);
    const page = pageFrom(request.query);
    const ids = await tagTimeline(ctx.db, reader.viewer?.id ?? null, { any: [tag], all: [], none: [], onlyMedia: false }, page, ctx.clock.now());
    const posts = await renderStatuses(ctx, reader.viewer?.id ?? null, ids);
    const path = `/tags/${encodeURIComponent(tag.toLowerCase())}`;
    const body = html`<h1>#${tag}</h1>
<p class="muted">Public posts on ${ctx.config.instanceName} with this hashtag, newest first.</p>
${renderTimeline(posts, cardOptions(request, reader, { showThreadLink: true }), pagingFor(path, {}, ids, page))}`;
    return sendWebPage(ctx, request, reply, { title: `#${tag}`, body });
  });
});
