import { defineRoute } from '../route.js';
import { Canary } from '../../legal/canary/canary.js';
import { html, renderPage } from './_layout.js';

const HEADLINE = {
  current: 'The warrant canary is current.',
  expired: 'The warrant canary has EXPIRED.',
  none: 'This instance has not published a warrant canary.',
} as const;

/**
 * The public warrant-canary page. An expired canary is shown as expired, in words, at the top: that is the
 * whole point of a canary. Works without script; the statement, signature and key are given for checking.
 */
export default defineRoute((app, ctx) => {
  app.get('/canary', async (_request, reply) => {
    const c = await new Canary(ctx.db, ctx.clock, ctx.config.instanceName).status();
    const body = html`<h1>Warrant canary</h1>
<p class="canary canary-${c.state}" role="status"><strong>${HEADLINE[c.state]}</strong>
${c.state === 'expired' ? html` It was due to be renewed by ${c.expires_on} and was not. Assume the operators may have received a demand they cannot speak about.` : ''}
${c.state === 'current' ? html` Issued ${c.issued_on}; to be renewed by ${c.expires_on}.` : ''}</p>
${c.statement ? html`<h2>Statement</h2><pre class="statement">${c.statement}</pre>
<h2>How to check it</h2>
<p>The statement is signed with this instance's Ed25519 key${c.fingerprint ? html` (fingerprint <code>${c.fingerprint}</code>)` : ''}.
The signature is ${c.signature_valid ? 'valid' : html`<strong>not valid</strong>`}. Signature: <code class="wrap">${c.signature}</code></p>
<pre class="key">${c.public_key}</pre>
<p>The same as JSON: <a href="/api/v1/publius/canary">/api/v1/publius/canary</a>.</p>` : ''}`;
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'public, max-age=300')
      .send(renderPage(ctx.config, { title: 'Warrant canary', body }));
  });
});
