import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { enforceAccountRateLimit } from '../../../plugins/rate-limits.js';
import { parse } from '../../../validate.js';
import { refuseUnsupported, renderOne, statusBody } from './_shared.js';

/**
 * POST /api/v1/statuses — https://docs.joinmastodon.org/methods/statuses/#create
 * A repeat with the same Idempotency-Key (within a day) returns the post the first request made.
 */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const body = parse(statusBody, request.body);
    refuseUnsupported(body);
    await enforceAccountRateLimit(ctx, me.id, 'post');
    const key = request.headers['idempotency-key'];
    const status = await ctx.posts.create(me, {
      text: body.status, mediaIds: body.media_ids, inReplyToId: body.in_reply_to_id ?? null, sensitive: body.sensitive,
      spoilerText: body.spoiler_text, visibility: body.visibility, language: body.language ?? null,
      idempotencyKey: typeof key === 'string' && key.trim() ? key.trim() : null,
    });
    return renderOne(ctx, me.id, status.id);
  });
});
