import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rowId } from '../../../../ids.js';

/** Newest first, `max_id` for the next (older) page; the desk's store pages only that way. */
export const casePage = z.object({
  max_id: rowId.optional(),
  limit: z.coerce.number().int().min(1).default(40).transform((n) => Math.min(n, 200)),
});

/**
 * The Link header Mastodon clients follow: only rel="next" (older), since cases are listed by id going down
 * and a "newer" page is simply the first page again. Omitted when the page was not full (nothing older).
 */
export function setNextLink(request: FastifyRequest, reply: FastifyReply, publicUrl: string, ids: string[], limit: number): void {
  if (ids.length < limit) return;
  const path = request.url.split('?')[0];
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (k === 'max_id' || k === 'access_token' || typeof v === 'object' || v === undefined) continue;
    params.set(k, String(v));
  }
  params.set('limit', String(limit));
  params.set('max_id', ids[ids.length - 1]);
  reply.header('Link', `<${publicUrl}${path}?${params}>; rel="next"`);
}
