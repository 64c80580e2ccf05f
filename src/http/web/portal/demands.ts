import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { Requester } from '../../../legal/desk/requesters.js';
import { requesterActor } from '../../api/v1/publius/legal/_legal-auth.js';
import { toRequesterCase } from '../../api/v1/publius/legal/_legal-entities.js';
import { isClosed } from '../../../legal/desk/case-states.js';
import { html } from '../_layout.js';
import { csrfField, verifyForm } from '../_session.js';
import { attempt, field, flash, rowParam, sendProblemPage, when, words } from '../legal/_pages.js';
import { demandFields, readDemandForm } from '../legal/intake.js';
import { requirePortal, sendPortalPage } from './_portal.js';

type RequesterCase = ReturnType<typeof toRequesterCase>;

/**
 * The agency's own demand named by the path, reduced to what an agency may see (toRequesterCase: never the
 * assessment, its findings or the decision's reason). Another agency's case, or one the desk entered, is the
 * same 404 as a case that does not exist, so case numbers reveal nothing.
 */
async function ownDemand(ctx: Context, request: FastifyRequest, requester: Requester): Promise<RequesterCase | null> {
  const id = rowParam(request, 'id');
  const found = id ? await attempt(() => ctx.desk.get(id)) : null;
  if (!found || !found.ok || found.value.requesterId !== requester.id) return null;
  return toRequesterCase(found.value);
}

const problemList = (problems: string[]) => (problems.length ? html`<ul class="problems">${problems.map((p) => html`<li>${p}</li>`)}</ul>` : 'none');

async function newDemandPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, requester: Requester, opts: { text?: string; error?: string; status?: number } = {}) {
  const body = html`<h1>File a demand</h1>
${flash({ error: opts.error })}
<form method="post" action="/portal/demands/new" enctype="multipart/form-data" class="card"${opts.error ? html` aria-describedby="form-error"` : ''}>
${await csrfField(ctx, request, reply)}
${demandFields(opts.text ?? '')}
<button type="submit">File the demand</button>
</form>`;
  return sendPortalPage(ctx, request, reply, requester, { title: 'File a demand', body, status: opts.status });
}

async function demandPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, requester: Requester, c: RequesterCase, opts: { error?: string; notice?: string; status?: number } = {}) {
  const closed = isClosed(c.state as Parameters<typeof isClosed>[0]);
  const body = html`<p><a href="/portal/demands">Back to your demands</a></p>
<h1>Demand ${c.reference || c.id}</h1>
${flash(opts)}
<dl class="facts"><dt>State</dt><dd>${words(c.state)}</dd><dt>Received</dt><dd>${when(c.received_at)}</dd>
<dt>Response due</dt><dd>${when(c.respond_by)}</dd><dt>Problems with the demand</dt><dd>${problemList(c.problems)}</dd></dl>
${closed ? html`<p class="muted">This demand is closed.</p>` : html`<form method="post" action="/portal/demands/${c.id}/withdraw" class="card">
${await csrfField(ctx, request, reply)}
<h2>Withdraw this demand</h2>
<label for="reason">Reason</label><textarea id="reason" name="reason" rows="3" required minlength="3" maxlength="10000"></textarea>
<button type="submit">Withdraw</button></form>`}`;
  return sendPortalPage(ctx, request, reply, requester, { title: `Demand ${c.reference || c.id}`, body, status: opts.status });
}

/**
 * The requester portal's pages for a signed-in agency: its own demands, filing a new one (text or file, with
 * a scan), one demand's state and problems, withdrawing it. Every page is built from toRequesterCase, the same
 * reduced view the portal's API gives, so nothing of the desk's legal analysis can reach an agency.
 */
export default defineRoute((app, ctx) => {
  app.get('/portal/demands', async (request, reply) => {
    const requester = await requirePortal(ctx, request, reply);
    if (!requester) return reply;
    const cases = (await ctx.desk.list({ requesterId: requester.id, limit: 200 })).map(toRequesterCase);
    const rows = cases.map((c) => html`<tr><th scope="row"><a href="/portal/demands/${c.id}">${c.reference || c.id}</a></th><td>${words(c.state)}</td>
<td>${when(c.received_at)}</td><td>${when(c.respond_by)}</td><td>${problemList(c.problems)}</td></tr>`);
    const body = html`<h1>Your demands</h1>
<p><a href="/portal/demands/new" class="button">File a demand</a></p>
${rows.length ? html`<table><caption>Demands filed by ${requester.name}</caption>
<thead><tr><th scope="col">Reference</th><th scope="col">State</th><th scope="col">Received</th><th scope="col">Response due</th><th scope="col">Problems</th></tr></thead>
<tbody>${rows}</tbody></table>` : html`<p class="muted">You have not filed any demand.</p>`}`;
    return sendPortalPage(ctx, request, reply, requester, { title: 'Your demands', body });
  });

  app.get('/portal/demands/new', async (request, reply) => {
    const requester = await requirePortal(ctx, request, reply);
    if (!requester) return reply;
    return newDemandPage(ctx, request, reply, requester);
  });

  app.post('/portal/demands/new', async (request, reply) => {
    const requester = await requirePortal(ctx, request, reply);
    if (!requester) return reply;
    if (!(await verifyForm(ctx, request, reply))) return reply;
    const form = readDemandForm(request.body);
    if (!form.ok) return newDemandPage(ctx, request, reply, requester, { text: field(request.body, 'demand'), error: form.error, status: 422 });
    const stored = await attempt(() => ctx.desk.intake({
      text: form.text, filename: form.filename, scan: form.scan, actor: requesterActor(requester), requesterId: requester.id,
    }));
    if (!stored.ok) return newDemandPage(ctx, request, reply, requester, { text: form.text, error: stored.error.message, status: stored.error.status });
    return reply.redirect(`/portal/demands/${stored.value.id}?done=filed`, 303);
  });

  app.get('/portal/demands/:id', async (request, reply) => {
    const requester = await requirePortal(ctx, request, reply);
    if (!requester) return reply;
    const c = await ownDemand(ctx, request, requester);
    if (!c) return sendProblemPage(ctx, request, reply, 404, 'No such demand', 'You filed no demand with that number.', { href: '/portal/demands', label: 'Your demands' });
    const done = (request.query as Record<string, unknown>).done;
    const notice = done === 'filed' ? 'Your demand was received and stored.' : done === 'withdrawn' ? 'Your demand was withdrawn.' : undefined;
    return demandPage(ctx, request, reply, requester, c, { notice });
  });

  app.post('/portal/demands/:id/withdraw', async (request, reply) => {
    const requester = await requirePortal(ctx, request, reply);
    if (!requester) return reply;
    if (!(await verifyForm(ctx, request, reply))) return reply;
    const c = await ownDemand(ctx, request, requester);
    if (!c) return sendProblemPage(ctx, request, reply, 404, 'No such demand', 'You filed no demand with that number.', { href: '/portal/demands', label: 'Your demands' });
    const done = await attempt(() => ctx.desk.transition(c.id, 'withdrawn', field(request.body, 'reason'), requesterActor(requester)));
    if (!done.ok) return demandPage(ctx, request, reply, requester, c, { error: done.error.message, status: done.error.status });
    return reply.redirect(`/portal/demands/${c.id}?done=withdrawn`, 303);
  });
});
