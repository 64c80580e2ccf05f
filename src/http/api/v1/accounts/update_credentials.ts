import { z } from 'zod';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { isUploadedFile } from '../../../plugins/body.js';
import { parse } from '../../../validate.js';
import { loadAccounts, toCredentialAccountEntity } from '../../entities/account.js';
import type { ProfileUpdate } from '../../../../accounts/accounts.service.js';
import { flag } from './_shared.js';
import { fail } from '../../../../errors.js';

const body = z.object({
  display_name: z.string().max(30).optional(),
  note: z.string().max(500).optional(),
  locked: flag, bot: flag, discoverable: flag, indexable: flag, hide_collections: flag,
  fields_attributes: z.unknown().optional(),
  source: z.unknown().optional(),
});

/** Profile images are cropped to fill these sizes, as Mastodon does. */
const IMAGES = [['avatar', { width: 400, height: 400 }], ['header', { width: 1500, height: 500 }]] as const;

/** PATCH /api/v1/accounts/update_credentials — profile text and images (re-encoded, metadata stripped). */
export default defineRoute((app, ctx) => {
  app.patch('/api/v1/accounts/update_credentials', async (request) => {
    const me = requireAccount(request, 'write:accounts');
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const b = parse(body, Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'avatar' && k !== 'header')));
    const update: ProfileUpdate = {};
    if (b.display_name !== undefined) update.display_name = b.display_name;
    if (b.note !== undefined) update.bio = b.note;
    if (b.locked !== undefined) update.locked = b.locked;
    if (b.bot !== undefined) update.bot = b.bot;
    if (b.discoverable !== undefined) update.discoverable = b.discoverable;
    // Images are processed before the profile changes; if anything fails, the new images are discarded.
    const fresh: string[] = [];
    try {
      for (const [field, size] of IMAGES) {
        if (raw[field] === undefined) continue;
        const file = raw[field];
        if (!isUploadedFile(file)) fail('VALIDATION', `Validation failed: ${field} must be an uploaded file`);
        const media = await ctx.media.ingest(me.id, { data: file.data, description: field === 'avatar' ? 'Avatar' : 'Header' }, size);
        fresh.push(media.id);
        update[`${field}_media_id`] = media.id;
      }
      const old = await ctx.db.selectFrom('accounts').select(['avatar_media_id', 'header_media_id']).where('id', '=', me.id).executeTakeFirstOrThrow();
      if (Object.keys(update).length) await ctx.accounts.updateProfile(me.id, update);
      await ctx.media.discard([update.avatar_media_id && old.avatar_media_id, update.header_media_id && old.header_media_id].filter((x): x is string => !!x));
    } catch (err) {
      await ctx.media.discard(fresh);
      throw err;
    }
    const [account] = await loadAccounts(ctx.db, [me.id]);
    return toCredentialAccountEntity(ctx.config, account);
  });
});
