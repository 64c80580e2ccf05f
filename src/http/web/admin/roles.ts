import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { ADMIN_ROLES, attempt, doneMessage, field, flash, postGuard, requireRolePage } from '../legal/_pages.js';
import { adminNav } from './overview.js';

const ROLES: ReadonlyArray<{ value: Account['role']; label: string }> = [
  { value: 'user', label: 'user' },
  { value: 'moderator', label: 'moderator (reports)' },
  { value: 'legal', label: 'legal (the legal desk)' },
  { value: 'admin', label: 'admin' },
];

async function rolesPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { error?: string; notice?: string | null; status?: number; handle?: string } = {}) {
  const staff = await ctx.db.selectFrom('accounts').select(['handle', 'role']).where('role', '!=', 'user').orderBy('role').orderBy('handle').execute();
  const body = html`<h1>Roles</h1>${adminNav('/admin/roles')}
${flash({ error: opts.error, notice: opts.notice })}
<table><caption>Accounts with a role</caption><thead><tr><th scope="col">Account</th><th scope="col">Role</th></tr></thead>
<tbody>${staff.map((a) => html`<tr><th scope="row">@${a.handle}</th><td>${a.role}</td></tr>`)}</tbody></table>
<form method="post" action="/admin/roles" class="card">${await csrfField(ctx, request, reply)}
<label for="handle">Handle</label><input type="text" id="handle" name="handle" required maxlength="30" autocapitalize="none" spellcheck="false" value="${opts.handle ?? ''}">
<label for="role">Role</label><select id="role" name="role">${ROLES.map((r) => html`<option value="${r.value}">${r.label}</option>`)}</select>
<button type="submit">Set role</button></form>`;
  return sendWebPage(ctx, request, reply, { title: 'Roles', body, status: opts.status });
}

/**
 * GET/POST /admin/roles — gives an account a role. An admin cannot take away their own admin role here, so the
 * instance cannot be left without anyone able to undo it from the web.
 */
export default defineRoute((app, ctx) => {
  app.get('/admin/roles', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, ADMIN_ROLES))) return reply;
    return rolesPage(ctx, request, reply, { notice: doneMessage(request, { role: 'The role was set.' }) });
  });

  app.post('/admin/roles', async (request, reply) => {
    const viewer = await postGuard(ctx, request, reply, ADMIN_ROLES);
    if (!viewer) return reply;
    const handle = field(request.body, 'handle').trim().replace(/^@/, '');
    const role = field(request.body, 'role');
    const known = ROLES.find((r) => r.value === role);
    if (!handle || !known) return rolesPage(ctx, request, reply, { error: 'Give a handle and choose a role from the list', status: 422, handle });
    if (handle.toLowerCase() === viewer.handle.toLowerCase() && known.value !== 'admin') {
      return rolesPage(ctx, request, reply, { error: 'You cannot remove your own admin role', status: 409, handle });
    }
    const done = await attempt(() => ctx.accounts.setRole(handle, known.value));
    if (!done.ok) return rolesPage(ctx, request, reply, { error: done.error.message, status: done.error.status, handle });
    return reply.redirect('/admin/roles?done=role', 303);
  });
});
