import type { FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import { accountPaginationSchema } from '../../pagination.js';
import { notificationPage } from '../../../notifications/notifications.views.js';
import { followRequestsPage } from '../../../graph/graph.views.js';
import { savedStatuses } from '../../../timelines/timelines.views.js';
import { renderNotifications, type NotificationEntity } from '../../api/entities/notification.js';
import { renderStatuses } from '../../api/entities/status.js';
import { loadAccounts, toAccountEntity, type AccountEntity } from '../../api/entities/account.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { renderPostCard, renderTimeline } from '../_post.js';
import { asPage } from './_me.js';
import { listPage, pagingLinks } from './_list.js';

/** What happened, in words; the account's name is a link, and its text is escaped by `html`. */
const NOTIFICATION_TEXT: Record<string, string> = {
  mention: 'mentioned you', status: 'posted', reblog: 'boosted your post', follow: 'followed you',
  follow_request: 'asked to follow you', favourite: 'favourited your post', update: 'edited a post you boosted',
  poll: 'ended a poll', 'admin.sign_up': 'signed up', 'admin.report': 'filed a report',
  severed_relationships: 'is no longer connected to you', moderation_warning: 'sent you a moderation warning',
};

function who(a: AccountEntity): Html {
  return html`<a href="/@${a.acct}">${a.display_name || a.acct}</a> <span class="muted">@${a.acct}</span>`;
}

function notificationItem(n: NotificationEntity, card: Html | ''): Html {
  const extra = n.type === 'follow_request' ? html` — <a href="/follow_requests">review requests</a>` : '';
  return html`<li class="notification notification-${n.type}"><p>${who(n.account)} ${NOTIFICATION_TEXT[n.type] ?? n.type}${extra}
<time datetime="${n.created_at}" class="muted">${n.created_at.slice(0, 16).replace('T', ' ')} UTC</time></p>${card}</li>`;
}

/** The page's own pagination from ?max_id=/?min_id= (account-style lists page 40 at a time). */
function accountListPage(request: FastifyRequest) {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const parsed = accountPaginationSchema.safeParse({ max_id: q.max_id, min_id: q.min_id });
  return parsed.success ? parsed.data : accountPaginationSchema.parse({});
}

/** /notifications, /follow_requests, /bookmarks and /favourites: the signed-in account's own lists. */
export default defineRoute((app, ctx) => {
  app.get('/notifications', async (request, reply) => asPage(ctx, request, reply, async (me) => {
    const page = accountListPage(request);
    const ids = await notificationPage(ctx.db, me.id, { types: [], excludeTypes: [] }, page);
    const items = await renderNotifications(ctx, me.id, ids);
    const csrf = await csrfField(ctx, request, reply);
    const paging = pagingLinks('/notifications', page, ids);
    const body = html`<h1>Notifications</h1>
${items.length ? html`<ol class="notifications">${items.map((n) => notificationItem(n, n.status ? renderPostCard(n.status, { viewer: me, csrf, showThreadLink: true }) : ''))}</ol>` : html`<p class="muted">Nothing yet.</p>`}
${paging.olderHref || paging.newerHref ? html`<nav class="pagination" aria-label="Pages">${paging.newerHref ? html`<a href="${paging.newerHref}" rel="prev">Newer</a>` : html`<span></span>`}${paging.olderHref ? html`<a href="${paging.olderHref}" rel="next">Older</a>` : ''}</nav>` : ''}`;
    return sendWebPage(ctx, request, reply, { title: 'Notifications', body });
  }));

  app.get('/follow_requests', async (request, reply) => asPage(ctx, request, reply, async (me) => {
    const page = accountListPage(request);
    const listed = await followRequestsPage(ctx.db, me.id, page);
    const byId = new Map((await loadAccounts(ctx.db, listed.map((l) => l.accountId))).map((a) => [a.id, toAccountEntity(ctx.config, a)]));
    const csrf = await csrfField(ctx, request, reply);
    const rows = listed.flatMap((l) => {
      const a = byId.get(l.accountId);
      if (!a) return [];
      // The forms name the requesting account, as the API does; the server finds the request among this account's only.
      return [html`<li class="card"><p id="fr-${a.id}">${who(a)}</p><div class="actions">
<form method="post" action="/follow_requests/${a.id}/authorize" class="inline">${csrf}<button type="submit" aria-describedby="fr-${a.id}">Accept</button></form>
<form method="post" action="/follow_requests/${a.id}/reject" class="inline">${csrf}<button type="submit" class="secondary" aria-describedby="fr-${a.id}">Reject</button></form>
</div></li>`];
    });
    const paging = pagingLinks('/follow_requests', page, listed.map((l) => l.cursor));
    const body = html`<h1>Follow requests</h1>
${me.locked ? '' : html`<p class="muted">Your account is not locked, so new followers do not need your approval. <a href="/settings/profile">Change that</a>.</p>`}
${rows.length ? html`<ul class="plain">${rows}</ul>` : html`<p class="muted">No one is waiting.</p>`}
${paging.olderHref ? html`<nav class="pagination" aria-label="Pages"><span></span><a href="${paging.olderHref}" rel="next">More</a></nav>` : ''}`;
    return sendWebPage(ctx, request, reply, { title: 'Follow requests', body });
  }));

  for (const list of ['bookmarks', 'favourites'] as const) {
    app.get(`/${list}`, async (request, reply) => asPage(ctx, request, reply, async (me) => {
      const page = listPage(request);
      const saved = await savedStatuses(ctx.db, me.id, list, page);
      const posts = await renderStatuses(ctx, me.id, saved.statusIds);
      const csrf = await csrfField(ctx, request, reply);
      const title = list === 'bookmarks' ? 'Bookmarks' : 'Favourites';
      const body = html`<h1>${title}</h1>
${list === 'bookmarks' ? html`<p class="muted">Only you can see your bookmarks.</p>` : ''}
${renderTimeline(posts, { viewer: me, csrf, showThreadLink: true }, pagingLinks(`/${list}`, page, saved.cursors))}`;
      return sendWebPage(ctx, request, reply, { title, body });
    }));
  }
});
