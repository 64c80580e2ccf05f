import { defineRoute } from '../route.js';
import { Canary } from '../../legal/canary/canary.js';
import { INVENTORY } from '../../privacy/inventory.js';
import { html } from './_layout.js';
import { sendWebPage, webViewer } from './_session.js';
import { heldAndNeverHeld } from './about/_categories.js';

const CANARY_WORDS = {
  current: 'The warrant canary is current',
  expired: 'The warrant canary has EXPIRED',
  none: 'This server has not published a warrant canary',
} as const;

/**
 * GET / — the landing page: the server's promise in plain words. What it holds and never holds comes from
 * the data inventory (the same list the privacy page and the legal desk use), so the promise cannot say more
 * than the code keeps to; the canary's state is read live.
 */
export default defineRoute((app, ctx) => {
  app.get('/', async (request, reply) => {
    const viewer = webViewer(request);
    const { held, neverHeld } = heldAndNeverHeld();
    const canary = await new Canary(ctx.db, ctx.clock, ctx.config.instanceName).status();
    const signup = ctx.config.signupMode;
    const body = html`<h1>${ctx.config.instanceName}</h1>
${ctx.config.instanceDescription ? html`<p class="lead">${ctx.config.instanceDescription}</p>` : ''}
<section aria-labelledby="promise" class="card"><h2 id="promise">What this server never knows about you</h2>
<p>It does not ask for, and its database has no place to keep:</p>
<ul class="never-held">${neverHeld.map((w) => html`<li>${w}</li>`)}</ul>
<p>You sign up with a handle and a passphrase. If you lose the passphrase, recovery codes — shown once when you sign up — let you back in; there is no email to reset it.</p></section>
<section aria-labelledby="holds"><h2 id="holds">What it does hold</h2>
<p>Only what a microblog needs: ${held.join('; ')}. Every one of its ${Object.keys(INVENTORY).length} tables is listed with what it is for and how long it is kept on <a href="/about/privacy">what this server holds</a>.</p></section>
<section aria-labelledby="canary-state"><h2 id="canary-state">Warrant canary</h2>
<p class="canary canary-${canary.state}"><strong>${CANARY_WORDS[canary.state]}.</strong>
${canary.state === 'current' ? html` Renewed ${canary.issued_on}; due again by ${canary.expires_on}.` : ''}
${canary.state === 'expired' ? html` It was due by ${canary.expires_on} and was not renewed.` : ''}
<a href="/canary">Read and check the statement</a>.</p>
<p>Every demand for data and how it was answered is counted in the <a href="/transparency">transparency report</a>.</p></section>
<section aria-labelledby="start"><h2 id="start">Join or look around</h2>
<p class="actions">${viewer
    ? html`<a href="/home" class="button">Go to your home timeline</a>`
    : html`${signup === 'closed' ? '' : html`<a href="/signup" class="button">Sign up</a>`}<a href="/login">Log in</a>`}
<a href="/public">Read the local timeline</a> <a href="/about/rules">Rules</a></p>
${!viewer && signup === 'closed' ? html`<p class="muted">Sign-ups are closed on this server.</p>` : ''}
${!viewer && signup === 'invite' ? html`<p class="muted">Sign-ups need an invite code from someone here.</p>` : ''}</section>`;
    return sendWebPage(ctx, request, reply, { title: 'Welcome', body, path: '/' });
  });
});
