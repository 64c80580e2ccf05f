import { defineRoute } from '../../route.js';
import { isRowId } from '../../ids.js';
import { PubliusError } from '../../../errors.js';
import { renderStatuses } from '../../api/entities/status.js';
import { threadOf } from '../../../posts/posts.views.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { renderPostCard, postPath } from '../_post.js';
import { cardOptions, readerOf, sendNotFound } from './_public.js';

/** Replies per page under a post; a longer thread goes on over further pages (`?from=`). */
const MAX_REPLIES = 100;
/** Replies nest visibly this deep; deeper ones stay at this indent (a phone has no room for more). */
const MAX_INDENT = 5;

const NOT_FOUND = 'This post does not exist, was deleted, or is not visible to you.';

/**
 * GET /@:handle/:id — one post with its thread: the ancestors and replies the reader may see, chosen by the
 * same query as /api/v1/statuses/:id/context. A post the reader may not see is "not found", never
 * "forbidden": the page must not confirm that a followers-only or direct post exists.
 */
/** How deep each reply sits under the post (its direct replies are 1), from the reply chain the thread query returns. */
function replyDepths(rootId: string, ids: string[], parentOf: Map<string, string | null>): Map<string, number> {
  const depth = new Map<string, number>();
  // Depth-first order puts every parent before its replies; a parent hidden from this reader counts as the root.
  for (const id of ids) {
    const up = parentOf.get(id);
    depth.set(id, up && up !== rootId && depth.has(up) ? depth.get(up)! + 1 : 1);
  }
  return depth;
}

export default defineRoute((app, ctx) => {
  app.get<{ Params: { handle: string; id: string } }>('/@:handle/:id', async (request, reply) => {
    const { handle, id } = request.params;
    if (!isRowId(id)) return sendNotFound(ctx, request, reply, NOT_FOUND);
    const reader = await readerOf(ctx, request, reply);
    const viewerId = reader.viewer?.id ?? null;
    let statusId: string;
    try {
      statusId = (await ctx.posts.visible(reader.viewer, id)).id;
    } catch (err) {
      if (err instanceof PubliusError && err.status === 404) return sendNotFound(ctx, request, reply, NOT_FOUND);
      throw err;
    }
    const [post] = await renderStatuses(ctx, viewerId, [statusId]);
    if (!post) return sendNotFound(ctx, request, reply, NOT_FOUND);
    // A boost has no page of its own, and a post is reached under its author's handle only: anything else
    // goes to the one canonical address (so links and bookmarks agree).
    const canonical = postPath(post.reblog ?? post);
    if (post.reblog || handle.replace(/^@/, '').toLowerCase() !== post.account.acct.toLowerCase()) return reply.redirect(canonical, 301);
    if (post.account.suspended) return sendNotFound(ctx, request, reply, NOT_FOUND);

    const thread = await threadOf(ctx.db, viewerId, post.id, ctx.clock.now());
    const fromRaw = Number((request.query as Record<string, unknown>).from ?? 0);
    const from = Number.isSafeInteger(fromRaw) && fromRaw > 0 && fromRaw < thread.descendants.length ? fromRaw - (fromRaw % MAX_REPLIES) : 0;
    const replyIds = thread.descendants.slice(from, from + MAX_REPLIES);
    const depth = replyDepths(post.id, thread.descendants, thread.parentOf);
    const [ancestors, replies] = await Promise.all([
      renderStatuses(ctx, viewerId, thread.ancestors),
      renderStatuses(ctx, viewerId, replyIds),
    ]);
    const opts = cardOptions(request, reader);
    const name = post.account.display_name || post.account.acct;
    const list = (items: typeof replies) => html`<ol class="timeline">${items.map((p) => html`<li>${renderPostCard(p, opts)}</li>`)}</ol>`;
    // Replies come depth-first (each reply under the one it answers); the indent shows who answers whom.
    const nested = (items: typeof replies) => html`<ol class="timeline thread">${items.map((p) => html`<li class="depth-${Math.min(depth.get(p.id) ?? 1, MAX_INDENT)}">${renderPostCard(p, opts)}</li>`)}</ol>`;
    const total = thread.descendants.length;
    const pager = total > MAX_REPLIES ? html`<nav aria-label="Replies pages" class="pager"><p class="muted">Replies ${from + 1}–${from + replies.length} of ${total}.</p>
${from > 0 ? html`<a href="${canonical}${from - MAX_REPLIES > 0 ? `?from=${from - MAX_REPLIES}` : ''}" rel="prev">Earlier replies</a> ` : ''}${from + MAX_REPLIES < total ? html`<a href="${canonical}?from=${from + MAX_REPLIES}" rel="next">More replies</a>` : ''}</nav>` : '';
    const body = html`<h1 class="visually-hidden">Post by ${name}</h1>
${ancestors.length ? html`<section aria-labelledby="thread-above"><h2 id="thread-above" class="visually-hidden">Earlier in the thread</h2>${list(ancestors)}</section>` : ''}
<div class="focus">${renderPostCard(post, opts)}</div>
<section aria-labelledby="thread-replies"><h2 id="thread-replies">${total === 0 ? 'No replies' : total === 1 ? '1 reply' : `${total} replies`}</h2>
${replies.length ? nested(replies) : ''}
${pager}
${reader.viewer ? html`<p><a href="/home?reply_to=${post.id}" class="button">Reply</a></p>` : html`<p class="muted"><a href="/login?next=${encodeURIComponent(request.url)}">Log in</a> to reply.</p>`}
</section>`;
    return sendWebPage(ctx, request, reply, { title: `Post by ${name}`, body });
  });
});
