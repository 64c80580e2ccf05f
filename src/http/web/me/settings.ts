import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { Account } from '../../../db/schema.js';
import type { ProfileUpdate } from '../../../accounts/accounts.service.js';
import { fail } from '../../../errors.js';
import { isUploadedFile, type UploadedFile } from '../../plugins/body.js';
import { enforceRateLimit } from '../../plugins/rate-limits.js';
import { loadAccounts, mediaUrl } from '../../api/entities/account.js';
import { html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { asForm, asPage, field, flash, settingsLinks, settingsNav } from './_me.js';

/** The same limits as the API's update_credentials, so both paths accept the same profiles. */
const profileForm = z.object({
  display_name: z.string().max(30),
  bio: z.string().max(500),
});

/** Profile images are cropped to fill these sizes, as through the API. */
const IMAGES = [['avatar', { width: 400, height: 400 }], ['header', { width: 1500, height: 500 }]] as const;

/** A file input left empty still sends a part (no name, no bytes): that means "keep the current image". */
function chosenFile(value: unknown): UploadedFile | null {
  if (value === undefined || value === '') return null;
  if (!isUploadedFile(value)) fail('VALIDATION', 'Validation failed: images must be uploaded as files');
  return value.data.length ? value : null;
}

async function profilePage(ctx: Context, request: FastifyRequest, reply: FastifyReply, me: Account, opts: { error?: string; status?: number; done?: string } = {}) {
  const [a] = await loadAccounts(ctx.db, [me.id]);
  const avatar = a.avatar_key ? mediaUrl(ctx.config, a.avatar_key) : null;
  const header = a.header_key ? mediaUrl(ctx.config, a.header_key) : null;
  const body = html`<h1>Settings</h1>${settingsNav('/settings/profile')}
<h2>Profile</h2>
${flash(opts.done)}
${opts.error ? html`<p class="error" role="alert" id="profile-error">${opts.error}</p>` : ''}
<form method="post" action="/settings/profile" enctype="multipart/form-data" class="card"${opts.error ? html` aria-describedby="profile-error"` : ''}>
${await csrfField(ctx, request, reply)}
<label for="display_name">Display name</label>
<input type="text" id="display_name" name="display_name" maxlength="30" value="${a.display_name}" aria-describedby="display-name-help">
<p class="help muted" id="display-name-help">Up to 30 characters. It does not have to be, and should not be, your legal name.</p>
<label for="bio">Bio</label>
<textarea id="bio" name="bio" maxlength="500" rows="4">${a.bio}</textarea>
<p><label class="check"><input type="checkbox" name="locked" value="yes"${a.locked ? html` checked` : ''}> Approve followers by hand (a locked account)</label></p>
<label for="avatar">Avatar</label>
${avatar ? html`<p><img src="${avatar}" alt="Your current avatar" width="96" height="96" class="avatar-preview"></p>` : ''}
<input type="file" id="avatar" name="avatar" accept="image/png,image/jpeg,image/webp,image/gif" aria-describedby="avatar-help">
<p class="help muted" id="avatar-help">Cropped to a square. Images are re-encoded here, which removes location and camera data.</p>
<label for="header">Header image</label>
${header ? html`<p><img src="${header}" alt="Your current header image" width="300" height="100" class="header-preview"></p>` : ''}
<input type="file" id="header" name="header" accept="image/png,image/jpeg,image/webp,image/gif" aria-describedby="header-help">
<p class="help muted" id="header-help">Cropped to 3 by 1. Leave a file field empty to keep the current image.</p>
<button type="submit">Save profile</button>
</form>`;
  return sendWebPage(ctx, request, reply, { title: 'Profile settings', body, status: opts.status });
}

/** GET /settings (the index) and GET/POST /settings/profile. */
export default defineRoute((app, ctx) => {
  app.get('/settings', async (request, reply) => asPage(ctx, request, reply, async (me) => {
    const body = html`<h1>Settings</h1>
<p>Signed in as <strong>@${me.handle}</strong>.</p>
<ul class="settings-index">${settingsLinks().map((l) => html`<li><a href="${l.href}">${l.label}</a></li>`)}
<li><a href="/follow_requests">Follow requests</a></li><li><a href="/bookmarks">Bookmarks</a></li><li><a href="/favourites">Favourites</a></li></ul>`;
    return sendWebPage(ctx, request, reply, { title: 'Settings', body });
  }));

  app.get<{ Querystring: { done?: string } }>('/settings/profile', async (request, reply) => asPage(ctx, request, reply, async (me) =>
    profilePage(ctx, request, reply, me, { done: request.query.done === '1' ? 'Your profile was saved.' : undefined })));

  app.post('/settings/profile', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    const raw = request.body;
    const parsed = profileForm.safeParse({ display_name: field(raw, 'display_name'), bio: field(raw, 'bio') });
    if (!parsed.success) return profilePage(ctx, request, reply, me, { error: 'The display name can have up to 30 characters and the bio up to 500', status: 422 });
    const update: ProfileUpdate = { display_name: parsed.data.display_name, bio: parsed.data.bio, locked: field(raw, 'locked') === 'yes' };
    // As in update_credentials: images first; if anything fails, the new images are discarded, the old kept.
    const fresh: string[] = [];
    try {
      for (const [name, size] of IMAGES) {
        const file = chosenFile((raw as Record<string, unknown>)[name]);
        if (!file) continue;
        await enforceRateLimit(ctx, request, 'media', `:${me.id}`);
        const media = await ctx.media.ingest(me.id, { data: file.data, description: name === 'avatar' ? 'Avatar' : 'Header' }, size);
        fresh.push(media.id);
        update[`${name}_media_id`] = media.id;
      }
      const old = await ctx.db.selectFrom('accounts').select(['avatar_media_id', 'header_media_id']).where('id', '=', me.id).executeTakeFirstOrThrow();
      await ctx.accounts.updateProfile(me.id, update);
      await ctx.media.discard([update.avatar_media_id && old.avatar_media_id, update.header_media_id && old.header_media_id].filter((x): x is string => !!x));
    } catch (err) {
      await ctx.media.discard(fresh);
      throw err;
    }
    return reply.redirect('/settings/profile?done=1', 303);
  }));
});
