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
    // Images are processed before the profile changes, so a bad file changes nothing.
    if (raw.avatar !== undefined) {
      if (!isUploadedFile(raw.avatar)) fail('VALIDATION', 'Validation failed: avatar must be an uploaded file');
      update.avatar_media_id = (await ctx.media.ingest(me.id, { data: raw.avatar.data, description: 'Avatar' }, { width: 400, height: 400 })).id;
    }
    if (raw.header !== undefined) {
      if (!isUploadedFile(raw.header)) fail('VALIDATION', 'Validation failed: header must be an uploaded file');
      update.header_media_id = (await ctx.media.ingest(me.id, { data: raw.header.data, description: 'Header' }, { width: 1500, height: 500 })).id;
    }
    const old = await ctx.db.selectFrom('accounts').select(['avatar_media_id', 'header_media_id']).where('id', '=', me.id).executeTakeFirstOrThrow();
    if (Object.keys(update).length) await ctx.accounts.updateProfile(me.id, update);
    const replaced = [update.avatar_media_id && old.avatar_media_id, update.header_media_id && old.header_media_id].filter((x): x is string => !!x);
    if (replaced.length) {
      const gone = await ctx.db.deleteFrom('media').where('id', 'in', replaced).where('status_id', 'is', null).returning('file_key').execute();
      await ctx.media.deleteFiles(gone.map((g) => g.file_key));
    }
    const [account] = await loadAccounts(ctx.db, [me.id]);
    return toCredentialAccountEntity(ctx.config, account);
  });
});
