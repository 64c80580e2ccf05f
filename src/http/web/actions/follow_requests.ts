import type { FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import { fail } from '../../../errors.js';
import { isRowId } from '../../ids.js';
import { asForm } from '../me/_me.js';
import { backTo, seeOther } from './_back.js';

/**
 * POST /follow_requests/:id/{authorize,reject} — `:id` is the requesting account, as in the Mastodon API. The
 * graph service looks the request up among those made to the signed-in account only, so naming a request made
 * to someone else finds nothing (404) and changes nothing.
 */
export default defineRoute((app, ctx) => {
  for (const action of ['authorize', 'reject'] as const) {
    app.post(`/follow_requests/:id/${action}`, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => asForm(ctx, request, reply, async (me) => {
      const { id } = request.params;
      if (!isRowId(id)) fail('NOT_FOUND');
      if (action === 'authorize') await ctx.graph.authorize(me, id);
      else await ctx.graph.reject(me, id);
      return seeOther(reply, backTo(request, '/follow_requests'));
    }));
  }
});
