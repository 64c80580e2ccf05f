import { defineRoute } from '../../route.js';
import type { LegalNoticeView } from '../../../legal/desk/notices.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { asForm, asPage, flash, settingsNav } from './_me.js';

function notice(n: LegalNoticeView, csrf: unknown) {
  const b = n.notice;
  const range = b.date_range ? `${b.date_range.from ?? 'the beginning'} to ${b.date_range.to ?? 'now'}` : null;
  return html`<article class="card legal-notice${n.read ? '' : ' unread'}" aria-labelledby="notice-${n.id}">
<h2 id="notice-${n.id}">${b.kind === 'removal' ? 'A demand to remove your posts' : 'A demand for information about your account'}
${n.read ? '' : html` <span class="badge">new</span>`}</h2>
<p class="muted">Delivered <time datetime="${n.delivered_at}">${n.delivered_at.slice(0, 10)}</time> · case ${b.case_id}</p>
<dl>
<dt>From</dt><dd>${b.from.authority} (${b.from.country}, ${b.from.level})</dd>
<dt>Received</dt><dd>${b.received_on}</dd>
<dt>Kind of legal process</dt><dd>${b.process}${b.legal_basis.length ? html` — ${b.legal_basis.join('; ')}` : ''}</dd>
${b.stated_purpose ? html`<dt>Stated purpose</dt><dd>${b.stated_purpose}</dd>` : ''}
<dt>What was asked for</dt><dd>${b.asked_for.length ? html`<ul>${b.asked_for.map((a) => html`<li>${a}</li>`)}</ul>` : 'Not stated'}</dd>
${range ? html`<dt>Period</dt><dd>${range}</dd>` : ''}
${b.items.length ? html`<dt>Posts named</dt><dd><ul>${b.items.map((i) => html`<li>${i}</li>`)}</ul></dd>` : ''}
<dt>Publius answers by</dt><dd>${b.respond_by ?? 'No date set'}${b.respond_by ? html` <span class="muted">(your time to seek help or object)</span>` : ''}</dd>
<dt>Publius's position</dt><dd>${b.publius_position || 'Not decided yet'}</dd>
</dl>
<details><summary>The demand's text (other people's names removed)</summary><pre>${b.redacted_text}</pre></details>
<h3>Getting legal help</h3><p class="legal-help">${b.legal_help}</p>
${n.read ? '' : html`<form method="post" action="/legal-notices/${n.id}/read" class="inline">${csrf}<button type="submit" class="secondary" aria-describedby="notice-${n.id}">Mark as read</button></form>`}
</article>`;
}

/**
 * GET /legal-notices — the legal notices delivered to this account (never a scheduled or withheld one: the
 * desk's service only returns delivered notices); POST /legal-notices/:id/read marks one read.
 */
export default defineRoute((app, ctx) => {
  app.get<{ Querystring: { done?: string } }>('/legal-notices', async (request, reply) => asPage(ctx, request, reply, async (me) => {
    const notices = await ctx.desk.notices.forAccount(me.id);
    const csrf = await csrfField(ctx, request, reply);
    const body = html`<h1>Settings</h1>${settingsNav('/legal-notices')}
<h2 class="visually-hidden">Legal notices</h2>
${flash(request.query.done === '1' ? 'Marked as read.' : null)}
<p>When an authority demands information about your account or the removal of your posts, this server tells you
here, unless a court has ordered it not to (then you are told the day the order ends). This server has no e-mail
address for you: this page is the only place a notice arrives.</p>
${notices.length ? notices.map((n) => notice(n, csrf)) : html`<p class="muted">There are no legal notices for your account.</p>`}`;
    return sendWebPage(ctx, request, reply, { title: 'Legal notices', body });
  }));

  app.post<{ Params: { id: string } }>('/legal-notices/:id/read', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    // Scoped to this account by the desk: another account's notice id is not found.
    await ctx.desk.notices.markRead(me.id, request.params.id);
    return reply.redirect('/legal-notices?done=1', 303);
  }));
});
