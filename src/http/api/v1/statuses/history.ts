import { defineRoute } from '../../../route.js';
import { optionalAccount } from '../../../plugins/auth.js';
import { loadAccounts, toAccountEntity } from '../../entities/account.js';
import { toMediaEntity } from '../../entities/media.js';
import { renderOne, statusId } from './_shared.js';

/** GET /api/v1/statuses/:id/history — StatusEdit entities, oldest first. */
export default defineRoute((app, ctx) => {
  app.get('/api/v1/statuses/:id/history', async (request) => {
    const me = optionalAccount(request);
    const status = await ctx.posts.visible(me, statusId(request));
    const edits = await ctx.db.selectFrom('status_edits').selectAll().where('status_id', '=', status.id).orderBy('id').execute();
    const [account] = await loadAccounts(ctx.db, [status.account_id]);
    const accountEntity = toAccountEntity(ctx.config, account);
    if (edits.length === 0) {
      const current = await renderOne(ctx, me?.id ?? null, status.id);
      return [{ content: current.content, spoiler_text: current.spoiler_text, sensitive: current.sensitive, created_at: current.created_at, account: accountEntity, media_attachments: current.media_attachments, emojis: [] }];
    }
    const mediaIds = [...new Set(edits.flatMap((e) => e.media_ids.split(',').filter(Boolean)))];
    const media = mediaIds.length ? await ctx.db.selectFrom('media').selectAll().where('id', 'in', mediaIds).execute() : [];
    const byId = new Map(media.map((m) => [m.id, m]));
    return edits.map((e) => ({
      content: e.content_html, spoiler_text: e.spoiler_text, sensitive: e.sensitive, created_at: e.created_at.toISOString(),
      account: accountEntity, emojis: [],
      media_attachments: e.media_ids.split(',').filter(Boolean).map((id) => byId.get(id)).filter((m) => !!m).map((m) => toMediaEntity(ctx.config, m!)),
    }));
  });
});
