import { defineRoute } from '../../route.js';
import { instanceRules } from '../../../instance/instance.views.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';

/** GET /about/rules — the server's rules, as /api/v1/instance/rules lists them, with their explanations. */
export default defineRoute((app, ctx) => {
  app.get('/about/rules', async (request, reply) => {
    const rules = await instanceRules(ctx.db);
    const body = html`<h1>Rules of ${ctx.config.instanceName}</h1>
${rules.length
    ? html`<ol class="rules">${rules.map((r) => html`<li><strong>${r.text}</strong>${r.hint ? html`<p class="muted">${r.hint}</p>` : ''}</li>`)}</ol>`
    : html`<p>The administrators have not written any rules yet.</p>`}
<p>Posts that break a rule can be reported to the moderators from the post itself. See <a href="/about/privacy">what this server holds</a>.</p>`;
    return sendWebPage(ctx, request, reply, { title: 'Rules', body });
  });
});
