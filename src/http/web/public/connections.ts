import { defineRoute } from '../../route.js';
import { followersPage, followingPage } from '../../../graph/graph.views.js';
import { loadAccounts } from '../../api/entities/account.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { sitePath } from '../_post.js';
import { toAccountEntity } from '../../api/entities/account.js';
import { accountByHandle, pageFrom, pagingFor, readerOf, sendNotFound } from './_public.js';

/** Accounts per page: the API's default for account lists. */
const LIMIT = 40;

/**
 * GET /@:handle/followers and /@:handle/following — the same lists, in the same order and with the same
 * omissions (suspended accounts, accounts the reader blocks; nothing when the account blocks the reader) as
 * the API's followers and following endpoints. Paged by the follow's own id.
 */
export default defineRoute((app, ctx) => {
  for (const which of ['followers', 'following'] as const) {
    app.get<{ Params: { handle: string } }>(`/@:handle/${which}`, async (request, reply) => {
      const account = await accountByHandle(ctx, request.params.handle);
      if (!account || account.suspended) return sendNotFound(ctx, request, reply, 'There is no account with that handle on this server.');
      const { viewer } = await readerOf(ctx, request, reply);
      const page = { ...pageFrom(request.query), limit: LIMIT };
      const blockedBy = viewer && viewer.id !== account.id && (await ctx.graph.relationship(viewer.id, account.id)).blocked_by;
      const rows = blockedBy ? [] : await (which === 'followers' ? followersPage : followingPage)(ctx.db, account.id, viewer?.id ?? null, page);
      const people = (await loadAccounts(ctx.db, rows.map((r) => r.accountId))).map((a) => toAccountEntity(ctx.config, a));
      const name = account.display_name || account.handle;
      const base = `/@${account.handle}/${which}`;
      const paging = pagingFor(base, {}, rows.map((r) => r.cursor), page);
      const title = which === 'followers' ? `Followers of ${name}` : `Followed by ${name}`;
      const body = html`<h1>${title}</h1>
<p><a href="/@${account.handle}">Back to the profile of @${account.handle}</a></p>
${people.length ? html`<ul class="account-list">${people.map((a) => html`<li><a href="/@${a.acct}"><img src="${sitePath(a.avatar)}" alt="" width="40" height="40" class="avatar-small"> <span class="name">${a.display_name || a.acct}</span> <span class="handle muted">@${a.acct}</span></a></li>`)}</ul>`
    : html`<p class="muted">Nobody to show.</p>`}
${paging.olderHref || paging.newerHref ? html`<nav class="pagination" aria-label="Pages">${paging.newerHref ? html`<a href="${paging.newerHref}" rel="prev">Previous</a>` : html`<span></span>`}${paging.olderHref ? html`<a href="${paging.olderHref}" rel="next">More</a>` : ''}</nav>` : ''}`;
      return sendWebPage(ctx, request, reply, { title, body });
    });
  }
});
