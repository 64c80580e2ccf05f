import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { PubliusError } from '../../../errors.js';
import { defineRoute } from '../../route.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { field } from '../me/_me.js';
import { actionLabel, appealSummary, messages, moderationNav, postsById, staffForm, staffPage } from './_pages.js';

interface Shown { error?: string; notice?: string; status?: number; reason?: string }

async function reportPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, me: Account, id: string, shown: Shown = {}) {
  const { report: r, actions } = await ctx.moderation.report(me, id);
  const target = await ctx.accounts.byId(r.targetAccountId);
  const posts = await postsById(ctx, r.statusIds);
  const rules = r.ruleIds.length ? await ctx.db.selectFrom('instance_rules').select(['id', 'text']).where('id', 'in', r.ruleIds).execute() : [];
  const csrf = await csrfField(ctx, request, reply);
  const action = `/moderation/reports/${r.id}/actions`;
  const reasonField = (suffix: string) => html`<label for="reason-${suffix}">Reason (the account holder reads this)</label>
<textarea id="reason-${suffix}" name="reason" required maxlength="1000" rows="3"${shown.error ? html` aria-describedby="form-error"` : ''}>${shown.reason ?? ''}</textarea>`;

  const postForms = r.statusIds.map((sid) => {
    const p = posts.get(sid);
    if (!p) return html`<li><p><em>Post ${sid} no longer exists.</em></p></li>`;
    return html`<li><article class="card" aria-labelledby="post-${sid}">
<h3 id="post-${sid}">Post ${sid} · ${p.visibility}${p.sensitive ? ' · marked sensitive' : ''}</h3>
${p.spoiler_text ? html`<p><strong>Content warning:</strong> ${p.spoiler_text}</p>` : ''}<p class="post-text">${p.text}</p>
<form method="post" action="${action}">${csrf}<input type="hidden" name="status_id" value="${sid}">
<fieldset><legend>Act on post ${sid}</legend>
<label><input type="radio" name="kind" value="remove_post" required> Remove the post (cannot be undone)</label>
${p.sensitive ? html`<label><input type="radio" name="kind" value="unmark_sensitive"> Lift the sensitive mark</label>` : html`<label><input type="radio" name="kind" value="mark_sensitive"> Mark as sensitive</label>`}
</fieldset>${reasonField(`post-${sid}`)}<button type="submit">Act on this post</button></form>
</article></li>`;
  });

  const accountOptions = [
    target?.silenced ? ['unsilence', 'Lift the limit (unsilence)'] : ['silence', 'Limit the account (silence)'],
    target?.suspended ? ['unsuspend', 'Lift the suspension'] : ['suspend', 'Suspend the account (ends its sessions)'],
    ...(r.state === 'open' ? [['dismiss', 'Dismiss the report (no action; the account is not told)']] : []),
  ];
  const body = html`<h1>Report ${r.id}</h1>${moderationNav('')}${messages(shown)}
<dl class="card">
<dt>Reported account</dt><dd><a href="/@${r.targetHandle}">@${r.targetHandle}</a>${target?.suspended ? ' (suspended)' : ''}${target?.silenced ? ' (silenced)' : ''}</dd>
<dt>Reported by</dt><dd>${r.reporterHandle ? html`<a href="/@${r.reporterHandle}">@${r.reporterHandle}</a>` : 'an account since deleted'} (never shown to the reported account)</dd>
<dt>Category</dt><dd>${r.category}</dd>
${rules.length ? html`<dt>Rules</dt><dd><ul>${rules.map((x) => html`<li>${x.text}</li>`)}</ul></dd>` : ''}
<dt>Comment</dt><dd>${r.comment || 'None'}</dd>
<dt>Filed</dt><dd>${r.createdOn}</dd>
<dt>State</dt><dd>${r.state}${r.resolvedOn ? ` (${r.resolvedOn})` : ''}</dd>
</dl>
<h2>Reported posts</h2>${postForms.length ? html`<ul class="plain">${postForms}</ul>` : html`<p>The report names no posts.</p>`}
<h2>Act on the account</h2>
<form method="post" action="${action}" class="card">${csrf}
<fieldset><legend>Action on @${r.targetHandle}</legend>
${accountOptions.map(([value, label]) => html`<label><input type="radio" name="kind" value="${value}" required> ${label}</label>`)}
</fieldset>${reasonField('account')}<button type="submit">Take this action</button></form>
<h2>Actions taken on this report</h2>
${actions.length ? html`<ul>${actions.map((a) => html`<li>${a.createdOn}: ${actionLabel(a.kind)}${a.statusId ? ` (post ${a.statusId})` : ''} by @${a.moderatorHandle ?? '(deleted)'} — ${a.reason}. ${appealSummary(a)}</li>`)}</ul>` : html`<p>None yet.</p>`}`;
  return sendWebPage(ctx, request, reply, { title: `Report ${r.id}`, body, status: shown.status });
}

/** GET /moderation/reports/:id and POST …/actions: a report, and the forms to act on it (a reason is required). */
export default defineRoute((app, ctx) => {
  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/moderation/reports/:id', async (request, reply) => staffPage(ctx, request, reply, async (me) =>
    reportPage(ctx, request, reply, me, request.params.id, { notice: request.query.done ? 'Done: the action is recorded and the account holder can read your reason.' : undefined })));

  app.post<{ Params: { id: string } }>('/moderation/reports/:id/actions', async (request, reply) => staffForm(ctx, request, reply, async (me) => {
    const reason = field(request.body, 'reason');
    try {
      await ctx.moderation.act(me, { reportId: request.params.id, kind: field(request.body, 'kind'), statusId: field(request.body, 'status_id') || undefined, reason });
    } catch (err) {
      // A refused action shows the report again with the error, and keeps the reason typed so far.
      if (!(err instanceof PubliusError) || err.status === 404) throw err;
      return reportPage(ctx, request, reply, me, request.params.id, { error: err.message, status: err.status, reason });
    }
    return reply.redirect(`/moderation/reports/${request.params.id}?done=1`, 303);
  }));
});
