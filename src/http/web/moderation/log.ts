import { z } from 'zod';
import { defineRoute } from '../../route.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { actionLabel, appealSummary, moderationNav, staffPage } from './_pages.js';

const query = z.object({ max_id: z.string().max(40).optional() });
const PAGE = 100;

/** GET /moderation/log — every action, newest first, with who took it (staff accountability). */
export default defineRoute((app, ctx) => {
  app.get('/moderation/log', async (request, reply) => staffPage(ctx, request, reply, async (me) => {
    const q = query.parse(request.query ?? {});
    const log = await ctx.moderation.log(me, PAGE, q.max_id);
    const rows = log.map((a) => html`<tr><td>${a.createdOn}</td><td>${actionLabel(a.kind)}</td><td><a href="/@${a.accountHandle}">@${a.accountHandle}</a></td>
<td>${a.statusId ? `post ${a.statusId}${a.statusCreatedOn ? ` of ${a.statusCreatedOn}` : ''}` : ''}</td>
<td>${a.reportId ? html`<a href="/moderation/reports/${a.reportId}">report ${a.reportId}</a>` : ''}</td>
<td>${a.reason}</td><td>${a.moderatorHandle ? `@${a.moderatorHandle}` : '(deleted)'}</td><td>${appealSummary(a)}</td></tr>`);
    const body = html`<h1>Moderation log</h1>${moderationNav('/moderation/log')}
${rows.length ? html`<div class="table-scroll"><table><caption>Actions, newest first</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Action</th><th scope="col">Account</th><th scope="col">Post</th><th scope="col">Report</th><th scope="col">Reason</th><th scope="col">Moderator</th><th scope="col">Appeal</th></tr></thead>
<tbody>${rows}</tbody></table></div>` : html`<p>No actions yet.</p>`}
${log.length === PAGE ? html`<p><a href="/moderation/log?max_id=${log[log.length - 1].id}">Older actions</a></p>` : ''}`;
    return sendWebPage(ctx, request, reply, { title: 'Moderation log', body });
  }));
});
