import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { CATEGORY_LABELS, LEGAL_CATEGORIES, type LegalCategory } from '../../../legal/index.js';
import { heldCategories } from '../../../legal/desk/assess-held.js';
import { DECIDABLE, isClosed, manualMoves } from '../../../legal/desk/case-states.js';
import type { LegalCase } from '../../../legal/desk/case.types.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { flash, when, words } from './_pages.js';

/** What the decision form held when it was refused, so the desk member's reason is not lost. */
export interface DecisionDraft {
  recommendation: string;
  dateFrom: string;
  dateTo: string;
  produce: string[];
  notice: string;
  noticeDate: string;
  reason: string;
  removal: string;
  countries: string;
}

export interface CasePageOptions {
  error?: string | null;
  notice?: string | null;
  status?: number;
  draft?: DecisionDraft;
}

const RECOMMENDATIONS = ['comply', 'narrow', 'challenge', 'reject', 'clarify'] as const;
const NOTICE_ACTIONS = [
  { value: 'notify_now', label: 'Notify the account holder now' },
  { value: 'notify_after', label: 'Notify after a date (the order’s end)' },
  { value: 'withhold', label: 'Withhold notice (order without end date)' },
] as const;
/** Only a decision to hand something over leads to a package (src/legal/production/package.ts). */
const PRODUCIBLE = new Set(['approved', 'complied', 'partially_complied']);

const label = (c: string) => (CATEGORY_LABELS as Record<string, string>)[c] ?? c;
const selected = (on: boolean) => (on ? html` selected` : '');
const checked = (on: boolean) => (on ? html` checked` : '');

/** The demand exactly as stored: a valid one re-serialised, an invalid one as the raw text that arrived. */
function demandText(c: LegalCase): string {
  const doc = c.document as Record<string, unknown> | null;
  if (doc && typeof doc === 'object' && typeof doc.raw === 'string') return doc.raw;
  return JSON.stringify(c.document, null, 2);
}

/** JSON of an audit entry's details, for reading; escaped like everything else (it repeats outside text). */
function payloadText(payload: unknown): string {
  if (payload === null || payload === undefined) return '';
  const text = JSON.stringify(payload);
  return text === '{}' ? '' : text;
}

/**
 * The case page: everything the desk needs to work a case, with every form that acts on it. All text that
 * came with the demand is untrusted and goes through `html` escaping like anything else.
 */
