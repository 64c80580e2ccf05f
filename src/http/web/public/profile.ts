import type { FastifyReply, FastifyRequest } from 'fastify';
import { followerChartFor } from '../../../insights/figures.js';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { renderStatuses } from '../../api/entities/status.js';
import { toAccountEntity, type AccountWithImages } from '../../api/entities/account.js';
import { accountStatuses } from '../../../timelines/timelines.views.js';
import { html, Html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { renderTimeline, sitePath } from '../_post.js';
import { accountByHandle, cardOptions, pageFrom, pagingFor, queryString, readerOf, sendNotFound } from './_public.js';

const TABS = [
  { id: 'posts', label: 'Posts' },
  { id: 'replies', label: 'Posts and replies' },
  { id: 'media', label: 'Media' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** One-button forms to the profile actions (built in web/actions); each carries the page to come back to. */
async function relationshipForms(ctx: Context, viewer: Account, target: Account, csrf: Html, back: string): Promise<Html> {
  const rel = await ctx.graph.relationship(viewer.id, target.id);
  const form = (action: string, label: string, extra: Html | '' = '') =>
    html`<form method="post" action="/@${target.handle}/${action}" class="inline">${csrf}<input type="hidden" name="back" value="${back}">${extra}<button type="submit">${label}</button></form>`;
  const follow = rel.following ? form('unfollow', 'Unfollow')
    : rel.requested ? form('unfollow', 'Withdraw follow request')
      : rel.blocking ? '' : form('follow', target.locked ? 'Ask to follow' : 'Follow');
  return html`<div class="actions profile-actions">${follow}
${rel.muting ? form('unmute', 'Unmute') : form('mute', 'Mute')}
${rel.blocking ? form('unblock', 'Unblock') : form('block', 'Block')}
<a href="/@${target.handle}/report">Report</a>
${rel.followed_by ? html`<span class="badge">Follows you</span>` : ''}</div>`;
}

function suspendedPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, account: AccountWithImages) {
  // Nothing of a suspended account's profile is shown: only that the handle exists and is suspended.
  return sendWebPage(ctx, request, reply, {
    status: 410, title: `@${account.handle}`,
    body: html`<h1>@${account.handle}</h1><p class="warning" role="status">This account has been suspended by the moderators of ${ctx.config.instanceName}.</p>`,
  });
}

/** GET /@:handle — a profile: header, bio, counts, relationship buttons, and the account's posts in three tabs. */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { handle: string } }>('/@:handle', async (request, reply) => {
    const account = await accountByHandle(ctx, request.params.handle);
    if (!account) return sendNotFound(ctx, request, reply, 'There is no account with that handle on this server.');
    if (account.suspended) return suspendedPage(ctx, request, reply, account);
    const reader = await readerOf(ctx, request, reply);
    const viewerId = reader.viewer?.id ?? null;
    const wanted = queryString(request.query, 'tab');
    const tab: Tab = TABS.some((t) => t.id === wanted) ? wanted as Tab : 'posts';
    const page = pageFrom(request.query);
    const ids = await accountStatuses(ctx.db, viewerId, account.id, {
      onlyMedia: tab === 'media', excludeReplies: tab === 'posts', excludeReblogs: tab === 'media',
    }, page, ctx.clock.now());
    const posts = await renderStatuses(ctx, viewerId, ids);
    const entity = toAccountEntity(ctx.config, account);
    const base = `/@${account.handle}`;
    const self = reader.viewer?.id === account.id;
    const tabHref = (t: Tab) => (t === 'posts' ? base : `${base}?tab=${t}`);
    const tabs = TABS.map((t) => html`<li><a href="${tabHref(t.id)}"${t.id === tab ? html` aria-current="page"` : ''}>${t.label}</a></li>`);
    const name = account.display_name || account.handle;
    // The follower chart (counts only, sampled; no reader is recorded) heads the first page of the profile.
    const firstPage = tab === 'posts' && !queryString(request.query, 'max_id') && !queryString(request.query, 'min_id');
    const body = html`<section class="profile-header" aria-labelledby="profile-name">
<img class="banner" src="${sitePath(entity.header)}" alt="">
<div class="who"><img class="avatar" src="${sitePath(entity.avatar)}" alt="" width="80" height="80">
<div><h1 id="profile-name">${name}</h1><p class="handle muted">@${account.handle}@${ctx.config.domain}${account.locked ? html` <span class="badge">Approves followers</span>` : ''}${account.bot ? html` <span class="badge">Automated</span>` : ''}</p></div></div>
${entity.note ? html`<div class="bio">${new Html(entity.note)}</div>` : ''}
<ul class="counts">
<li><a href="${base}"><strong>${account.statuses_count}</strong> ${account.statuses_count === 1 ? 'post' : 'posts'}</a></li>
<li><a href="${base}/following"><strong>${account.following_count}</strong> following</a></li>
<li><a href="${base}/followers"><strong>${account.followers_count}</strong> ${account.followers_count === 1 ? 'follower' : 'followers'}</a></li>
<li><a href="${base}/insights">Insights</a></li>
</ul>
${reader.viewer && reader.csrf && !self ? await relationshipForms(ctx, reader.viewer, account, reader.csrf, request.url) : ''}
${self ? html`<p class="profile-actions"><a href="/settings">Edit your profile</a></p>` : ''}
</section>
${firstPage ? html`<section class="profile-chart" aria-label="Followers over time">${await followerChartFor(ctx, account.id)}</section>` : ''}
<nav aria-label="Posts of ${name}" class="tabs"><ul>${tabs}</ul></nav>
<h2 class="visually-hidden">${TABS.find((t) => t.id === tab)!.label}</h2>
${renderTimeline(posts, cardOptions(request, reader, { showThreadLink: true }), pagingFor(base, { tab: tab === 'posts' ? undefined : tab }, ids, page))}`;
    return sendWebPage(ctx, request, reply, { title: `${name} (@${account.handle})`, body, path: base });
  });
});
