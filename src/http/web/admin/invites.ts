import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { ADMIN_ROLES, attempt, field, flash, postGuard, requireRolePage } from '../legal/_pages.js';
import { adminNav } from './overview.js';

async function invitesPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { created?: Html; error?: string; status?: number } = {}) {
  const body = html`<h1>Invites</h1>${adminNav('/admin/invites')}
${flash({ error: opts.error })}${opts.created ?? ''}
<p>Sign-up mode on this server: <strong>${ctx.config.signupMode}</strong>. An invite code lets one person sign up.</p>
<form method="post" action="/admin/invites" class="card">${await csrfField(ctx, request, reply)}
<label for="days">Valid for (days)</label><input type="number" id="days" name="days" min="1" max="90" value="7" required>
<button type="submit">Create an invite code</button></form>`;
  return sendWebPage(ctx, request, reply, { title: 'Invites', body, status: opts.status });
}

/**
 * GET/POST /admin/invites — creates an invite code. The code is shown once, on the answer to the POST: the
 * server keeps only its hash, so it cannot be shown again (and the page is never cached: see sendPage).
 */
export default defineRoute((app, ctx) => {
  app.get('/admin/invites', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, ADMIN_ROLES))) return reply;
    return invitesPage(ctx, request, reply);
  });

  app.post('/admin/invites', async (request, reply) => {
    const viewer = await postGuard(ctx, request, reply, ADMIN_ROLES);
    if (!viewer) return reply;
    const days = Number(field(request.body, 'days') || '7');
    if (!Number.isInteger(days) || days < 1 || days > 90) return invitesPage(ctx, request, reply, { error: 'An invite is valid for 1 to 90 days', status: 422 });
    const made = await attempt(() => ctx.accounts.createInvite(viewer, days));
    if (!made.ok) return invitesPage(ctx, request, reply, { error: made.error.message, status: made.error.status });
    const created = html`<section class="card" aria-labelledby="code-h" role="status"><h2 id="code-h">New invite code</h2>
<p><code class="secret">${made.value}</code></p>
<p>Valid for ${days} days. Copy it now: it is shown only once. Sign-up link: <code>${ctx.config.publicUrl}/signup</code> (the code goes into the form).</p></section>`;
    return invitesPage(ctx, request, reply, { created, status: 201 });
  });
});
