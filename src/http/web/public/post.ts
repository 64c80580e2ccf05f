import { defineRoute } from '../../route.js';
import { isRowId } from '../../ids.js';
import { PubliusError } from '../../../errors.js';
import { renderStatuses } from '../../api/entities/status.js';
import { threadOf } from '../../../posts/posts.views.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { renderPostCard, postPath } from '../_post.js';
import { cardOptions, readerOf, sendNotFound } from './_public.js';

/** Replies shown under a post; a thread longer than this is cut with a note rather than making a huge page. */
const MAX_REPLIES = 200;

const NOT_FOUND = 'This post does not exist, was deleted, or is not visible to you.';

/**
 * GET /@:handle/:id — one post with its thread: the ancestors and replies the reader may see, chosen by the
 * same query as /api/v1/statuses/:id/context. A post the reader may not see is "not found", never
 * "forbidden": the page must not confirm that a followers-only or direct post exists.
 */
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
    const replyIds = thread.descendants.slice(0, MAX_REPLIES);
    const [ancestors, replies] = await Promise.all([
      renderStatuses(ctx, viewerId, thread.ancestors),
      renderStatuses(ctx, viewerId, replyIds),
    ]);
    const opts = cardOptions(request, reader);
    const name = post.account.display_name || post.account.acct;
    const list = (items: typeof replies) => html`<ol class="timeline">${items.map((p) => html`<li>${renderPostCard(p, opts)}</li>`)}</ol>`;
    const body = html`<h1 class="visually-hidden">Post by ${name}</h1>
${ancestors.length ? html`<section aria-labelledby="thread-above"><h2 id="thread-above" class="visually-hidden">Earlier in the thread</h2>${list(ancestors)}</section>` : ''}
<div class="focus">${renderPostCard(post, opts)}</div>
<section aria-labelledby="thread-replies"><h2 id="thread-replies">${replies.length === 0 ? 'No replies' : replies.length === 1 ? '1 reply' : `${replies.length} replies`}</h2>
${replies.length ? list(replies) : ''}
${thread.descendants.length > MAX_REPLIES ? html`<p class="muted">The first ${MAX_REPLIES} replies are shown; the thread goes on in the apps.</p>` : ''}
${reader.viewer ? html`<p><a href="/home?reply_to=${post.id}" class="button">Reply</a></p>` : html`<p class="muted"><a href="/login?next=${encodeURIComponent(request.url)}">Log in</a> to reply.</p>`}
</section>`;
    return sendWebPage(ctx, request, reply, { title: `Post by ${name}`, body });
  });
});
