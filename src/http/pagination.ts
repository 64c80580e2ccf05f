import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SelectQueryBuilder } from 'kysely';
import { rowId } from './ids.js';

// Out-of-range ids would be a database error (a 500); rowId turns them into a 422.
const idParam = rowId;

/**
 * Query parameters of a paginated Mastodon list. A limit above the maximum is lowered to it, as Mastodon does.
 */
export function pageSchema(defaultLimit: number, maxLimit: number) {
  return z.object({
    max_id: idParam.optional(),
    since_id: idParam.optional(),
    min_id: idParam.optional(),
    limit: z.coerce.number().int().min(1).default(defaultLimit).transform((n) => Math.min(n, maxLimit)),
  });
}

/** Statuses: limit 20 by default, 40 at most. */
export const paginationSchema = pageSchema(20, 40);
/** Accounts (followers, favourited_by, blocks…) and notifications: limit 40 by default, 80 at most. */
export const accountPaginationSchema = pageSchema(40, 80);

export type Page = z.infer<typeof paginationSchema>;

/**
 * Mastodon pagination by id: max_id (older than), since_id (newer than, newest first), min_id (newer than,
 * oldest first — the page right above min_id). Results are always returned newest first.
 */
export function applyPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>, column: string, page: Page,
): SelectQueryBuilder<DB, TB, O> {
  let q = query as SelectQueryBuilder<any, any, O>;
  if (page.max_id) q = q.where(column, '<', page.max_id);
  if (page.since_id) q = q.where(column, '>', page.since_id);
  if (page.min_id) q = q.where(column, '>', page.min_id).orderBy(column, 'asc');
  else q = q.orderBy(column, 'desc');
  return q.limit(page.limit) as SelectQueryBuilder<DB, TB, O>;
}

/** Puts rows fetched with min_id (ascending) back into newest-first order. */
export function newestFirst<T>(rows: T[], page: Page): T[] {
  return page.min_id ? [...rows].reverse() : rows;
}

/** Sets the Link header from the first and last pagination ids of a newest-first page. */
export function setLinkHeader(request: FastifyRequest, reply: FastifyReply, publicUrl: string, ids: string[], page: Page): void {
  if (ids.length === 0) return;
  const path = request.url.split('?')[0];
  const base = new URLSearchParams();
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (['max_id', 'since_id', 'min_id', 'access_token'].includes(k)) continue;
    if (Array.isArray(v)) for (const x of v) base.append(`${k}[]`, String(x));
    else if (v !== undefined && typeof v !== 'object') base.set(k, String(v));
  }
  base.set('limit', String(page.limit));
  const next = new URLSearchParams(base); next.set('max_id', ids[ids.length - 1]);
  const prev = new URLSearchParams(base); prev.set('min_id', ids[0]);
  reply.header('Link', `<${publicUrl}${path}?${next}>; rel="next", <${publicUrl}${path}?${prev}>; rel="prev"`);
}
