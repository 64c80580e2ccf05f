import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { PubliusError } from '../../../errors.js';
import { APPEALABLE, type ActionRecord } from '../../../moderation/moderation.service.js';
import { defineRoute } from '../../route.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { asForm, asPage, field, settingsNav } from '../me/_me.js';
import { actionLabel, messages } from '../moderation/_pages.js';

function appealPart(a: ActionRecord, csrf: Html, draft: { id?: string; text?: string; error?: string }): Html | string {
  if (a.appeal) {
    const ap = a.appeal;
    if (ap.state === 'pending') return html`<p><strong>Your appeal</strong> (filed ${ap.filedOn}) is waiting for a moderator.</p><blockquote>${ap.text}</blockquote>`;
    return html`<p><strong>Your appeal</strong> (filed ${ap.filedOn}) was ${ap.state === 'reversed' ? 'granted: the action is reversed' : 'rejected: the action stands'} on ${ap.decidedOn ?? ''}.</p>
<p><strong>Moderator's reason:</strong> ${ap.decisionReason ?? ''}</p>${ap.state === 'reversed' && a.kind === 'remove_post' ? html`<p class="muted">A removed post cannot be restored; you may post it again.</p>` : ''}`;
  }
  if (!APPEALABLE.includes(a.kind)) return '';
  const mine = draft.id === a.id;
  return html`<form method="post" action="/settings/moderation/${a.id}/appeal">${csrf}
<label for="appeal-${a.id}">Appeal this decision (once, up to 1000 characters)</label>
${mine && draft.error ? html`<p class="error" role="alert" id="appeal-error-${a.id}">${draft.error}</p>` : ''}
<textarea id="appeal-${a.id}" name="text" required maxlength="1000" rows="3"${mine && draft.error ? html` aria-describedby="appeal-error-${a.id}"` : ''}>${mine ? draft.text ?? '' : ''}</textarea>
${a.kind === 'remove_post' ? html`<p class="muted">Even if your appeal succeeds, a removed post cannot be restored.</p>` : ''}
<button type="submit">File appeal</button></form>`;
}

async function page(ctx: Context, request: FastifyRequest, reply: FastifyReply, me: Account, shown: { notice?: string; status?: number; draft?: { id?: string; text?: string; error?: string } } = {}) {
  const actions = await ctx.moderation.actionsAgainst(me);
  const csrf = await csrfField(ctx, request, reply);
  const items = actions.map((a) => html`<li><article class="card" aria-labelledby="action-${a.id}">
<h2 id="action-${a.id}">${actionLabel(a.kind)} — ${a.createdOn}</h2>
${a.statusId ? html`<p>Your post ${a.statusCreatedOn ? `of ${a.statusCreatedOn}` : a.statusId}.</p>` : ''}
<p><strong>Reason:</strong> ${a.reason}</p>
${appealPart(a, csrf, shown.draft ?? {})}</article></li>`);
  const body = html`<h1>Moderation</h1>${settingsNav('/settings/moderation')}${messages({ notice: shown.notice })}
<p>Actions the moderators took about your account or posts, with their reasons. Who reported you is never shown to you, and you can appeal each action once.</p>
${items.length ? html`<ol class="plain">${items}</ol>` : html`<p>No moderation actions concern your account.</p>`}`;
  return sendWebPage(ctx, request, reply, { title: 'Moderation', body, status: shown.status });
}

/** GET /settings/moderation and POST /settings/moderation/:id/appeal: the account holder's side of moderation. */
export default defineRoute((app, ctx) => {
  app.get<{ Querystring: { done?: string } }>('/settings/moderation', async (request, reply) => asPage(ctx, request, reply, async (me) =>
    page(ctx, request, reply, me, { notice: request.query.done ? 'Your appeal is filed. A moderator will decide it; the decision and its reason will appear here.' : undefined })));

  app.post<{ Params: { id: string } }>('/settings/moderation/:id/appeal', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    const text = field(request.body, 'text');
    try {
      await ctx.moderation.appeal(me, request.params.id, text);
    } catch (err) {
      if (!(err instanceof PubliusError) || err.status === 404) throw err;
      return page(ctx, request, reply, me, { status: err.status, draft: { id: request.params.id, text, error: err.message } });
    }
    return reply.redirect('/settings/moderation?done=1', 303);
  }));
});
