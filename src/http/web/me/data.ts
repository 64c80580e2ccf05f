import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { HeldTable } from '../../../privacy/privacy.service.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { html } from '../_layout.js';
import { csrfField, endWebSessionCookie, sendWebPage } from '../_session.js';
import { asForm, asPage, field, settingsNav } from './_me.js';

/** Rows shown per table on the page; the export holds all of them. Keeps the page small for a busy account. */
const ROWS_SHOWN = 20;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function heldTable(t: HeldTable) {
  const columns = [...new Set(t.rows.flatMap((r) => Object.keys(r)))];
  const shown = t.rows.slice(0, ROWS_SHOWN);
  return html`<section class="card" aria-labelledby="held-${t.table}">
<h3 id="held-${t.table}"><code>${t.table}</code> <span class="badge">${t.rows.length} row${t.rows.length === 1 ? '' : 's'}</span></h3>
<p>${t.purpose}</p><p class="muted">Kept: ${t.retention}</p>
${t.rows.length ? html`<details><summary>Show ${t.rows.length > ROWS_SHOWN ? `the first ${ROWS_SHOWN} rows` : 'the rows'}</summary>
<div class="scroll"><table><thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${shown.map((r) => html`<tr>${columns.map((c) => html`<td>${cell(r[c])}</td>`)}</tr>`)}</tbody></table></div></details>` : ''}
</section>`;
}

async function deletePage(ctx: Context, request: FastifyRequest, reply: FastifyReply, handle: string, opts: { error?: string; status?: number } = {}) {
  const body = html`<h1>Settings</h1>${settingsNav('/settings/delete')}
<h2>Delete your account</h2>
<p class="warning">This deletes <strong>@${handle}</strong> at once: your posts, media, follows, bookmarks and
everything else this server holds about you. It cannot be undone. You may want to
<a href="/settings/data">download your data</a> first.</p>
${opts.error ? html`<p class="error" role="alert" id="delete-error">${opts.error}</p>` : ''}
<form method="post" action="/settings/delete" class="card"${opts.error ? html` aria-describedby="delete-error"` : ''}>
${await csrfField(ctx, request, reply)}
<label for="passphrase">Your passphrase</label><input type="password" id="passphrase" name="passphrase" autocomplete="current-password" required>
<p><label class="check"><input type="checkbox" name="confirm" value="yes" required> I understand that my account and everything in it will be deleted now</label></p>
<button type="submit" class="danger">Delete my account</button>
</form>`;
  return sendWebPage(ctx, request, reply, { title: 'Delete account', body, status: opts.status });
}

/** /settings/data (what is held, and the export) and /settings/delete. */
export default defineRoute((app, ctx) => {
  app.get('/settings/data', async (request, reply) => asPage(ctx, request, reply, async (me) => {
    const held = await ctx.privacy.holdings(me.id);
    const body = html`<h1>Settings</h1>${settingsNav('/settings/data')}
<h2>What this server holds about you</h2>
<p>Everything stored about <strong>@${held.account}</strong>, table by table, with why it is kept and for how long.
Secrets (your passphrase, session tokens, recovery codes) are stored only as hashes and shown as such.</p>
<form method="post" action="/settings/data/export" class="card">${await csrfField(ctx, request, reply)}
<p>The export is a zip file with all of it, your posts and media, and lists other servers can import.</p>
<button type="submit">Download everything (zip)</button></form>
<h3>Never collected</h3>
<ul>${held.never_collected.map((c) => html`<li>${c}</li>`)}</ul>
${held.tables.map(heldTable)}`;
    return sendWebPage(ctx, request, reply, { title: 'Your data', body });
  }));

  // A POST (with the CSRF token) rather than a link: the archive is everything about the account, and no
  // other site should be able to make a signed-in browser fetch it, even into a download it cannot read.
  app.post('/settings/data/export', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    await enforceRateLimit(ctx, request, 'media', `:export:${me.id}`);
    const archive = await ctx.privacy.exportArchive(me.id);
    return reply.type('application/zip').header('Content-Disposition', `attachment; filename="${archive.filename}"`)
      .header('Cache-Control', 'no-store').send(archive.stream);
  }));

  app.get('/settings/delete', async (request, reply) => asPage(ctx, request, reply, async (me) => deletePage(ctx, request, reply, me.handle)));

  app.post('/settings/delete', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    if (field(request.body, 'confirm') !== 'yes') return deletePage(ctx, request, reply, me.handle, { error: 'Tick the box to confirm', status: 422 });
    try {
      // A stolen session must not become a way to guess the passphrase.
      await enforceRateLimit(ctx, request, 'login', `:${me.id}`);
      await ctx.privacy.deleteAccount(me.id, field(request.body, 'passphrase'));
    } catch (err) {
      if ((err as { code?: string } | null)?.code !== 'LOGIN_FAILED') throw err;
      return deletePage(ctx, request, reply, me.handle, { error: (err as Error).message, status: 401 });
    }
    endWebSessionCookie(ctx, reply);
    const body = html`<h1>Your account is deleted</h1><p>Everything this server held about you has been removed.</p><p><a href="/">Go to the front page</a></p>`;
    return sendWebPage(ctx, request, reply, { title: 'Account deleted', body, viewer: null });
  }));
});
