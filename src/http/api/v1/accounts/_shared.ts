import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../../../context.js';
import { fail } from '../../../../errors.js';
import { isRowId } from '../../../ids.js';
import { paginationSchema, setLinkHeader } from '../../../pagination.js';
import { loadAccounts, toAccountEntity, type AccountEntity, type AccountWithImages } from '../../entities/account.js';
import type { ListedAccount } from '../../../../graph/graph.views.js';

/** The `:id` path parameter as an account id; anything that cannot name a row is a 404 (never a 500). */
export function accountIdParam(request: FastifyRequest): string {
  const { id } = (request.params ?? {}) as { id?: string };
  if (!isRowId(id)) fail('NOT_FOUND');
  return id;
}

export const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).optional()
  .transform((v) => (v === undefined ? undefined : v === true || v === 'true' || v === '1'));

/** `id[]=…` (or a single `id=…`) as a list; ids that name no row are dropped later, as unknown ones are. */
export const idList = z.union([z.string(), z.array(z.string())]).optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().max(40)).max(100, 'at most 100 ids'));

/** Account lists (followers, blocks, mutes, requests): Mastodon's default of 40, at most 80. */
export const accountListQuery = paginationSchema.extend({
  limit: z.coerce.number().int().min(1).default(40).transform((n) => Math.min(n, 80)),
});

/**
 * Mastodon's entity for a suspended account: it exists, says so, and shows nothing else of its profile.
 * https://docs.joinmastodon.org/methods/accounts/#get (3.3.0 and later)
 */
export function toVisibleAccountEntity(ctx: Context, a: AccountWithImages): AccountEntity {
  if (!a.suspended) return toAccountEntity(ctx.config, a);
  const blank = toAccountEntity(ctx.config, { ...a, display_name: '', bio: '', avatar_key: null, header_key: null, locked: false, bot: false, discoverable: false, followers_count: 0, following_count: 0, statuses_count: 0, last_status_on: null });
  return { ...blank, suspended: true };
}

/** Renders one page of an account list and sets its Link header (paginated by the list's own row ids). */
export async function renderAccountList(ctx: Context, request: FastifyRequest, reply: FastifyReply, rows: ListedAccount[], page: z.infer<typeof accountListQuery>): Promise<AccountEntity[]> {
  setLinkHeader(request, reply, ctx.config.publicUrl, rows.map((r) => r.cursor), page);
  return (await loadAccounts(ctx.db, rows.map((r) => r.accountId))).map((a) => toVisibleAccountEntity(ctx, a));
}