export async function sendCasePage(ctx: Context, request: FastifyRequest, reply: FastifyReply, c: LegalCase, opts: CasePageOptions = {}) {
  const [deadlines, notices, documents, events, holds] = await Promise.all([
    ctx.desk.deadlines(c.id), ctx.desk.notices.forCase(c.id), ctx.desk.documents(c.id), ctx.desk.events(c.id), ctx.holds.forCase(c.id),
  ]);
  const csrf = await csrfField(ctx, request, reply);
  const a = c.assessment;
  const now = ctx.clock.now();
  const base = `/legal/cases/${c.id}`;
  const overdue = !isClosed(c.state) && c.respondBy !== null && new Date(c.respondBy) < now;

  const summary = html`<dl class="facts">
<dt>State</dt><dd>${words(c.state)}${isClosed(c.state) ? ' (closed)' : ''}</dd>
<dt>Kind</dt><dd>${c.kind ? words(c.kind) : '—'}${c.process ? html`, ${words(c.process)}` : ''}</dd>
<dt>From</dt><dd>${c.demand ? html`${c.demand.issuer.authority} (${c.demand.issuer.country})` : '—'}${c.requesterId ? ' — filed through the requester portal' : ''}</dd>
<dt>Accounts named</dt><dd>${c.targets.length ? c.targets.map((t, i) => html`${i ? ', ' : ''}@${t}`) : '—'}</dd>
<dt>Received</dt><dd>${when(c.receivedAt)}</dd>
<dt>Respond by</dt><dd>${when(c.respondBy)}${overdue ? html` <strong class="overdue-mark">overdue</strong>` : ''}</dd>
${c.closedAt ? html`<dt>Closed</dt><dd>${when(c.closedAt)}</dd>` : ''}
${c.documentSha256 ? html`<dt>Scan SHA-256</dt><dd><code>${c.documentSha256}</code></dd>` : ''}
</dl>`;

  const problems = c.problems.length
    ? html`<section aria-labelledby="problems-h" class="card warn"><h2 id="problems-h">Problems with the demand as received</h2>
<ul class="problems">${c.problems.map((p) => html`<li>${p}</li>`)}</ul>
<p class="hint">The demand is kept exactly as received. Ask the requester for a corrected demand (move the case to “awaiting clarification”).</p></section>`
    : '';

  const demand = html`<section aria-labelledby="demand-h"><h2 id="demand-h">The demand as received</h2>
<pre class="demand" tabindex="0" aria-label="Demand text">${demandText(c)}</pre></section>`;

  let assessment: Html | string = '';
  if (a) {
    const findings = a.findings.map((f) => html`<tr class="sev-${f.severity}"><th scope="row"><code>${f.code}</code></th><td>${f.severity}</td><td>${f.message}</td>
<td>${f.citations.length ? html`<ul class="citations">${f.citations.map((x) => html`<li>${x}</li>`)}</ul>` : '—'}</td></tr>`);
    const cats = (list: readonly string[]) => (list.length ? html`<ul>${list.map((x) => html`<li>${label(x)} <code>${x}</code></li>`)}</ul>` : html`<p class="muted">None.</p>`);
    assessment = html`<section aria-labelledby="assess-h"><h2 id="assess-h">Assessment</h2>
<p>Recommendation: <strong class="recommendation">${a.recommendation}</strong></p>
<table class="findings"><caption>Findings (${a.findings.length})</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Citations</th></tr></thead>
<tbody>${findings}</tbody></table>
<div class="categories">
<h3>Produce</h3>${cats(a.categories.produce)}
<h3>Withhold</h3>${a.categories.withhold.length ? html`<ul>${a.categories.withhold.map((w) => html`<li>${label(w.category)} <code>${w.category}</code> — <code>${w.reason}</code></li>`)}</ul>` : html`<p class="muted">None.</p>`}
<h3>Not held (Publius never collects these)</h3>${cats(a.categories.not_held)}
</div>
<p>Notice to the account holder: <strong>${words(a.notice.action)}</strong>${a.notice.date ? html` after ${a.notice.date}` : ''} — ${a.notice.reason}</p>
</section>`;
  }

  const deadlineRows = deadlines.map((d) => {
    const late = !d.done_at && new Date(d.due_at) < now;
    return html`<tr${late ? html` class="overdue"` : ''}><th scope="row">${words(d.kind)}</th><td>${when(d.due_at)}${late ? html` <strong class="overdue-mark">overdue</strong>` : ''}</td><td>${d.reminded_at ? when(d.reminded_at) : '—'}</td><td>${d.done_at ? when(d.done_at) : '—'}</td></tr>`;
  });
  const deadlineSection = html`<section aria-labelledby="deadlines-h"><h2 id="deadlines-h">Deadlines</h2>
${deadlineRows.length ? html`<table><caption>Deadlines of this case</caption><thead><tr><th scope="col">Deadline</th><th scope="col">Due</th><th scope="col">Reminded</th><th scope="col">Done</th></tr></thead><tbody>${deadlineRows}</tbody></table>` : html`<p class="muted">No deadlines.</p>`}
</section>`;

  const decision = await decisionSection(c, csrf, base, opts.draft);

  const moves = manualMoves(c.state);
  const transition = html`<section aria-labelledby="move-h"><h2 id="move-h">Move the case</h2>
${moves.length ? html`<form method="post" action="${base}/transition" class="card">${csrf}
<label for="move-to">New state</label><select id="move-to" name="to" required>${moves.map((m) => html`<option value="${m}">${words(m)}</option>`)}</select>
<label for="move-reason">Reason</label><input type="text" id="move-reason" name="reason" required minlength="3" maxlength="10000">
<button type="submit">Move</button></form>` : html`<p class="muted">No move can be made by hand from ${words(c.state)}.</p>`}
<p class="hint">Approving, producing and removing happen only through the decision and the production package.</p>
</section>`;

  const comments = events.filter((e) => e.type === 'case.comment');
  const commentSection = html`<section aria-labelledby="comments-h"><h2 id="comments-h">Comments</h2>
${comments.length ? html`<ul class="comments">${comments.map((e) => html`<li><p>${String((e.payload as { text?: unknown })?.text ?? '')}</p><p class="muted">${e.actor ?? ''}, ${when(e.at)}</p></li>`)}</ul>` : html`<p class="muted">No comments.</p>`}
<form method="post" action="${base}/comments" class="card">${csrf}
<label for="comment">Comment</label><textarea id="comment" name="text" rows="3" required maxlength="10000"></textarea>
<button type="submit">Add comment</button></form></section>`;

  const documentSection = html`<section aria-labelledby="docs-h"><h2 id="docs-h">Documents</h2>
${documents.length ? html`<table><caption>Documents attached to this case</caption><thead><tr><th scope="col">File</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">SHA-256</th><th scope="col">Uploaded</th></tr></thead>
<tbody>${documents.map((d) => html`<tr><th scope="row"><a href="${base}/documents/${String(d.id)}" download>${d.filename}</a></th><td>${d.media_type}</td><td>${Number(d.size_bytes)} bytes</td><td><code>${d.sha256}</code></td><td>${when(d.uploaded_at)}</td></tr>`)}</tbody></table>` : html`<p class="muted">No documents.</p>`}
<form method="post" action="${base}/documents" enctype="multipart/form-data" class="card">${csrf}
<label for="attach">Attach a document (PDF, PNG, JPEG, TIFF or text)</label><input type="file" id="attach" name="document" required accept="application/pdf,image/png,image/jpeg,image/tiff,text/plain">
<button type="submit">Attach</button></form></section>`;

  const pending = notices.filter((n) => n.state !== 'delivered');
  const noticeSection = html`<section aria-labelledby="notices-h"><h2 id="notices-h">Notices to account holders</h2>
${notices.length ? html`<table><caption>Notice schedule</caption><thead><tr><th scope="col">Account</th><th scope="col">State</th><th scope="col">Deliver at</th><th scope="col">Delivered</th><th scope="col">Read</th></tr></thead>
<tbody>${notices.map((n) => html`<tr><th scope="row">@${n.account}</th><td>${words(n.state)}</td><td>${when(n.deliver_at)}</td><td>${when(n.delivered_at)}</td><td>${n.read ? 'yes' : 'no'}</td></tr>`)}</tbody></table>` : html`<p class="muted">No notices planned.</p>`}
${pending.length ? html`<form method="post" action="${base}/notices/release" class="card">${csrf}
<h3>Release a notice</h3><p class="hint">When the court lifts the order or sets its end: deliver now (no date) or on a date. A written reason is required.</p>
<label for="notice-account">Account</label><select id="notice-account" name="account">${pending.map((n) => html`<option value="${n.account}">@${n.account}</option>`)}</select>
<label for="notice-when">Deliver on (empty: now)</label><input type="date" id="notice-when" name="when">
<label for="notice-reason">Reason</label><textarea id="notice-reason" name="reason" rows="2" required minlength="10"></textarea>
<button type="submit">Release notice</button></form>` : ''}
</section>`;

  const holdSection = html`<section aria-labelledby="holds-h"><h2 id="holds-h">Preservation holds</h2>
${holds.length ? html`<table><caption>Holds of this case</caption><thead><tr><th scope="col">Account</th><th scope="col">Since</th><th scope="col">Expires</th><th scope="col">Renewals</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
<tbody>${holds.map((h) => {
    const active = !h.releasedAt && !h.purgedAt && new Date(h.expiresAt) > now;
    return html`<tr><th scope="row">@${h.handle}</th><td>${when(h.startsAt)}</td><td>${when(h.expiresAt)}</td><td>${h.renewals}</td>
<td>${h.purgedAt ? 'purged' : h.releasedAt ? 'released' : active ? 'in force' : 'expired'}</td>
<td>${active ? html`<form method="post" action="${base}/holds/${h.id}/renew" class="inline">${csrf}<button type="submit">Renew 90 days</button></form>
<form method="post" action="${base}/holds/${h.id}/release" class="inline">${csrf}<button type="submit">Release</button></form>` : '—'}</td></tr>`;
  })}</tbody></table>` : html`<p class="muted">No preservation holds.</p>`}
</section>`;

  const producing = c.decision && ['comply', 'narrow'].includes(c.decision.recommendation);
  const production = PRODUCIBLE.has(c.state) && producing
    ? html`<section aria-labelledby="prod-h"><h2 id="prod-h">Production</h2>
<p>Builds the signed package (the records in scope, statements for what is withheld or never collected, manifest and certificate) and downloads it as a zip. Delivering it marks the case complied.</p>
<form method="post" action="${base}/production">${csrf}<button type="submit">Build production package</button></form></section>`
    : '';

  const eventRows = events.map((e) => html`<tr><td>${e.seq}</td><td>${when(e.at)}</td><th scope="row">${e.type}</th><td>${e.actor ?? ''}</td><td><code class="payload">${payloadText(e.payload)}</code></td></tr>`);
  const audit = html`<section aria-labelledby="audit-h"><h2 id="audit-h">Audit log of this case</h2>
<table class="audit"><caption>Every act on this case, in order (<a href="/legal/audit">verify the whole chain</a>)</caption>
<thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Event</th><th scope="col">By</th><th scope="col">Details</th></tr></thead>
<tbody>${eventRows}</tbody></table></section>`;

  const body = html`<p><a href="/legal">Back to the cases</a></p>
<h1>Case ${c.reference || c.id}</h1>
${flash({ error: opts.error, notice: opts.notice })}
${summary}${problems}${assessment}${deadlineSection}${decision}${transition}${production}${noticeSection}${holdSection}${documentSection}${commentSection}${demand}${audit}`;
  return sendWebPage(ctx, request, reply, { title: `Case ${c.reference || c.id}`, body, status: opts.status });
}

