import type { FastifyRequest } from 'fastify';
import { pageSchema, type Page } from '../../pagination.js';

/** Twenty posts a page: with the card's markup that keeps a timeline page well under 50 KB. */
const webPage = pageSchema(20, 40);

/**
 * The page a list shows, from ?max_id= / ?min_id= only (links made by the page itself). A malformed value is
 * read as "the newest page" rather than an error: it can only come from an edited address.
 */
export function listPage(request: FastifyRequest): Page {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const parsed = webPage.safeParse({ max_id: q.max_id, min_id: q.min_id });
  return parsed.success ? parsed.data : webPage.parse({});
}

/**
 * Links to the older and newer pages of a list ordered by `cursors` (newest first). "Newer" is offered only
 * when the reader has paged back: the first page is the newest there is.
 */
export function pagingLinks(path: string, page: Page, cursors: string[], extra = ''): { olderHref?: string; newerHref?: string } {
  if (!cursors.length) return page.max_id ? { newerHref: `${path}${extra ? `?${extra}` : ''}` } : {};
  const sep = extra ? `&${extra}` : '';
  return {
    olderHref: cursors.length >= page.limit ? `${path}?max_id=${cursors[cursors.length - 1]}${sep}` : undefined,
    newerHref: page.max_id || page.min_id ? `${path}?min_id=${cursors[0]}${sep}` : undefined,
  };
}
