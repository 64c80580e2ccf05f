import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute } from '../../route.js';
import type { Context } from '../../../context.js';
import type { Account, Visibility } from '../../../db/schema.js';
import { fail, PubliusError } from '../../../errors.js';
import { isRowId } from '../../ids.js';
import { isUploadedFile } from '../../plugins/body.js';
import { enforceAccountRateLimit, enforceRateLimit } from '../../plugins/rate-limits.js';
import { MAX_STATUS_CHARS } from '../../../posts/content.js';
import { homeTimeline } from '../../../timelines/timelines.views.js';
import { renderStatuses } from '../../api/entities/status.js';
import { html, type Html } from '../_layout.js';
import { csrfField, sendWebPage } from '../_session.js';
import { renderPostCard, renderTimeline } from '../_post.js';
import { asForm, asPage, field } from './_me.js';
import { listPage, pagingLinks } from './_list.js';

/**
 * Image fields on the compose form: Mastodon's four per post. A browser sends a part for every file input, even
 * an empty one, so the multipart parser (plugins/body.ts) must accept at least this many files a request.
 */
export const IMAGE_SLOTS = 4;

const VISIBILITIES: Array<{ value: Visibility; label: string }> = [
  { value: 'public', label: 'Public — anyone, and listed on the local timeline' },
  { value: 'unlisted', label: 'Unlisted — anyone with the link, not on public timelines' },
  { value: 'private', label: 'Followers only' },
  { value: 'direct', label: 'Mentioned people only' },
];

interface Draft {
  status: string;
  spoiler_text: string;
  visibility: Visibility;
  sensitive: boolean;
  reply_to: string;
  alts: string[];
}

const emptyDraft = (visibility: Visibility = 'public'): Draft => ({ status: '', spoiler_text: '', visibility, sensitive: false, reply_to: '', alts: [] });

async function composeForm(ctx: Context, request: FastifyRequest, reply: FastifyReply, draft: Draft, replyTo: Html | null, error?: string): Promise<Html> {
  const slots = Array.from({ length: IMAGE_SLOTS }, (_, i) => i + 1);
  // The first image field is always shown; the others fold away (a details element: no script needed).
  const imageSlot = (n: number) => html`<div class="image-slot"><label for="image${n}">Image ${n}</label>
<input type="file" id="image${n}" name="image${n}" accept="image/png,image/jpeg,image/webp,image/gif">
<label for="alt${n}">Description of image ${n}</label>
<input type="text" id="alt${n}" name="alt${n}" maxlength="1500" value="${draft.alts[n - 1] ?? ''}"></div>`;
  return html`<section aria-labelledby="compose-heading">
<h2 id="compose-heading" class="visually-hidden">${replyTo ? 'Reply' : 'New post'}</h2>
${replyTo ? html`<div class="replying-to"><p class="muted">Replying to:</p>${replyTo}</div>` : ''}
${error ? html`<p class="error" role="alert" id="compose-error">${error}</p>` : ''}
<form method="post" action="/home" enctype="multipart/form-data" class="card compose"${error ? html` aria-describedby="compose-error"` : ''}>
${await csrfField(ctx, request, reply)}
${draft.reply_to ? html`<input type="hidden" name="reply_to" value="${draft.reply_to}">` : ''}
<label for="status">${replyTo ? 'Your reply' : 'What is on your mind?'}</label>
<textarea id="status" name="status" rows="5" maxlength="${MAX_STATUS_CHARS * 4}" aria-describedby="status-help" data-max-chars="${MAX_STATUS_CHARS}">${draft.status}</textarea>
<p class="help muted" id="status-help">Up to ${MAX_STATUS_CHARS} characters; a link counts as 23.</p>
<details${draft.spoiler_text || draft.sensitive ? html` open` : ''}><summary>Content warning</summary>
<label for="spoiler_text">Warning shown before the post</label>
<input type="text" id="spoiler_text" name="spoiler_text" maxlength="500" value="${draft.spoiler_text}">
<p><label class="check"><input type="checkbox" name="sensitive" value="yes"${draft.sensitive ? html` checked` : ''}> Hide the images until the reader opens them</label></p>
</details>
<label for="visibility">Who can see it</label>
<select id="visibility" name="visibility">${VISIBILITIES.map((v) => html`<option value="${v.value}"${v.value === draft.visibility ? html` selected` : ''}>${v.label}</option>`)}</select>
<fieldset class="images"><legend>Images (up to ${IMAGE_SLOTS})</legend>
<p class="help muted">Images are re-encoded here, which removes location and camera data. Describe each one for people who cannot see it.</p>
${slots.slice(0, 1).map(imageSlot)}
${slots.length > 1 ? html`<details${draft.alts.slice(1).some(Boolean) ? html` open` : ''}><summary>More images</summary>${slots.slice(1).map(imageSlot)}</details>` : ''}
</fieldset>
<button type="submit">${replyTo ? 'Reply' : 'Post'}</button>
</form></section>`;
}

