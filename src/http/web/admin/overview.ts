import { defineRoute } from '../../route.js';
import { instanceUsage } from '../../../instance/instance.views.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { ADMIN_ROLES, requireRolePage } from '../legal/_pages.js';

/** The admin pages, linked from every admin page. */
export const ADMIN_LINKS = [
  { href: '/admin', label: 'Overview' }, { href: '/admin/invites', label: 'Invites' }, { href: '/admin/roles', label: 'Roles' },
  { href: '/admin/rules', label: 'Rules' }, { href: '/admin/agencies', label: 'Agency accounts' },
] as const;

export function adminNav(current: string) {
  return html`<nav aria-label="Administration"><ul class="subnav">${ADMIN_LINKS.map((l) => html`<li><a href="${l.href}"${l.href === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`)}</ul></nav>`;
}

/**
 * GET /admin — the instance's settings as configured (read-only: they come from the environment, and no secret
 * is shown) and a few totals. Only public-grade numbers: the same counts NodeInfo publishes, plus desk totals.
 */
export default defineRoute((app, ctx) => {
  app.get('/admin', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, ADMIN_ROLES))) return reply;
    const c = ctx.config;
    const [usage, open, agencies, rules] = await Promise.all([
      instanceUsage(ctx.db, ctx.clock), ctx.desk.list({ open: true, limit: 200 }), ctx.desk.requesters.list(),
      ctx.db.selectFrom('instance_rules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const body = html`<h1>Administration</h1>${adminNav('/admin')}
<section aria-labelledby="settings-h"><h2 id="settings-h">Instance settings</h2>
<p class="hint">Set in the server’s environment; change them there and restart.</p>
<dl class="facts">
<dt>Name</dt><dd>${c.instanceName}</dd>
<dt>Description</dt><dd>${c.instanceDescription || '—'}</dd>
<dt>Address</dt><dd>${c.publicUrl}</dd>
<dt>Sign-up mode</dt><dd>${c.signupMode}</dd>
<dt>Onion address</dt><dd>${c.onionAddress ?? 'none'}</dd>
</dl></section>
<section aria-labelledby="counts-h"><h2 id="counts-h">Counts</h2>
<table><caption>Totals</caption><tbody>
<tr><th scope="row">Accounts (not suspended)</th><td>${usage.users}</td></tr>
<tr><th scope="row">Active in the last 30 days</th><td>${usage.activeMonth}</td></tr>
<tr><th scope="row">Posts</th><td>${usage.statuses}</td></tr>
<tr><th scope="row">Rules</th><td>${Number(rules.n)}</td></tr>
<tr><th scope="row">Open legal cases</th><td>${open.length}${open.length === 200 ? '+' : ''}</td></tr>
<tr><th scope="row">Agency accounts in use</th><td>${agencies.filter((a) => !a.disabled).length}</td></tr>
</tbody></table></section>`;
    return sendWebPage(ctx, request, reply, { title: 'Administration', body });
  });
});
