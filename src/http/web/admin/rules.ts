import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { ADMIN_ROLES, attempt, doneMessage, field, flash, postGuard, requireRolePage, rowParam } from '../legal/_pages.js';
import { adminNav } from './overview.js';
import { addRule, listRules, removeRule, RULE_HINT_MAX, RULE_TEXT_MAX } from './_rules.store.js';

async function rulesPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { error?: string; notice?: string | null; status?: number; text?: string; hint?: string } = {}) {
  const rules = await listRules(ctx.db);
  const csrf = await csrfField(ctx, request, reply);
  const body = html`<h1>Rules</h1>${adminNav('/admin/rules')}
${flash({ error: opts.error, notice: opts.notice })}
${rules.length ? html`<ol class="rules">${rules.map((r) => html`<li><p><strong>${r.text}</strong></p>${r.hint ? html`<p>${r.hint}</p>` : ''}
<form method="post" action="/admin/rules/${r.id}/remove" class="inline">${csrf}<button type="submit" aria-label="Remove rule: ${r.text}">Remove</button></form></li>`)}</ol>` : html`<p class="muted">No rules yet.</p>`}
<form method="post" action="/admin/rules" class="card">${csrf}<h2>Add a rule</h2>
<label for="text">Rule</label><input type="text" id="text" name="text" required maxlength="${RULE_TEXT_MAX}" value="${opts.text ?? ''}">
<label for="hint">Explanation (optional)</label><textarea id="hint" name="hint" rows="3" maxlength="${RULE_HINT_MAX}">${opts.hint ?? ''}</textarea>
<button type="submit">Add rule</button></form>
<p><a href="/about/rules">The rules as everyone sees them</a></p>`;
  return sendWebPage(ctx, request, reply, { title: 'Rules', body, status: opts.status });
}

/** GET/POST /admin/rules, POST /admin/rules/:id/remove — the instance's rules, shown on /about/rules and in the API. */
export default defineRoute((app, ctx) => {
  app.get('/admin/rules', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, ADMIN_ROLES))) return reply;
    return rulesPage(ctx, request, reply, { notice: doneMessage(request, { added: 'The rule was added.', removed: 'The rule was removed.' }) });
  });

  app.post('/admin/rules', async (request, reply) => {
    if (!(await postGuard(ctx, request, reply, ADMIN_ROLES))) return reply;
    const text = field(request.body, 'text');
    const hint = field(request.body, 'hint');
    const done = await attempt(() => addRule(ctx.db, { text, hint }));
    if (!done.ok) return rulesPage(ctx, request, reply, { error: done.error.message, status: done.error.status, text, hint });
    return reply.redirect('/admin/rules?done=added', 303);
  });

  app.post('/admin/rules/:id/remove', async (request, reply) => {
    if (!(await postGuard(ctx, request, reply, ADMIN_ROLES))) return reply;
    const id = rowParam(request, 'id');
    const done = id ? await attempt(() => removeRule(ctx.db, id)) : null;
    if (!done || !done.ok) return rulesPage(ctx, request, reply, { error: 'No such rule', status: 404 });
    return reply.redirect('/admin/rules?done=removed', 303);
  });
});
