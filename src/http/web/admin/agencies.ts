import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { ADMIN_ROLES, attempt, doneMessage, field, flash, postGuard, requireRolePage, rowParam, when } from '../legal/_pages.js';
import { adminNav } from './overview.js';

interface Draft { name?: string; authority?: string; country?: string }

async function agenciesPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { issued?: Html; error?: string; notice?: string | null; status?: number; draft?: Draft } = {}) {
  const agencies = await ctx.desk.requesters.list();
  const csrf = await csrfField(ctx, request, reply);
  const d = opts.draft ?? {};
  const body = html`<h1>Agency accounts</h1>${adminNav('/admin/agencies')}
${flash({ error: opts.error, notice: opts.notice })}${opts.issued ?? ''}
<p>An agency account lets an agency file demands through the <a href="/portal">requester portal</a> and follow only its own. It never sees the desk’s assessment.</p>
${agencies.length ? html`<table><caption>Agency accounts</caption><thead><tr><th scope="col">Name</th><th scope="col">Authority</th><th scope="col">Country</th><th scope="col">Issued</th><th scope="col">Status</th></tr></thead>
<tbody>${agencies.map((a) => html`<tr><th scope="row">${a.name}</th><td>${a.authority}</td><td>${a.country}</td><td>${when(a.createdAt)}</td>
<td>${a.disabled ? 'disabled' : html`<form method="post" action="/admin/agencies/${a.id}/disable" class="inline">${csrf}<button type="submit" aria-label="Disable ${a.name}">Disable</button></form>`}</td></tr>`)}</tbody></table>` : html`<p class="muted">No agency accounts.</p>`}
<form method="post" action="/admin/agencies" class="card">${csrf}<h2>Issue an agency account</h2>
<label for="name">Name</label><input type="text" id="name" name="name" required minlength="2" maxlength="200" value="${d.name ?? ''}">
<label for="authority">Authority</label><input type="text" id="authority" name="authority" required minlength="2" maxlength="300" value="${d.authority ?? ''}">
<label for="country">Country (ISO code, such as US or DE)</label><input type="text" id="country" name="country" required pattern="[A-Za-z]{2}" maxlength="2" value="${d.country ?? ''}">
<button type="submit">Issue</button></form>`;
  return sendWebPage(ctx, request, reply, { title: 'Agency accounts', body, status: opts.status });
}

/**
 * GET/POST /admin/agencies, POST /admin/agencies/:id/disable — issuing creates a way into the server, so it is
 * the admin's alone. The token is shown once, on the answer to the POST; only its hash is kept.
 */
export default defineRoute((app, ctx) => {
  app.get('/admin/agencies', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, ADMIN_ROLES))) return reply;
    return agenciesPage(ctx, request, reply, { notice: doneMessage(request, { disabled: 'The agency account was disabled; its token no longer works.' }) });
  });

  app.post('/admin/agencies', async (request, reply) => {
    const viewer = await postGuard(ctx, request, reply, ADMIN_ROLES);
    if (!viewer) return reply;
    const draft = { name: field(request.body, 'name'), authority: field(request.body, 'authority'), country: field(request.body, 'country').trim().toUpperCase() };
    const made = await attempt(() => ctx.desk.requesters.issue({ name: draft.name, authority: draft.authority, country: draft.country }, viewer.handle));
    if (!made.ok) return agenciesPage(ctx, request, reply, { error: made.error.message, status: made.error.status, draft });
    const issued = html`<section class="card" aria-labelledby="token-h" role="status"><h2 id="token-h">Access token for ${made.value.requester.name}</h2>
<p><code class="secret">${made.value.token}</code></p>
<p>Give it to the agency through a trusted channel. It is shown only once; if it is lost, disable this account and issue a new one.</p></section>`;
    return agenciesPage(ctx, request, reply, { issued, status: 201 });
  });

  app.post('/admin/agencies/:id/disable', async (request, reply) => {
    const viewer = await postGuard(ctx, request, reply, ADMIN_ROLES);
    if (!viewer) return reply;
    const id = rowParam(request, 'id');
    const done = id ? await attempt(() => ctx.desk.requesters.disable(id, viewer.handle)) : null;
    if (!done || !done.ok) return agenciesPage(ctx, request, reply, { error: done && !done.ok ? done.error.message : 'No such agency account', status: done && !done.ok ? done.error.status : 404 });
    return reply.redirect('/admin/agencies?done=disabled', 303);
  });
});
