import { defineRoute } from '../../route.js';
import { renderStatuses } from '../../api/entities/status.js';
import { publicTimeline } from '../../../timelines/timelines.views.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { renderTimeline } from '../_post.js';
import { cardOptions, pageFrom, pagingFor, queryString, readerOf } from './_public.js';

/**
 * GET /public — the local timeline: this server's public posts, newest first, the same selection as
 * /api/v1/timelines/public (no boosts, no replies to others). `?media=1` keeps only posts with media.
 */
export default defineRoute((app, ctx) => {
  app.get('/public', async (request, reply) => {
    const reader = await readerOf(ctx, request, reply);
    const onlyMedia = ['1', 'true', 'only'].includes(queryString(request.query, 'media'));
    const page = pageFrom(request.query);
    const ids = await publicTimeline(ctx.db, reader.viewer?.id ?? null, { onlyMedia }, page, ctx.clock.now());
    const posts = await renderStatuses(ctx, reader.viewer?.id ?? null, ids);
    const tab = (href: string, label: string, current: boolean) =>
      html`<li><a href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a></li>`;
    const body = html`<h1>Local timeline</h1>
<p class="muted">Public posts by people on ${ctx.config.instanceName}, newest first.</p>
<nav aria-label="Filter posts" class="tabs"><ul>${tab('/public', 'All posts', !onlyMedia)}${tab('/public?media=1', 'With media', onlyMedia)}</ul></nav>
${renderTimeline(posts, cardOptions(request, reader, { showThreadLink: true }), pagingFor('/public', { media: onlyMedia ? '1' : undefined }, ids, page))}`;
    return sendWebPage(ctx, request, reply, { title: 'Local timeline', body, path: '/public' });
  });
});
