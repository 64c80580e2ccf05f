import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { PubliusError } from '../../../errors.js';
import { defineRoute } from '../../route.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { field } from '../me/_me.js';
import { actionLabel, appealSummary, messages, moderationNav, staffForm, staffPage } from './_pages.js';

async function appealsPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, me: Account, shown: { error?: string; notice?: string; status?: number } = {}) {
  const pending = await ctx.moderation.appeals(me, 'pending');
  const decided = [...await ctx.moderation.appeals(me, 'reversed', 25), ...await ctx.moderation.appeals(me, 'upheld', 25)];
  const csrf = await csrfField(ctx, request, reply);
  const items = pending.map((a) => {
    const ap = a.appeal!;
    const removal = a.kind === 'remove_post'
      ? html`<p class="muted">A removed post cannot be restored: reversing records that the removal was wrong and tells the account so.</p>` : '';
    return html`<li><article class="card" aria-labelledby="appeal-${ap.id}">
<h2 id="appeal-${ap.id}">Appeal ${ap.id}: ${actionLabel(a.kind)} — @${a.accountHandle}</h2>
<p>Action of ${a.createdOn}${a.statusId ? ` on post ${a.statusId}` : ''} by @${a.moderatorHandle ?? '(deleted)'}${a.reportId ? html`, on <a href="/moderation/reports/${a.reportId}">report ${a.reportId}</a>` : ''}.</p>
<p><strong>Reason given:</strong> ${a.reason}</p>
<p><strong>Appeal (filed ${ap.filedOn}):</strong></p><blockquote>${ap.text}</blockquote>${removal}
<form method="post" action="/moderation/appeals/${ap.id}">${csrf}
<fieldset><legend>Decision on appeal ${ap.id}</legend>
<label><input type="radio" name="decision" value="reversed" required> Reverse the action</label>
<label><input type="radio" name="decision" value="upheld"> Uphold the action</label></fieldset>
<label for="reason-${ap.id}">Reason (the account holder reads this)</label><textarea id="reason-${ap.id}" name="reason" required maxlength="1000" rows="3"></textarea>
<button type="submit">Decide</button></form></article></li>`;
  });
  const body = html`<h1>Appeals</h1>${moderationNav('/moderation/appeals')}${messages(shown)}
${items.length ? html`<ol class="plain">${items}</ol>` : html`<p>No appeals are waiting.</p>`}
<h2>Recently decided</h2>${decided.length ? html`<ul>${decided.map((a) => html`<li>@${a.accountHandle}: ${actionLabel(a.kind)} — ${appealSummary(a)}</li>`)}</ul>` : html`<p>None.</p>`}`;
  return sendWebPage(ctx, request, reply, { title: 'Appeals', body, status: shown.status });
}

/** GET /moderation/appeals and POST /moderation/appeals/:id: appeals waiting for a decision, and deciding one. */
export default defineRoute((app, ctx) => {
  app.get<{ Querystring: { done?: string } }>('/moderation/appeals', async (request, reply) => staffPage(ctx, request, reply, async (me) =>
    appealsPage(ctx, request, reply, me, { notice: request.query.done ? 'Decided: the account holder can read your reason.' : undefined })));

  app.post<{ Params: { id: string } }>('/moderation/appeals/:id', async (request, reply) => staffForm(ctx, request, reply, async (me) => {
    try {
      await ctx.moderation.decideAppeal(me, request.params.id, { decision: field(request.body, 'decision'), reason: field(request.body, 'reason') });
    } catch (err) {
      if (!(err instanceof PubliusError) || err.status === 404) throw err;
      return appealsPage(ctx, request, reply, me, { error: err.message, status: err.status });
    }
    return reply.redirect('/moderation/appeals?done=1', 303);
  }));
});
