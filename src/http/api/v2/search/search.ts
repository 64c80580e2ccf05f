import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { parse } from '../../../validate.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { renderStatuses } from '../../entities/status.js';
import { searchAccounts, searchStatuses, searchTags } from '../../../../search/search.views.js';

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).optional().transform((v) => v === true || v === 'true' || v === '1');
const id = z.string().regex(/^\d{1,20}$/);
const query = z.object({
  q: z.string().trim().min(1).max(500),
  type: z.enum(['accounts', 'hashtags', 'statuses']).optional(),
  resolve: bool, following: bool, exclude_unreviewed: bool,
  account_id: id.optional(), max_id: id.optional(), min_id: id.optional(),
  limit: z.coerce.number().int().min(1).default(20).transform((n) => Math.min(n, 40)),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

/** GET /api/v2/search and GET /api/v1/accounts/search — https://docs.joinmastodon.org/methods/search/ */
export default defineRoute((app, ctx) => {
  app.get('/api/v2/search', async (request) => {
    const me = optionalAccount(request);
    const q = parse(query, request.query);
    const want = (t: string) => !q.type || q.type === t;
    const accountIds = want('accounts') ? await searchAccounts(ctx.db, q.q, { viewerId: me?.id ?? null, following: q.following, limit: q.limit, offset: q.offset }) : [];
    const tags = want('hashtags') ? await searchTags(ctx.db, q.q, q.limit, q.offset) : [];
    const statusIds = want('statuses') && me ? await searchStatuses(ctx.db, q.q, { viewerId: me.id, accountId: q.account_id, limit: q.limit, offset: q.offset, maxId: q.max_id, minId: q.min_id }) : [];
    return {
      accounts: (await loadAccounts(ctx.db, accountIds)).map((a) => toAccountEntity(ctx.config, a)),
      statuses: await renderStatuses(ctx, me?.id ?? null, statusIds),
      hashtags: tags.map((name) => ({ name, url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(name)}`, history: [] as unknown[] })),
    };
  });
  app.get('/api/v1/accounts/search', async (request) => {
    const me = optionalAccount(request);
    const q = parse(query, request.query);
    const ids = await searchAccounts(ctx.db, q.q, { viewerId: me?.id ?? null, following: q.following, limit: q.limit, offset: q.offset });
    return (await loadAccounts(ctx.db, ids)).map((a) => toAccountEntity(ctx.config, a));
  });
});
