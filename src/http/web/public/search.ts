import { defineRoute } from '../../route.js';
import { search } from '../../../search/search.service.js';
import { loadAccounts, toAccountEntity } from '../../api/entities/account.js';
import { renderStatuses } from '../../api/entities/status.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { renderTimeline, sitePath } from '../_post.js';
import { cardOptions, queryString, readerOf } from './_public.js';

/** Results per kind and page. */
const LIMIT = 20;
/** How far paging goes: deep offsets cost the database a scan of everything before them. */
const MAX_OFFSET = 500;

/**
 * GET /search?q= — accounts, hashtags and posts, found by the same service as /api/v2/search. As there,
 * posts are searched only for signed-in readers (and only among posts they may see).
 */
export default defineRoute((app, ctx) => {
  app.get('/search', async (request, reply) => {
    const reader = await readerOf(ctx, request, reply);
    const q = queryString(request.query, 'q').trim().slice(0, 500);
    const form = html`<form method="get" action="/search" role="search" class="card">
<label for="q">Search accounts, hashtags${reader.viewer ? ' and posts' : ''}</label>
<input type="search" id="q" name="q" value="${q}" maxlength="500">
<button type="submit">Search</button></form>`;
    if (!q) return sendWebPage(ctx, request, reply, { title: 'Search', body: html`<h1>Search</h1>${form}` });

    // Anonymous readers get the first page only, as anonymous search through the API (Mastodon refuses an offset there).
    const asked = Number(queryString(request.query, 'offset') || 0);
    const offset = reader.viewer && Number.isSafeInteger(asked) && asked > 0 && asked <= MAX_OFFSET ? asked - (asked % LIMIT) : 0;
    const found = await search(ctx, reader.viewer?.id ?? null, { q, following: false, limit: LIMIT, offset });
    const [accounts, posts] = await Promise.all([
      loadAccounts(ctx.db, found.accountIds),
      renderStatuses(ctx, reader.viewer?.id ?? null, found.statusIds),
    ]);
    const people = accounts.filter((a) => !a.suspended).map((a) => toAccountEntity(ctx.config, a));
    const none = people.length === 0 && found.tagNames.length === 0 && posts.length === 0;
    const more = reader.viewer && offset + LIMIT <= MAX_OFFSET
      && (found.accountIds.length === LIMIT || found.tagNames.length === LIMIT || found.statusIds.length === LIMIT);
    const page = (at: number) => `/search?q=${encodeURIComponent(q)}${at ? `&offset=${at}` : ''}`;
    const pager = offset > 0 || more ? html`<nav aria-label="Result pages" class="pager">
${offset > 0 ? html`<a href="${page(offset - LIMIT)}" rel="prev">Previous results</a> ` : ''}${more ? html`<a href="${page(offset + LIMIT)}" rel="next">More results</a>` : ''}</nav>` : '';
    const body = html`<h1>Search</h1>${form}
<p role="status">${none ? html`Nothing ${offset ? 'more ' : ''}found for “${q}”.` : html`Results for “${q}”${offset ? html`, from number ${offset + 1}` : ''}.`}</p>
${people.length ? html`<section aria-labelledby="found-accounts"><h2 id="found-accounts">Accounts</h2><ul class="account-list">
${people.map((a) => html`<li><a href="/@${a.acct}"><img src="${sitePath(a.avatar)}" alt="" width="40" height="40" class="avatar-small"> <span class="name">${a.display_name || a.acct}</span> <span class="handle muted">@${a.acct}</span></a></li>`)}
</ul></section>` : ''}
${found.tagNames.length ? html`<section aria-labelledby="found-tags"><h2 id="found-tags">Hashtags</h2><ul>
${found.tagNames.map((t) => html`<li><a href="/tags/${encodeURIComponent(t.toLowerCase())}">#${t}</a></li>`)}
</ul></section>` : ''}
${posts.length ? html`<section aria-labelledby="found-posts"><h2 id="found-posts">Posts</h2>${renderTimeline(posts, cardOptions(request, reader, { showThreadLink: true }))}</section>` : ''}
${pager}
${reader.viewer ? '' : html`<p class="muted"><a href="/login?next=${encodeURIComponent(request.url)}">Log in</a> to search posts too.</p>`}`;
    return sendWebPage(ctx, request, reply, { title: `Search: ${q}`, body, path: '/search' });
  });
});
