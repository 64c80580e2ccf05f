import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { PubliusError } from '../../../errors.js';
import { APPEALABLE, type ActionRecord } from '../../../moderation/moderation.service.js';
import { defineRoute } from '../../route.js';
import { html, type Html } from '../_layout.js';
import { csrfField, requireAccountHolder, sendWebPage, verifyForm } from '../_session.js';
import { field, sendDomainError, settingsNav } from '../me/_me.js';
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

/** The reason of the suspension in effect: that of the latest suspend action, unless a lift came after it. */
function suspensionReason(actions: ActionRecord[]): string | null {
  const latest = actions.find((a) => a.kind === 'suspend' || a.kind === 'unsuspend');
  return latest?.kind === 'suspend' ? latest.reason : null;
}

interface Shown { notice?: string; status?: number; draft?: { id?: string; text?: string; error?: string } }

async function page(ctx: Context, request: FastifyRequest, reply: FastifyReply, me: Account, suspended: boolean, shown: Shown = {}) {
  const actions = await ctx.moderation.actionsAgainst(me);
  const csrf = await csrfField(ctx, request, reply);
  const items = actions.map((a) => html`<li><article class="card" aria-labelledby="action-${a.id}">
<h2 id="action-${a.id}">${actionLabel(a.kind)} — ${a.createdOn}</h2>
${a.statusId ? html`<p>Your post ${a.statusCreatedOn ? `of ${a.statusCreatedOn}` : a.statusId}.</p>` : ''}
<p><strong>Reason:</strong> ${a.reason}</p>
${appealPart(a, csrf, shown.draft ?? {})}</article></li>`);
  const list = items.length ? html`<ol class="plain">${items}</ol>` : html`<p>No moderation actions concern your account.</p>`;
  if (suspended) {
    // The restricted session of a suspended account: no settings links (it may use none of them), its own
    // log-out form (the navigation shows none, since the page is rendered as for nobody).
    const reason = suspensionReason(actions);
    const body = html`<h1>Moderation</h1>${messages({ notice: shown.notice })}
<section class="card" aria-labelledby="suspended-heading"><h2 id="suspended-heading">This account is suspended</h2>
<p>While it is, @${me.handle} cannot post, follow, change its settings, or use apps and the API.${reason ? '' : ' No reason was recorded with the suspension.'}</p>
${reason ? html`<p><strong>Reason:</strong> ${reason}</p>` : ''}
<p>You can read the moderators' reasons below and appeal each action once. If the suspension is lifted, log in again and the account works as before.</p>
<form method="post" action="/logout">${csrf}<button type="submit">Log out</button></form></section>
${list}`;
    return sendWebPage(ctx, request, reply, { title: 'Account suspended', body, status: shown.status, viewer: null });
  }
  const body = html`<h1>Moderation</h1>${settingsNav('/settings/moderation')}${messages({ notice: shown.notice })}
<p>Actions the moderators took about your account or posts, with their reasons. Who reported you is never shown to you, and you can appeal each action once.</p>
${list}`;
  return sendWebPage(ctx, request, reply, { title: 'Moderation', body, status: shown.status });
}

/**
 * GET /settings/moderation and POST /settings/moderation/:id/appeal: the account holder's side of moderation.
 * These are the only pages a suspended account's restricted web session can use (requireAccountHolder).
 */
export default defineRoute((app, ctx) => {
  app.get<{ Querystring: { done?: string } }>('/settings/moderation', async (request, reply) => {
    const holder = await requireAccountHolder(ctx, request, reply);
    if (!holder) return reply;
    try {
      return await page(ctx, request, reply, holder.account, holder.suspended, {
        notice: request.query.done ? 'Your appeal is filed. A moderator will decide it; the decision and its reason will appear here.' : undefined,
      });
    } catch (err) {
      return sendDomainError(ctx, request, reply, err);
    }
  });

  app.post<{ Params: { id: string } }>('/settings/moderation/:id/appeal', async (request, reply) => {
    const holder = await requireAccountHolder(ctx, request, reply);
    if (!holder) return reply;
    if (!(await verifyForm(ctx, request, reply))) return reply;
    const { account: me, suspended } = holder;
    try {
      const text = field(request.body, 'text');
      try {
        await ctx.moderation.appeal(me, request.params.id, text);
      } catch (err) {
        if (!(err instanceof PubliusError) || err.status === 404) throw err;
        return await page(ctx, request, reply, me, suspended, { status: err.status, draft: { id: request.params.id, text, error: err.message } });
      }
      return reply.redirect('/settings/moderation?done=1', 303);
    } catch (err) {
      return sendDomainError(ctx, request, reply, err);
    }
  });
});
