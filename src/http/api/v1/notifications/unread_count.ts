import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { notificationCount } from '../../../../notifications/notifications.views.js';
import { filterQuery, toFilter } from './_shared.js';

const query = filterQuery.extend({ limit: z.coerce.number().int().min(1).default(100).transform((n) => Math.min(n, 1000)) });

/**
 * GET /api/v1/notifications/unread_count — capped count (100 by default, at most 1000). Publius keeps no read
 * marker yet, so every stored notification counts as unread.
 * https://docs.joinmastodon.org/methods/notifications/#unread-count
 */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/notifications/unread_count', async (request) => {
    const me = requireAccount(request, 'read:notifications');
    const q = parse(query, request.query);
    return { count: await notificationCount(ctx.db, me.id, toFilter(q), q.limit) };
  });
});
