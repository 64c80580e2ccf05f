import { defineRoute } from '../../route.js';
import { INVENTORY } from '../../../privacy/inventory.js';
import { html } from '../_layout.js';
import { sendWebPage } from '../_session.js';
import { CLASS_WORDS, heldAndNeverHeld } from './_categories.js';

/**
 * GET /about/privacy — what this server holds, generated from the data inventory (which a test keeps equal to
 * the live schema): every table's purpose and retention, every column's description and class, and the
 * categories of data no column holds. Nothing here is typed in by hand, so it cannot drift from the code.
 */
export default defineRoute((app, ctx) => {
  app.get('/about/privacy', async (request, reply) => {
    const { held, neverHeld } = heldAndNeverHeld();
    const tables = Object.entries(INVENTORY);
    const body = html`<h1>What this server holds</h1>
<p>This page is generated from the list of every table and column in ${ctx.config.instanceName}'s database. The software checks that list against the real database, so nothing is stored that is not described here.</p>
<section aria-labelledby="never-held"><h2 id="never-held">Never collected</h2>
<p>No table holds any of these, so no one — the operators included — can hand them over:</p>
<ul class="never-held">${neverHeld.map((w) => html`<li>${w}</li>`)}</ul></section>
<section aria-labelledby="held"><h2 id="held">Held</h2>
<p>Kinds of data that are held, in some form:</p><ul>${held.map((w) => html`<li>${w}</li>`)}</ul>
<p>Classes used below: <strong>${CLASS_WORDS.public}</strong> — anyone who can see the thing it belongs to;
<strong>${CLASS_WORDS.private}</strong> — not shown to others; <strong>${CLASS_WORDS.secret}</strong> — stored only as a hash, never shown to anyone;
<strong>${CLASS_WORDS.operational}</strong> — needed to run the service, about no one.</p></section>
<section aria-labelledby="tables"><h2 id="tables">Every table (${tables.length})</h2>
<nav aria-label="Tables"><ul class="table-index">${tables.map(([name]) => html`<li><a href="#table-${name}"><code>${name}</code></a></li>`)}</ul></nav>
${tables.map(([name, t]) => html`<section id="table-${name}" aria-labelledby="table-${name}-h" class="inventory-table">
<h3 id="table-${name}-h"><code>${name}</code></h3>
<p>${t.purpose}</p><p><strong>Kept:</strong> ${t.retention}</p>
<table><caption class="visually-hidden">Columns of ${name}</caption><thead><tr><th scope="col">Column</th><th scope="col">What it is</th><th scope="col">Class</th></tr></thead>
<tbody>${Object.entries(t.columns).map(([col, c]) => html`<tr><th scope="row"><code>${col}</code></th><td>${c.description}${c.hiddenFromOwner ? html` (left out of the account holder's own copy: it ${c.hiddenFromOwner})` : ''}</td><td>${CLASS_WORDS[c.class]}</td></tr>`)}</tbody></table>
</section>`)}
</section>
<p>Signed in, you can see what is held about you in your settings. See also the <a href="/transparency">transparency report</a> and the <a href="/canary">warrant canary</a>.</p>`;
    return sendWebPage(ctx, request, reply, { title: 'What this server holds', body });
  });
});
