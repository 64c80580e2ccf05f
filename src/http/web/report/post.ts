import type { FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { fail } from '../../../errors.js';
import { isRowId } from '../../ids.js';
import { defineRoute } from '../../route.js';
import { renderStatuses } from '../../api/entities/status.js';
import { renderPostCard } from '../_post.js';
import { asForm, asPage } from '../me/_me.js';
import { reportForm, submitReport, type ReportTarget } from './_form.js';

/** A post the reporter can see (a boost means the boosted post), by someone else. */
async function target(ctx: Context, request: FastifyRequest<{ Params: { id: string } }>, me: Account): Promise<ReportTarget> {
  const { id } = request.params;
  if (!isRowId(id)) fail('NOT_FOUND');
  let [post] = await renderStatuses(ctx, me.id, [id]);
  if (post?.reblog) post = post.reblog;
  if (!post) fail('NOT_FOUND');
  const account = await ctx.accounts.byId(post.account.id);
  if (!account) fail('NOT_FOUND');
  if (account.id === me.id) fail('VALIDATION', 'You cannot report your own post.');
  return { path: `/posts/${post.id}/report`, account, statusId: post.id, preview: renderPostCard(post, { viewer: null, csrf: null }) };
}

/** GET and POST /posts/:id/report: report a post to the moderators. */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { id: string }; Querystring: { sent?: string } }>('/posts/:id/report', async (request, reply) => asPage(ctx, request, reply, async (me) =>
    reportForm(ctx, request, reply, await target(ctx, request, me), { sent: !!request.query.sent })));
  app.post<{ Params: { id: string } }>('/posts/:id/report', async (request, reply) => asForm(ctx, request, reply, async (me) =>
    submitReport(ctx, request, reply, me, await target(ctx, request, me))));
});
