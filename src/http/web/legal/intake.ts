import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { ScannedDocument } from '../../../legal/desk/desk.service.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { attempt, DESK_ROLES, field, flash, postGuard, requireRolePage, upload } from './_pages.js';

/** The multipart parser cuts a text field at 100,000 bytes without saying so (plugins/body.ts). */
const FIELD_LIMIT_BYTES = 100_000;
const DEMAND_FILE_MAX = 1024 * 1024;

export type DemandForm = { ok: true; text: string; filename?: string; scan: ScannedDocument | null } | { ok: false; error: string };

/**
 * Reads a demand form (the desk's intake and the agency portal share it): the demand pasted as JSON/YAML text
 * or uploaded as a file, plus an optional scan. A pasted text that reached the parser's field limit may have
 * been cut, and a cut demand must never be stored as if it were what arrived, so it is refused.
 */
export function readDemandForm(body: unknown): DemandForm {
  const file = upload(body, 'demand_file');
  const scanPart = upload(body, 'document');
  const scan = scanPart ? { filename: scanPart.filename, mediaType: scanPart.mimetype, content: scanPart.data } : null;
  if (file) {
    if (file.data.length > DEMAND_FILE_MAX) return { ok: false, error: 'The demand file is larger than 1 MB' };
    return { ok: true, text: file.data.toString('utf8'), filename: file.filename, scan };
  }
  const text = field(body, 'demand');
  if (Buffer.byteLength(text) >= FIELD_LIMIT_BYTES) return { ok: false, error: 'A demand this long must be uploaded as a file, not pasted' };
  if (!text.trim()) return { ok: false, error: 'Paste the demand (JSON or YAML) or upload it as a file' };
  return { ok: true, text, scan };
}

/** The fields of a demand form; `text` is put back after an error so nothing typed is lost. */
export function demandFields(text: string) {
  return html`<label for="demand">Demand as JSON or YAML</label>
<p class="hint" id="demand-hint">Paste the demand exactly as received, or upload it as a file below. A demand with problems is kept as received, with the list of problems.</p>
<textarea id="demand" name="demand" rows="16" aria-describedby="demand-hint" spellcheck="false">${text}</textarea>
<label for="demand_file">…or the demand as a file (.json, .yaml)</label>
<input type="file" id="demand_file" name="demand_file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml,text/plain">
<label for="document">Scanned document (PDF, PNG, JPEG, TIFF or text; optional)</label>
<input type="file" id="document" name="document" accept="application/pdf,image/png,image/jpeg,image/tiff,text/plain">`;
}

async function intakePage(ctx: Context, request: FastifyRequest, reply: FastifyReply, opts: { text?: string; error?: string; status?: number } = {}) {
  const body = html`<h1>Take in a demand</h1>
<p><a href="/legal">Back to the cases</a></p>
${flash({ error: opts.error })}
<form method="post" action="/legal/intake" enctype="multipart/form-data" class="card"${opts.error ? html` aria-describedby="form-error"` : ''}>
${await csrfField(ctx, request, reply)}
${demandFields(opts.text ?? '')}
<button type="submit">Store and assess</button>
</form>`;
  return sendWebPage(ctx, request, reply, { title: 'Take in a demand', body, status: opts.status });
}

/**
 * GET and POST /legal/intake. Every demand that arrives is stored (malformed ones as `incomplete`, with their
 * problems); the desk member is then taken to the stored case. Only a form with no demand in it, or a scan the
 * desk does not keep, is refused with the form shown again.
 */
export default defineRoute((app, ctx) => {
  app.get('/legal/intake', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, DESK_ROLES))) return reply;
    return intakePage(ctx, request, reply);
  });

  app.post('/legal/intake', async (request, reply) => {
    const viewer = await postGuard(ctx, request, reply, DESK_ROLES);
    if (!viewer) return reply;
    const form = readDemandForm(request.body);
    if (!form.ok) return intakePage(ctx, request, reply, { text: field(request.body, 'demand'), error: form.error, status: 422 });
    const stored = await attempt(() => ctx.desk.intake({ text: form.text, filename: form.filename, scan: form.scan, actor: viewer.handle }));
    if (!stored.ok) return intakePage(ctx, request, reply, { text: form.text, error: stored.error.message, status: stored.error.status });
    return reply.redirect(`/legal/cases/${stored.value.id}?done=intake`, 303);
  });
});