/** The post a `?reply_to=` names, when the reader may see it; anything else leaves the form a plain new post. */
async function replyTarget(ctx: Context, me: Account, id: string, csrf: Html) {
  if (!isRowId(id)) return null;
  try {
    const post = await ctx.posts.visible(me, id);
    const [entity] = await renderStatuses(ctx, me.id, [post.id]);
    return entity ? { entity, card: renderPostCard(entity, { viewer: me, csrf }) } : null;
  } catch (err) {
    if (err instanceof PubliusError) return null;
    throw err;
  }
}

async function homePage(ctx: Context, request: FastifyRequest, reply: FastifyReply, me: Account, draftIn: Draft | null, error?: string, status?: number) {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const csrf = await csrfField(ctx, request, reply);
  const page = listPage(request);
  const draft = draftIn ?? emptyDraft();
  const replyId = draft.reply_to || (typeof query.reply_to === 'string' ? query.reply_to : '');
  const target = replyId ? await replyTarget(ctx, me, replyId, csrf) : null;
  if (target && !draftIn) {
    // A reply starts by naming its author (and keeps a narrower audience: never wider than the post answered).
    draft.reply_to = target.entity.id;
    if (target.entity.account.id !== me.id) draft.status = `@${target.entity.account.acct} `;
    draft.visibility = target.entity.visibility as Visibility;
  }
  if (!target) draft.reply_to = '';
  const ids = await homeTimeline(ctx.db, me.id, page, ctx.clock.now());
  const posts = await renderStatuses(ctx, me.id, ids);
  // The newest page is marked for live updates: public/app.js, where script runs, adds new posts at its top
  // (/home/cards/:id, me/live.ts). Without script the marker does nothing and the reader reloads.
  const live = !page.max_id && !page.min_id;
  const body = html`<h1>Home</h1>
${await composeForm(ctx, request, reply, draft, target?.card ?? null, error)}
<section aria-labelledby="timeline-heading" class="home-timeline" data-newest="${ids[0] ?? ''}"${live ? html` data-live="home"` : ''}>
<h2 id="timeline-heading">Your timeline</h2>
${renderTimeline(posts, { viewer: me, csrf, showThreadLink: true }, pagingLinks('/home', page, ids))}
</section>`;
  return sendWebPage(ctx, request, reply, { title: 'Home', body, status, path: '/home', scripts: ['/static/app.js'] });
}

/** Reads the compose form; text fields only (files are read by the POST handler). */
function readDraft(body: unknown): Draft {
  const v = field(body, 'visibility');
  return {
    status: field(body, 'status'),
    spoiler_text: field(body, 'spoiler_text'),
    visibility: VISIBILITIES.some((x) => x.value === v) ? (v as Visibility) : 'public',
    sensitive: field(body, 'sensitive') === 'yes',
    reply_to: field(body, 'reply_to'),
    alts: Array.from({ length: IMAGE_SLOTS }, (_, i) => field(body, `alt${i + 1}`)),
  };
}

/** GET /home (the home timeline under the compose form) and POST /home (publishes the form). */
export default defineRoute((app, ctx) => {
  app.get('/home', async (request, reply) => asPage(ctx, request, reply, async (me) => homePage(ctx, request, reply, me, null)));

  app.post('/home', async (request, reply) => asForm(ctx, request, reply, async (me) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const draft = readDraft(body);
    if (draft.reply_to && !isRowId(draft.reply_to)) draft.reply_to = '';
    const fresh: string[] = [];
    try {
      await enforceAccountRateLimit(ctx, me.id, 'post');
      for (let n = 1; n <= IMAGE_SLOTS; n++) {
        const file = body[`image${n}`];
        // An empty file input still sends a part, with no name and no bytes: nothing was chosen.
        if (file === undefined || file === '' || (isUploadedFile(file) && file.data.length === 0)) continue;
        if (!isUploadedFile(file)) fail('VALIDATION', 'Validation failed: images must be uploaded as files');
        await enforceRateLimit(ctx, request, 'media', `:${me.id}`);
        const media = await ctx.media.ingest(me.id, { data: file.data, description: draft.alts[n - 1].trim() });
        fresh.push(media.id);
      }
      await ctx.posts.create(me, {
        text: draft.status, spoilerText: draft.spoiler_text.trim(), visibility: draft.visibility,
        sensitive: draft.sensitive || undefined, inReplyToId: draft.reply_to || null, mediaIds: fresh,
      });
    } catch (err) {
      // The post was not made: its uploads go, and the form comes back with what was typed.
      await ctx.media.discard(fresh);
      if (!(err instanceof PubliusError)) throw err;
      return homePage(ctx, request, reply, me, draft, err.message, err.status);
    }
    return reply.redirect('/home', 303);
  }));
});
