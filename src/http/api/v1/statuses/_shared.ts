import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Context } from '../../../../context.js';
import { renderStatuses, type StatusEntity } from '../../entities/status.js';
import { fail } from '../../../../errors.js';

export const idParams = z.object({ id: z.string() });

/** A path id: anything that is not a number cannot name a post, so it is simply not found. */
export function statusId(request: FastifyRequest): string {
  const { id } = (request.params ?? {}) as { id?: string };
  if (!id || !/^\d{1,20}$/.test(id)) fail('NOT_FOUND');
  return id;
}

export async function renderOne(ctx: Context, viewerId: string | null, id: string): Promise<StatusEntity> {
  const [entity] = await renderStatuses(ctx, viewerId, [id]);
  if (!entity) fail('NOT_FOUND');
  return entity;
}

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);
export const visibilitySchema = z.enum(['public', 'unlisted', 'private', 'direct']);

export const statusBody = z.object({
  status: z.string().max(10_000).optional().default(''),
  media_ids: z.array(z.string().regex(/^\d{1,20}$/, 'must be media ids')).max(10).optional(),
  in_reply_to_id: z.string().regex(/^\d{1,20}$/, 'must be a post id').nullish(),
  sensitive: bool.optional(),
  spoiler_text: z.string().max(500).optional(),
  visibility: visibilitySchema.optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'must be an ISO 639 code').nullish(),
  poll: z.unknown().optional(),
  scheduled_at: z.unknown().optional(),
});
