import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { applyPage, newestFirst, paginationSchema, setLinkHeader } from '../../../pagination.js';
import { renderNotifications } from '../../entities/notification.js';
import { fail } from '../../../../errors.js';

const TYPES = ['mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update', 'admin.sign_up', 'admin.report', 'severed_relationships', 'moderation_warning'] as const;
const typeList = z.union([z.string(), z.array(z.string())]).optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])).pipe(z.array(z.string().max(40)).max(20));
const query = paginationSchema.extend({
  types: typeList, exclude_types: typeList,
  account_id: z.string().regex(/^\d{1,20}$/).optional(),
});

function notificationId(params: unknown): string {
  const id = (params as { id?: string }).id;
  if (!id || !/^\d{1,20}$/.test(id)) fail('NOT_FOUND');
  return id;
}

/** GET /api/v1/notifications, GET/dismiss one, clear all — only the owner's own. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/notifications', async (request, reply) => {
    const me = requireAccount(request, 'read:notifications');
    const q = parse(query, request.query);
    const known = (list: string[]) => list.filter((t): t is (typeof TYPES)[number] => (TYPES as readonly string[]).includes(t));
    let base = ctx.db.selectFrom('notifications').select('id').where('account_id', '=', me.id);
    if (q.types.length) base = base.where('type', 'in', known(q.types).length ? known(q.types) : ['poll']);
    if (q.exclude_types.length && known(q.exclude_types).length) base = base.where('type', 'not in', known(q.exclude_types));
    if (q.account_id) base = base.where('from_account_id', '=', q.account_id);
    const ids = newestFirst(await applyPage(base, 'id', q).execute(), q).map((r) => r.id);
    setLinkHeader(request, reply, ctx.config.publicUrl, ids, q);
    return renderNotifications(ctx, me.id, ids);
  });
  app.get('/api/v1/notifications/unread_count', async (request) => {
    const me = requireAccount(request, 'read:notifications');
    const rows = await ctx.db.selectFrom('notifications').select('id').where('account_id', '=', me.id).limit(1000).execute();
    return { count: rows.length };
  });
  app.get('/api/v1/notifications/:id', async (request) => {
    const me = requireAccount(request, 'read:notifications');
    const [n] = await renderNotifications(ctx, me.id, [notificationId(request.params)]);
    if (!n) fail('NOT_FOUND');
    return n;
  });
  app.post('/api/v1/notifications/:id/dismiss', async (request) => {
    const me = requireAccount(request, 'write:notifications');
    const res = await ctx.db.deleteFrom('notifications').where('id', '=', notificationId(request.params)).where('account_id', '=', me.id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) fail('NOT_FOUND');
    return {};
  });
  app.post('/api/v1/notifications/clear', async (request) => {
    const me = requireAccount(request, 'write:notifications');
    await ctx.db.deleteFrom('notifications').where('account_id', '=', me.id).execute();
    return {};
  });
});
