import { defineRoute } from '../../route.js';
import { fail, PubliusError } from '../../../errors.js';
import { isRowId } from '../../ids.js';
import { renderStatuses } from '../../api/entities/status.js';
import { html, type Html } from '../_layout.js';
import { csrfField, webViewer } from '../_session.js';
import { renderPostCard } from '../_post.js';

/**
 * GET /home/cards/:id — one post card, as the home timeline renders it, for the home page's script to insert
 * when the event stream announces a new post (public/app.js). A fragment, not a page: 401 without a web
 * session (a script has no use for the log-in page), 404 for a post the reader may not see. Its forms carry the
 * same CSRF field as the page's, so they post as if the page had been reloaded.
 */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { id: string } }>('/home/cards/:id', async (request, reply) => {
    const me = webViewer(request);
    const fragment = (status: number, body: Html) =>
      reply.status(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(String(body));
    if (!me) return fragment(401, html`<p class="error">Log in to see your timeline.</p>`);
    const id = request.params.id;
    try {
      if (!isRowId(id)) fail('NOT_FOUND');
      const post = await ctx.posts.visible(me, id);
      // A boost shows the boosted post: the reader must be allowed to see that one too.
      if (post.reblog_of_id) await ctx.posts.visible(me, post.reblog_of_id);
      const [entity] = await renderStatuses(ctx, me.id, [post.id]);
      if (!entity) fail('NOT_FOUND');
      const csrf = await csrfField(ctx, request, reply);
      return fragment(200, renderPostCard(entity, { viewer: me, csrf, showThreadLink: true }));
    } catch (err) {
      if (!(err instanceof PubliusError) || err.status !== 404) throw err;
      return fragment(404, html`<p class="error">Not found.</p>`);
    }
  });
});
