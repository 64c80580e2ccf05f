import { defineRoute } from '../../route.js';
import { ALL_STATES, isCaseState, isClosed } from '../../../legal/desk/case-states.js';
import type { LegalCase } from '../../../legal/desk/case.types.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { DESK_ROLES, requireRolePage, when, words } from './_pages.js';

/**
 * GET /legal — the desk's work list: open cases (or closed ones, or one state) with their respond-by dates,
 * overdue ones marked in words as well as by style, and the deadlines falling due in the next two weeks
 * (the reminders the hourly chores record). Filtering is a plain GET form, so it works without JavaScript.
 */
export default defineRoute((app, ctx) => {
  app.get<{ Querystring: { state?: string; closed?: string } }>('/legal', async (request, reply) => {
    const viewer = await requireRolePage(ctx, request, reply, DESK_ROLES);
    if (!viewer) return reply;
    const stateQ = typeof request.query.state === 'string' && isCaseState(request.query.state) ? request.query.state : undefined;
    const closed = request.query.closed === '1';
    const now = ctx.clock.now();
    const all = await ctx.desk.list({ state: stateQ, open: stateQ ? undefined : !closed, limit: 200 });
    const upcoming = await ctx.desk.upcoming(14);

    const overdue = (c: LegalCase) => !isClosed(c.state) && c.respondBy !== null && new Date(c.respondBy) < now;
    const rows = all.map((c) => html`<tr${overdue(c) ? html` class="overdue"` : ''}>
<th scope="row"><a href="/legal/cases/${c.id}">${c.reference || `Case ${c.id}`}</a></th>
<td>${words(c.state)}${c.valid ? '' : html` <span class="badge">incomplete</span>`}</td>
<td>${c.kind ? words(c.kind) : '—'}</td>
<td>${c.assessment ? c.assessment.recommendation : '—'}</td>
<td>${when(c.receivedAt)}</td>
<td>${when(c.respondBy)}${overdue(c) ? html` <strong class="overdue-mark">overdue</strong>` : ''}</td>
</tr>`);

    const reminders = upcoming.map((d) => {
      const late = new Date(d.due_at) < now;
      return html`<li${late ? html` class="overdue"` : ''}><a href="/legal/cases/${String(d.case_id)}">${d.reference}</a>: ${words(d.kind)} due ${when(d.due_at)}${late ? html` <strong class="overdue-mark">overdue</strong>` : ''}${d.reminded_at ? ' (reminder recorded)' : ''}</li>`;
    });

    const options = ALL_STATES.map((s) => html`<option value="${s}"${s === stateQ ? html` selected` : ''}>${words(s)}</option>`);
    const heading = stateQ ? `Cases: ${words(stateQ)}` : closed ? 'Closed cases' : 'Open cases';
    const body = html`<h1>Legal desk</h1>
<p><a href="/legal/intake" class="button">Take in a demand</a> · <a href="/legal/audit">Verify the audit log</a></p>
<section aria-labelledby="due-h"><h2 id="due-h">Due in the next 14 days</h2>
${reminders.length ? html`<ul class="deadlines">${reminders}</ul>` : html`<p class="muted">Nothing falls due in the next 14 days.</p>`}
</section>
<section aria-labelledby="cases-h"><h2 id="cases-h">${heading}</h2>
<form method="get" action="/legal" class="inline filter"><label for="state">State</label>
<select id="state" name="state"><option value="">all open</option>${options}</select>
<button type="submit">Filter</button></form>
<p>${closed || stateQ ? html`<a href="/legal">Open cases</a>` : html`<a href="/legal?closed=1">Closed cases</a>`}</p>
${rows.length ? html`<table class="cases"><caption>${heading} (${rows.length})</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">State</th><th scope="col">Kind</th><th scope="col">Recommendation</th><th scope="col">Received</th><th scope="col">Respond by</th></tr></thead>
<tbody>${rows}</tbody></table>` : html`<p class="muted">No cases.</p>`}
</section>`;
    return sendWebPage(ctx, request, reply, { title: 'Legal desk', body });
  });
});
