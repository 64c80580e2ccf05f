import { z } from 'zod';
import { defineRoute } from '../../route.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { moderationNav, postsById, staffPage } from './_pages.js';

const query = z.object({ state: z.enum(['open', 'resolved']).default('open'), max_id: z.string().max(40).optional() });

/** GET /moderation — the report queue, newest first, each with the posts it points at. */
export default defineRoute((app, ctx) => {
  app.get('/moderation', async (request, reply) => staffPage(ctx, request, reply, async (me) => {
    const q = query.parse(request.query ?? {});
    const reports = await ctx.moderation.reports(me, q.state, 50, q.max_id);
    const posts = await postsById(ctx, reports.flatMap((r) => r.statusIds));
    const items = reports.map((r) => html`<li><article class="card" aria-labelledby="report-${r.id}">
<h2 id="report-${r.id}"><a href="/moderation/reports/${r.id}">Report ${r.id}: @${r.targetHandle}</a></h2>
<p>${r.category} · filed ${r.createdOn}${r.reporterHandle ? ` by @${r.reporterHandle}` : ' (reporter deleted their account)'}${r.state === 'resolved' ? ` · resolved ${r.resolvedOn ?? ''}` : ''}</p>
${r.comment ? html`<blockquote>${r.comment}</blockquote>` : ''}
${r.statusIds.length ? html`<ul class="reported-posts">${r.statusIds.map((id) => {
      const p = posts.get(id);
      return html`<li>${p ? html`${p.spoiler_text ? html`<strong>CW: ${p.spoiler_text}</strong> ` : ''}${p.text}` : html`<em>Post ${id} no longer exists</em>`}</li>`;
    })}</ul>` : ''}
</article></li>`);
    const older = reports.length === 50 ? html`<p><a href="/moderation?state=${q.state}&max_id=${reports[reports.length - 1].id}">Older reports</a></p>` : '';
    const body = html`<h1>${q.state === 'open' ? 'Open reports' : 'Resolved reports'}</h1>${moderationNav('/moderation')}
<p>${q.state === 'open' ? html`<a href="/moderation?state=resolved">Show resolved reports</a>` : html`<a href="/moderation">Show open reports</a>`}</p>
${items.length ? html`<ol class="reports">${items}</ol>` : html`<p>No ${q.state} reports.</p>`}${older}`;
    return sendWebPage(ctx, request, reply, { title: 'Moderation', body });
  }));
});
