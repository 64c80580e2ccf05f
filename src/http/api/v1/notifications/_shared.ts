import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fail } from '../../../../errors.js';
import { isRowId, rowId } from '../../../ids.js';
import { paginationSchema } from '../../../pagination.js';
import type { NotificationFilter } from '../../../../notifications/notifications.views.js';

const typeList = z.union([z.string(), z.array(z.string())]).optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().max(40)).max(30));

/** types[], exclude_types[] and account_id, shared by the list and the unread count. */
export const filterQuery = z.object({ types: typeList, exclude_types: typeList, account_id: rowId.optional() });

/** Mastodon's notification page size: 40 by default, at most 80 (since 4.1). */
export const listQuery = paginationSchema.extend({
  limit: z.coerce.number().int().min(1).default(40).transform((n) => Math.min(n, 80)),
}).merge(filterQuery);

export function toFilter(q: z.infer<typeof filterQuery>): NotificationFilter {
  return { types: q.types, excludeTypes: q.exclude_types, fromAccountId: q.account_id };
}

/** The `:id` path parameter; anything that cannot name a notification is a 404. */
export function notificationIdParam(request: FastifyRequest): string {
  const { id } = (request.params ?? {}) as { id?: string };
  if (!isRowId(id)) fail('NOT_FOUND');
  return id;
}
