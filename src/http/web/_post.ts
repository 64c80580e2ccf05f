import type { Account } from '../../db/schema.js';
import type { StatusEntity } from '../api/entities/status.js';
import { html, Html } from './_layout.js';

/**
 * The post card shared by every page that lists posts (timelines, profiles, threads, search, home).
 * It takes the API's Status entity so that pages and API agree on what a viewer may see and on the post's
 * sanitised HTML; the card never re-renders post text itself.
 */
export interface PostCardOptions {
  /** The signed-in reader; null for anonymous readers, who get no action forms. */
  viewer: Account | null;
  /** The hidden CSRF field (from csrfField) that every action form carries; null renders no forms. */
  csrf: Html | null;
  /** Adds a "Show thread" link (on replies and posts with replies): useful in timelines, pointless on the thread page itself. */
  showThreadLink?: boolean;
  /**
   * The page to come back to after an action (its path and query): sent as the form's `back` field, with the
   * post's anchor, so the reader lands where they were. Without it the action route picks its own page.
   */
  back?: string;
}

export interface Paging {
  olderHref?: string;
  newerHref?: string;
}

const VISIBILITY_LABEL: Record<string, string> = {
  unlisted: 'Unlisted', private: 'Followers only', direct: 'Direct',
};

/** Path of a post's own page; only local accounts exist, so the handle is the whole address. */
export function postPath(post: StatusEntity): string {
  return `/@${post.account.acct}/${post.id}`;
}

/**
 * A readable time that does not depend on the server's locale or time zone, so every reader sees the same
 * text; the machine-readable instant is in `datetime` for anyone who wants it converted.
 */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The path of one of this server's own files. Entities carry absolute URLs under the configured public URL;
 * a page uses the path, so a reader who came by another address of the same server (an onion service, say)
 * is never sent to a different host to fetch an image.
 */
export function sitePath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function renderMedia(post: StatusEntity): Html | '' {
  if (post.media_attachments.length === 0) return '';
  // Each image links to its full-size file: without script there is no lightbox, and the browser's own viewer
  // is the accessible one. A missing description is said out loud rather than left as an empty alt.
  const items = post.media_attachments.map((m) => {
    const w = m.meta.original.width;
    const h = m.meta.original.height;
    return html`<li><a href="${sitePath(m.url)}"><img src="${sitePath(m.preview_url)}" alt="${m.description ?? 'Image without a description'}"${w && h ? html` width="${w}" height="${h}"` : ''} loading="lazy" decoding="async"></a></li>`;
  });
  const list = html`<ul class="media" role="list">${items}</ul>`;
  // Sensitive images without a content warning still stay folded until the reader opens them.
  return post.sensitive && !post.spoiler_text ? html`<details class="sensitive-media"><summary>Sensitive media (${post.media_attachments.length})</summary>${list}</details>` : list;
}

/** A one-button form posting to a post action; the button names the post so a screen reader's list of buttons makes sense. */
// The label says what pressing does next (Favourite / Unfavourite) rather than using aria-pressed: the page is
// reloaded after each press, so a changing label is the state, and the two together would contradict each other.
function actionForm(action: string, label: string, csrf: Html, describedBy: string, back?: string): Html {
  return html`<form method="post" action="${action}" class="inline">${csrf}${back ? html`<input type="hidden" name="back" value="${back}">` : ''}<button type="submit" aria-describedby="${describedBy}">${label}</button></form>`;
}

