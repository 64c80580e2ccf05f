import { z } from 'zod';
import { defineRoute } from '../../../../../route.js';
import { parse } from '../../../../../validate.js';
import { pathId, requireDesk } from '../_legal-auth.js';
import { toEventEntity } from '../_legal-entities.js';

const body = z.object({ text: z.string().max(10_000) });

/**
 * POST /api/v1/publius/legal/cases/:id/comments — a note on the case. Comments live in the audit log (they
 * cannot be edited or removed afterwards), so the answer is the log entry that now holds it.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/publius/legal/cases/:id/comments', async (request, reply) => {
    const me = requireDesk(request, 'write');
    const id = pathId(request);
    const b = parse(body, request.body);
    await ctx.desk.comment(id, b.text, me.handle);
    const events = await ctx.desk.events(id);
    const text = b.text.trim();
    const mine = events.filter((e) => e.type === 'case.comment' && e.actor === me.handle && (e.payload as { text?: string } | null)?.text === text).at(-1);
    return reply.status(201).send(mine ? toEventEntity(mine) : {});
  });
});
