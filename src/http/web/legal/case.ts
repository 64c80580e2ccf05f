import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { LegalCase } from '../../../legal/desk/case.types.js';
import { sendCasePage } from './_case-page.js';
import { attempt, DESK_ROLES, doneMessage, requireRolePage, rowParam, sendProblemPage } from './_pages.js';

/** What a redirect after a successful form may say on the case page (keys only: no text travels in the URL). */
export const CASE_DONE: Record<string, string> = {
  intake: 'The demand was stored.',
  decided: 'The decision was recorded.',
  moved: 'The case was moved.',
  commented: 'The comment was added.',
  attached: 'The document was attached.',
  released: 'The notice was released.',
  renewed: 'The hold was renewed.',
  hold_released: 'The hold was released.',
};

/** The case named by the path, or a 404 page (then null). */
export async function loadCase(ctx: Context, request: FastifyRequest, reply: FastifyReply): Promise<LegalCase | null> {
  const id = rowParam(request, 'id');
  const found = id ? await attempt(() => ctx.desk.get(id)) : null;
  if (!found || !found.ok) {
    await sendProblemPage(ctx, request, reply, 404, 'No such case', 'There is no case with that number.', { href: '/legal', label: 'Back to the cases' });
    return null;
  }
  return found.value;
}

/**
 * GET /legal/cases/:id — the case page; GET /legal/cases/:id/documents/:doc — one stored document, always as an
 * attachment (a scan sent by an outsider must never render inside this origin), with its SHA-256.
 */
export default defineRoute((app, ctx) => {
  app.get('/legal/cases/:id', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, DESK_ROLES))) return reply;
    const c = await loadCase(ctx, request, reply);
    if (!c) return reply;
    return sendCasePage(ctx, request, reply, c, { notice: doneMessage(request, CASE_DONE) });
  });

  app.get('/legal/cases/:id/documents/:doc', async (request, reply) => {
    if (!(await requireRolePage(ctx, request, reply, DESK_ROLES))) return reply;
    const c = await loadCase(ctx, request, reply);
    if (!c) return reply;
    const docId = rowParam(request, 'doc');
    const doc = docId ? await ctx.desk.document(c.id, docId) : undefined;
    if (!doc) return sendProblemPage(ctx, request, reply, 404, 'No such document', 'This case has no such document.', { href: `/legal/cases/${c.id}`, label: 'Back to the case' });
    // The stored filename was reduced to [\w.\- ] at upload, so it is safe inside the quoted header value.
    return reply.type(doc.media_type)
      .header('Content-Disposition', `attachment; filename="${doc.filename}"`)
      .header('X-Content-SHA256', doc.sha256)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(doc.content));
  });
});
