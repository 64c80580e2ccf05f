import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import { isRowId } from '../../ids.js';
import { isValidHandle, normalizeHandle } from '../../../accounts/handle.js';
import { loadAccounts, type AccountWithImages } from '../../api/entities/account.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage, webViewer } from '../_session.js';
import type { Paging, PostCardOptions } from '../_post.js';

/** Posts per page on every public timeline: enough to read, small enough to stay far under 50 KB. */
export const PAGE_SIZE = 20;

/** Who is looking, and the CSRF field their forms carry (none for anonymous readers: they get no forms). */
export async function readerOf(ctx: Context, request: FastifyRequest, reply: FastifyReply): Promise<{ viewer: Account | null; csrf: Html | null }> {
  const viewer = webViewer(request);
  return { viewer, csrf: viewer ? await csrfField(ctx, request, reply) : null };
}

/** Card options for a page: the page's own URL is where action buttons come back to. */
export function cardOptions(request: FastifyRequest, reader: { viewer: Account | null; csrf: Html | null }, extra: Partial<PostCardOptions> = {}): PostCardOptions {
  return { viewer: reader.viewer, csrf: reader.csrf, back: request.url, ...extra };
}

export interface WebPage {
  max_id?: string;
  min_id?: string;
  limit: number;
}

/**
 * The page a link asks for. Pages are links people may edit or mistype: an id that cannot name a row is
 * ignored (the first page) rather than an error page.
 */
export function pageFrom(query: unknown): WebPage {
  const q = (query ?? {}) as Record<string, unknown>;
  const max = isRowId(q.max_id) ? q.max_id : undefined;
  const min = !max && isRowId(q.min_id) ? q.min_id : undefined;
  return { max_id: max, min_id: min, limit: PAGE_SIZE };
}

/** A string query parameter, or '' (repeated parameters and arrays are not a thing these pages use). */
export function queryString(query: unknown, name: string): string {
  const v = ((query ?? {}) as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}

/**
 * Older/newer links for a newest-first page of ids. Older is offered when the page is full (there may be
 * more); newer whenever this is not the first page. `keep` are the page's other query parameters.
 */
export function pagingFor(path: string, keep: Record<string, string | undefined>, ids: string[], page: WebPage): Paging {
  const href = (cursor: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(keep)) if (v) params.set(k, v);
    for (const [k, v] of Object.entries(cursor)) params.set(k, v);
    return `${path}?${params.toString()}`;
  };
  if (ids.length === 0) {
    // Paged past the end (or before the start): offer the way back.
    if (page.max_id) return { newerHref: href({ min_id: String(BigInt(page.max_id) - 1n) }) };
    if (page.min_id) return { olderHref: href({ max_id: String(BigInt(page.min_id) + 1n) }) };
    return {};
  }
  const first = ids[0];
  const last = ids[ids.length - 1];
  const full = ids.length >= page.limit;
  return {
    olderHref: full || page.min_id ? href({ max_id: last }) : undefined,
    newerHref: page.max_id || (page.min_id && full) ? href({ min_id: first }) : undefined,
  };
}

/** A local account by handle (with its image keys), or undefined; handles that cannot exist are not looked up. */
export async function accountByHandle(ctx: Context, raw: string): Promise<AccountWithImages | undefined> {
  const handle = normalizeHandle(raw.replace(/^@/, ''));
  if (!isValidHandle(handle)) return undefined;
  const account = await ctx.accounts.store.byHandle(handle);
  if (!account) return undefined;
  return (await loadAccounts(ctx.db, [account.id]))[0];
}

/** The not-found page: the same words for a post that does not exist and one the reader may not see. */
export function sendNotFound(ctx: Context, request: FastifyRequest, reply: FastifyReply, what: string) {
  return sendWebPage(ctx, request, reply, {
    status: 404, title: 'Not found',
    body: html`<h1>Not found</h1><p>${what}</p><p><a href="/public">Back to the local timeline</a> · <a href="/search">Search</a></p>`,
  });
}