async function decisionSection(c: LegalCase, csrf: Html, base: string, draft?: DecisionDraft): Promise<Html> {
  const d = c.decision;
  const current = d ? html`<div class="card"><h3>Decision on record</h3><dl class="facts">
<dt>Action</dt><dd>${d.action === 'override' ? 'override of the assessment' : 'confirmation of the assessment'}</dd>
<dt>Recommendation</dt><dd>${d.recommendation}</dd>
<dt>Produce</dt><dd>${d.produce.length ? d.produce.map((x, i) => html`${i ? ', ' : ''}${label(x)}`) : 'nothing'}</dd>
<dt>Notice</dt><dd>${words(d.notice.action)}${d.notice.date ? html` after ${d.notice.date}` : ''}</dd>
${d.removal ? html`<dt>Removal</dt><dd>${words(d.removal.outcome)}${d.removal.countries.length ? html` (${d.removal.countries.join(', ')})` : ''}</dd>` : ''}
<dt>Reason</dt><dd>${d.reason || '—'}</dd>
<dt>By</dt><dd>${d.by}, ${when(d.at)}</dd></dl></div>` : '';
  const a = c.assessment;
  if (!a || !c.demand || !DECIDABLE.has(c.state)) {
    return html`<section aria-labelledby="decision-h"><h2 id="decision-h">Decision</h2>${current || html`<p class="muted">No decision can be recorded in this state.</p>`}</section>`;
  }
  const demand = c.demand;
  const requested = new Set<string>(demand.all_records ? LEGAL_CATEGORIES : demand.categories);
  const held = new Set(heldCategories());
  const choosable = (LEGAL_CATEGORIES as readonly LegalCategory[]).filter((x) => requested.has(x) && held.has(x));
  const rec = draft?.recommendation ?? d?.recommendation ?? a.recommendation;
  const produce = new Set(draft?.produce ?? d?.produce ?? a.categories.produce);
  const notice = draft?.notice ?? d?.notice.action ?? a.notice.action;
  const noticeDate = draft?.noticeDate ?? (d?.notice.date ?? a.notice.date ?? '').slice(0, 10);
  const removal = demand.kind === 'removal'
    ? html`<label for="removal">Removal outcome</label><select id="removal" name="removal">
${(['remove', 'withhold_in_country', 'reject'] as const).map((o) => html`<option value="${o}"${selected((draft?.removal ?? d?.removal?.outcome ?? '') === o)}>${words(o)}</option>`)}</select>
<label for="countries">Countries for “withhold in country” (ISO codes, comma-separated)</label><input type="text" id="countries" name="countries" value="${draft?.countries ?? d?.removal?.countries.join(', ') ?? ''}">`
    : '';

  return html`<section aria-labelledby="decision-h"><h2 id="decision-h">Decision</h2>${current}
<form method="post" action="${base}/decision" class="card" aria-describedby="override-rule">
${csrf}
<p id="override-rule" class="hint">Keeping the assessment’s recommendation (<strong>${a.recommendation}</strong>), its categories and its notice <strong>confirms</strong> it. Anything else — another recommendation, producing a category the assessment withheld, another notice — is an <strong>override and needs a written reason</strong> of at least 10 characters.</p>
<label for="recommendation">Recommendation</label>
<select id="recommendation" name="recommendation">${RECOMMENDATIONS.map((r) => html`<option value="${r}"${selected(r === rec)}>${r}${r === a.recommendation ? ' (assessment)' : ''}</option>`)}</select>
<fieldset><legend>Categories to produce (only requested categories Publius holds; used for comply and narrow)</legend>
${choosable.length ? choosable.map((x) => html`<label class="check"><input type="checkbox" name="produce" value="${x}"${checked(produce.has(x))}> ${label(x)} <code>${x}</code></label>`) : html`<p class="muted">Nothing requested is held here.</p>`}
</fieldset>
<fieldset><legend>Narrow to records dated between (optional; both days included, UTC)</legend>
<label for="date_from">From</label><input type="date" id="date_from" name="date_from" value="${draft?.dateFrom ?? d?.date_range?.from ?? ''}">
<label for="date_to">To</label><input type="date" id="date_to" name="date_to" value="${draft?.dateTo ?? d?.date_range?.to ?? ''}">
</fieldset>
<label for="notice">Notice to the account holder</label>
<select id="notice" name="notice">${NOTICE_ACTIONS.map((n) => html`<option value="${n.value}"${selected(n.value === notice)}>${n.label}${n.value === a.notice.action ? ' (assessment)' : ''}</option>`)}</select>
<label for="notice_date">Notice date (for “notify after”)</label><input type="date" id="notice_date" name="notice_date" value="${noticeDate}">
${removal}
<label for="reason">Reason (required for an override)</label>
<textarea id="reason" name="reason" rows="4" maxlength="10000">${draft?.reason ?? ''}</textarea>
<button type="submit">Record decision</button>
</form></section>`;
}