function renderActions(post: StatusEntity, opts: PostCardOptions, headingId: string, anchor: string): Html {
  const counts = html`<span>${plural(post.replies_count, 'reply', 'replies')}</span>
<span>${plural(post.reblogs_count, 'boost', 'boosts')}</span>
<span>${plural(post.favourites_count, 'favourite', 'favourites')}</span>`;
  if (!opts.viewer || !opts.csrf) return html`<footer>${counts}</footer>`;
  const base = `/posts/${post.id}`;
  const own = post.account.id === opts.viewer.id;
  // Only public and unlisted posts can be boosted: boosting would widen who sees a followers-only or direct post.
  const back = opts.back ? `${opts.back}#${anchor}` : undefined;
  const boostable = post.visibility === 'public' || post.visibility === 'unlisted';
  return html`<footer>${counts}
<a href="/home?reply_to=${post.id}" aria-describedby="${headingId}">Reply</a>
${boostable ? actionForm(`${base}/${post.reblogged ? 'unboost' : 'boost'}`, post.reblogged ? 'Unboost' : 'Boost', opts.csrf, headingId, back) : ''}
${actionForm(`${base}/${post.favourited ? 'unfavourite' : 'favourite'}`, post.favourited ? 'Unfavourite' : 'Favourite', opts.csrf, headingId, back)}
${actionForm(`${base}/${post.bookmarked ? 'unbookmark' : 'bookmark'}`, post.bookmarked ? 'Remove bookmark' : 'Bookmark', opts.csrf, headingId, back)}
${own ? actionForm(`${base}/delete`, 'Delete', opts.csrf, headingId) : html`<a href="${base}/report" aria-describedby="${headingId}">Report</a>`}
</footer>`;
}

/**
 * One post as an `<article>`. A boost shows the boosted post, with a line saying who boosted it; the actions
 * then act on the boosted post (favouriting a boost means favouriting the post).
 */
export function renderPostCard(entry: StatusEntity, opts: PostCardOptions): Html {
  const post = entry.reblog ?? entry;
  const author = post.account;
  const headingId = `post-${entry.id}-author`;
  const path = postPath(post);
  const boostedBy = entry.reblog
    ? html`<p class="boosted-by muted"><a href="/@${entry.account.acct}">${entry.account.display_name || entry.account.acct}</a> boosted</p>`
    : '';
  const visibility = VISIBILITY_LABEL[post.visibility];
  // content is the sanitised HTML the API also serves (escaped text, links and mentions only), so it is markup already.
  const body = html`<div class="content"${post.language ? html` lang="${post.language}"` : ''}>${new Html(post.content)}</div>${renderMedia(post)}`;
  const content = post.spoiler_text
    ? html`<details class="cw"><summary>${post.spoiler_text}</summary>${body}</details>`
    : body;
  const thread = opts.showThreadLink && (post.in_reply_to_id || post.replies_count > 0)
    ? html`<a href="${path}" class="thread-link">${post.in_reply_to_id ? 'Show thread' : 'Show replies'}</a>`
    : '';
  return html`<article class="post" id="post-${entry.id}" aria-labelledby="${headingId}">${boostedBy}
<header><a href="/@${author.acct}" class="author"><span class="name" id="${headingId}">${author.display_name || author.acct}</span> <span class="handle">@${author.acct}</span></a>
<a href="${path}" class="permalink"><time datetime="${post.created_at}">${formatTime(post.created_at)}</time></a>${post.edited_at ? html` <span class="muted">(edited)</span>` : ''}${visibility ? html` <span class="badge">${visibility}</span>` : ''}</header>
${content}${thread}
${renderActions(post, opts, headingId, `post-${entry.id}`)}
</article>`;
}

/** A list of posts with links to older and newer pages (plain links: paging works without script). */
export function renderTimeline(posts: StatusEntity[], opts: PostCardOptions, paging: Paging = {}): Html {
  const list = posts.length
    ? html`<ol class="timeline">${posts.map((p) => html`<li>${renderPostCard(p, opts)}</li>`)}</ol>`
    : html`<p class="muted">No posts here yet.</p>`;
  const nav = paging.olderHref || paging.newerHref
    ? html`<nav class="pagination" aria-label="Pages">${paging.newerHref ? html`<a href="${paging.newerHref}" rel="prev">Newer posts</a>` : html`<span></span>`}${paging.olderHref ? html`<a href="${paging.olderHref}" rel="next">Older posts</a>` : ''}</nav>`
    : '';
  return html`${list}${nav}`;
}
