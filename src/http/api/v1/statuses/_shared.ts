import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../../context.js';
import { fail } from '../../../../errors.js';
import { isRowId, rowId } from '../../../ids.js';
import { setLinkHeader, type Page } from '../../../pagination.js';
import { renderStatuses, type StatusEntity } from '../../entities/status.js';
import { loadAccounts, toAccountEntity, type AccountEntity } from '../../entities/account.js';
import type { AccountPage } from '../../../../posts/posts.views.js';

/** The `:id` path parameter: anything that cannot name a post is simply not found (never a 500). */
export function statusId(request: FastifyRequest): string {
  const { id } = (request.params ?? {}) as { id?: string };
  if (!isRowId(id)) fail('NOT_FOUND');
  return id;
}

/** One post as the viewer sees it (for answers about a post the viewer may see). */
export async function renderOne(ctx: Context, viewerId: string | null, id: string): Promise<StatusEntity> {
  const [entity] = await renderStatuses(ctx, viewerId, [id]);
  if (!entity) fail('NOT_FOUND');
  return entity;
}

/** A page of accounts (favourited_by, reblogged_by) with its Link header. */
export async function renderAccountPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, page: Page, result: AccountPage): Promise<AccountEntity[]> {
  setLinkHeader(request, reply, ctx.config.publicUrl, result.cursors, page);
  return (await loadAccounts(ctx.db, result.accountIds)).map((a) => toAccountEntity(ctx.config, a));
}

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off']).transform((v) => v === 'true' || v === '1' || v === 'on')]);
/** `media_ids[]=…` arrives as a list, a lone `media_ids=…` as a string. */
const idList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().max(40)).max(20));
const emptyIsNull = (v: unknown) => (v === '' ? null : v);

/** The fields of POST /api/v1/statuses and PUT /api/v1/statuses/:id. https://docs.joinmastodon.org/methods/statuses/#create */
export const statusBody = z.object({
  status: z.string().max(20_000).nullish().transform((v) => v ?? ''),
  media_ids: idList.optional(),
  in_reply_to_id: z.preprocess(emptyIsNull, rowId.nullish()),
  sensitive: bool.optional(),
  spoiler_text: z.string().max(5_000).nullish().transform((v) => v ?? ''),
  visibility: z.enum(['public', 'unlisted', 'private', 'direct']).optional(),
  language: z.preprocess(emptyIsNull, z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be an ISO 639 language code').nullish()),
  poll: z.unknown().optional(),
  scheduled_at: z.unknown().optional(),
});

/** Refuses what this server does not do rather than silently dropping it. */
export function refuseUnsupported(body: z.infer<typeof statusBody>): void {
  if (body.poll !== undefined && body.poll !== null && body.poll !== '') fail('VALIDATION', 'Validation failed: Polls are not supported on this server');
  if (body.scheduled_at !== undefined && body.scheduled_at !== null && body.scheduled_at !== '') fail('VALIDATION', 'Validation failed: Scheduled posts are not supported on this server');
}
