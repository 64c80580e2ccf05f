import type { FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { fail } from '../../../errors.js';
import { isRowId } from '../../ids.js';
import { enforceAccountRateLimit } from '../../plugins/rate-limits.js';
import { asForm } from '../me/_me.js';
import { backTo, seeOther } from './_back.js';

type PostAction = 'favourite' | 'unfavourite' | 'boost' | 'unboost' | 'bookmark' | 'unbookmark' | 'delete';

/**
 * Each action goes through the same service call as its API endpoint, so the same rules hold: a post the
 * viewer may not see is "not found" (whether or not it exists), and only the author can delete a post.
 */
async function perform(ctx: Context, me: Account, id: string, action: PostAction): Promise<void> {
  switch (action) {
    case 'favourite': await ctx.posts.favourite(me, id, true); return;
    case 'unfavourite': await ctx.posts.favourite(me, id, false); return;
    case 'bookmark': await ctx.posts.bookmark(me, id, true); return;
    case 'unbookmark': await ctx.posts.bookmark(me, id, false); return;
    case 'boost': await ctx.posts.reblog(me, id); return;
    case 'unboost': await ctx.posts.unreblog(me, id); return;
    case 'delete': {
      // `own` refuses another account's post as not found, before anything is touched.
      const own = await ctx.posts.own(me, id);
      await ctx.posts.delete(me, own.id);
      return;
    }
  }
}

/** The post's own page (the boosted post's, for a boost): where a button without a `back` field returns. */
async function postPage(ctx: Context, id: string): Promise<string> {
  const row = await ctx.db.selectFrom('statuses as s')
    .leftJoin('statuses as original', 'original.id', 's.reblog_of_id')
    .innerJoin('accounts', (j) => j.on((eb) => eb('accounts.id', '=', eb.fn.coalesce('original.account_id', 's.account_id'))))
    .select((eb) => ['accounts.handle', eb.fn.coalesce('original.id', 's.id').as('id')])
    .where('s.id', '=', id).executeTakeFirst();
  return row ? `/@${row.handle}/${row.id}` : '/home';
}

/** POST /posts/:id/{favourite,unfavourite,boost,unboost,bookmark,unbookmark,delete} — the buttons under a post. */
export default defineRoute((app, ctx) => {
  const actions: PostAction[] = ['favourite', 'unfavourite', 'boost', 'unboost', 'bookmark', 'unbookmark', 'delete'];
  for (const action of actions) {
    app.post(`/posts/:id/${action}`, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => asForm(ctx, request, reply, async (me) => {
      const { id } = request.params;
      if (!isRowId(id)) fail('NOT_FOUND');
      if (action === 'boost') await enforceAccountRateLimit(ctx, me.id, 'post');
      // Computed first: after a delete the post is gone, and its page with it.
      const fallback = action === 'delete' ? '/home' : await postPage(ctx, id);
      await perform(ctx, me, id, action);
      const back = backTo(request, fallback);
      // Going back to the page of the post just deleted would be a 404.
      return seeOther(reply, action === 'delete' && isPageOf(back, id) ? '/home' : back);
    }));
  }
});

/** Whether `path` is the page of post `id` (a deleted post's page is a 404: nowhere to go back to). */
function isPageOf(path: string, id: string): boolean {
  const m = /^\/@[A-Za-z0-9_]+\/(\d+)(?:[/?#]|$)/.exec(path);
  return m !== null && m[1] === id;
}
