import type { FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { fail } from '../../../errors.js';
import { defineRoute } from '../../route.js';
import { html } from '../_layout.js';
import { asForm, asPage } from '../me/_me.js';
import { reportForm, submitReport, type ReportTarget } from './_form.js';

async function target(ctx: Context, request: FastifyRequest<{ Params: { handle: string } }>, me: Account): Promise<ReportTarget> {
  const handle = request.params.handle;
  const account = /^[A-Za-z0-9_]{1,30}$/.test(handle) ? await ctx.accounts.byHandle(handle) : undefined;
  if (!account) fail('NOT_FOUND', `No account @${handle}`);
  if (account.id === me.id) fail('VALIDATION', 'You cannot report yourself.');
  return {
    path: `/@${account.handle}/report`, account,
    preview: html`<p>Reporting the account <a href="/@${account.handle}">@${account.handle}</a>${account.display_name ? ` (${account.display_name})` : ''}.</p>`,
  };
}

/** GET and POST /@:handle/report: report an account (its profile) to the moderators. */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { handle: string }; Querystring: { sent?: string } }>('/@:handle/report', async (request, reply) => asPage(ctx, request, reply, async (me) =>
    reportForm(ctx, request, reply, await target(ctx, request, me), { sent: !!request.query.sent })));
  app.post<{ Params: { handle: string } }>('/@:handle/report', async (request, reply) => asForm(ctx, request, reply, async (me) =>
    submitReport(ctx, request, reply, me, await target(ctx, request, me))));
});
