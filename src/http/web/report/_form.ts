import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { PubliusError } from '../../../errors.js';
import { REPORT_CATEGORIES } from '../../../moderation/moderation.service.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { field } from '../me/_me.js';

const CATEGORY_LABELS: Record<string, string> = {
  spam: 'Spam or advertising', legal: 'Illegal content', violation: 'It breaks a server rule', other: 'Something else',
};

export interface ReportTarget {
  /** Where the form posts (and the page lives). */
  path: string;
  account: Account;
  statusId?: string;
  /** What is being reported, shown above the form. */
  preview: Html | string;
}

function list(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | null | undefined)?.[name] ?? (body as Record<string, unknown> | null | undefined)?.[`${name}[]`];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The report form: category, rules (for a violation), a comment. The reported account never learns who sent it. */
export async function reportForm(ctx: Context, request: FastifyRequest, reply: FastifyReply, t: ReportTarget, shown: { error?: string; status?: number; sent?: boolean; values?: { category?: string; comment?: string; rules?: string[] } } = {}) {
  if (shown.sent) {
    return sendWebPage(ctx, request, reply, {
      title: 'Report sent',
      body: html`<h1>Report sent</h1><p class="notice" role="status">Thank you. The moderators will review your report of @${t.account.handle}. They will not tell @${t.account.handle} who reported them.</p><p><a href="/home">Back to your home timeline</a></p>`,
    });
  }
  const rules = await ctx.db.selectFrom('instance_rules').select(['id', 'text']).orderBy('position').orderBy('id').execute();
  const v = shown.values ?? {};
  const body = html`<h1>Report @${t.account.handle}${t.statusId ? "'s post" : ''}</h1>
${shown.error ? html`<p class="error" role="alert" id="form-error">${shown.error}</p>` : ''}
<div class="card">${t.preview}</div>
<form method="post" action="${t.path}" class="card"${shown.error ? html` aria-describedby="form-error"` : ''}>${await csrfField(ctx, request, reply)}
<fieldset><legend>What is wrong?</legend>
${REPORT_CATEGORIES.map((c) => html`<label><input type="radio" name="category" value="${c}" required${(v.category ?? '') === c ? html` checked` : ''}> ${CATEGORY_LABELS[c]}</label>`)}
</fieldset>
${rules.length ? html`<fieldset><legend>Which rules does it break? (for "It breaks a server rule")</legend>
${rules.map((r) => html`<label><input type="checkbox" name="rule_ids" value="${r.id}"${v.rules?.includes(String(r.id)) ? html` checked` : ''}> ${r.text}</label>`)}</fieldset>` : ''}
<label for="comment">Anything the moderators should know (optional, up to 1000 characters)</label>
<textarea id="comment" name="comment" maxlength="1000" rows="4">${v.comment ?? ''}</textarea>
<p class="muted">Only the moderators see this report and who sent it. @${t.account.handle} is not told who reported them.</p>
<button type="submit">Send report</button></form>`;
  return sendWebPage(ctx, request, reply, { title: 'Report', body, status: shown.status });
}

/** Files the report from a posted form; a refusal shows the form again with the error and what was typed. */
export async function submitReport(ctx: Context, request: FastifyRequest, reply: FastifyReply, me: Account, t: ReportTarget) {
  const values = { category: field(request.body, 'category'), comment: field(request.body, 'comment'), rules: list(request.body, 'rule_ids') };
  try {
    await ctx.moderation.fileReport(me, {
      accountId: t.account.id, statusIds: t.statusId ? [t.statusId] : [], category: values.category, comment: values.comment,
      ruleIds: values.category === 'violation' ? values.rules : [],
    });
  } catch (err) {
    if (!(err instanceof PubliusError) || err.status === 404) throw err;
    return reportForm(ctx, request, reply, t, { error: err.message, status: err.status, values });
  }
  return reply.redirect(`${t.path}?sent=1`, 303);
}
