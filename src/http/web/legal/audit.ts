import { defineRoute } from '../../route.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { DESK_ROLES, requireRolePage } from './_pages.js';

const WHY: Record<string, string> = {
  hash_mismatch: 'an entry was changed after it was written (its hash no longer matches its contents)',
  broken_link: 'an entry does not point to the one before it (an entry was removed or inserted)',
  sequence_gap: 'the numbering has a gap (an entry was removed)',
};

/**
 * GET /legal/audit — checks the whole hash chain of the desk's audit log and says plainly whether it is intact,
 * and if not, where it first breaks. The chain's head hash is shown so it can be written down and compared later.
 */
export default defineRoute((app, ctx) => {
  app.get('/legal/audit', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, DESK_ROLES))) return reply;
    const v = await ctx.desk.audit.verify();
    const body = html`<p><a href="/legal">Back to the cases</a></p><h1>Audit log verification</h1>
${v.ok
    ? html`<p class="notice" role="status"><strong>Intact.</strong> All ${v.entries} entries of the audit log link up and match their hashes.</p>
<p>Head of the chain: <code>${v.head}</code></p>`
    : html`<p class="error" role="alert"><strong>Broken.</strong> Of ${v.entries} entries, the chain first fails at entry ${v.firstBadSeq}: ${WHY[v.reason] ?? v.reason}.</p>`}`;
    return sendWebPage(ctx, request, reply, { title: 'Audit log verification', body, status: 200 });
  });
});
