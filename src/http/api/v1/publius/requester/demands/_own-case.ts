import type { FastifyRequest } from 'fastify';
import type { Context } from '../../../../../../context.js';
import type { LegalCase } from '../../../../../../legal/desk/case.types.js';
import type { Requester } from '../../../../../../legal/desk/requesters.js';
import { fail, PubliusError } from '../../../../../../errors.js';
import { pathId } from '../../legal/_legal-auth.js';

/**
 * The agency's own case named by the path. Another agency's case, or one entered by the desk, is a 404 exactly
 * like a case that does not exist, so an agency cannot even learn which case numbers are taken.
 */
export async function ownCase(ctx: Context, request: FastifyRequest, requester: Requester): Promise<LegalCase> {
  const id = pathId(request);
  const c = await ctx.desk.get(id).catch((err: unknown) => {
    if (err instanceof PubliusError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
  if (!c || c.requesterId !== requester.id) fail('NOT_FOUND');
  return c;
}
