import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { enforceRateLimit } from '../../../plugins/rate-limits.js';
import { parse } from '../../../validate.js';
import { fail } from '../../../../errors.js';
import { renderOne, statusBody } from './_shared.js';

/** POST /api/v1/statuses — https://docs.joinmastodon.org/methods/statuses/#create */
export default defineRoute((app, ctx) => {
  app.post('/api/v1/statuses', async (request) => {
    const me = requireAccount(request, 'write:statuses');
    const body = parse(statusBody, request.body);
    if (body.poll) fail('VALIDATION', 'Validation failed: Polls are not supported on this server');
    if (body.scheduled_at) fail('VALIDATION', 'Validation failed: Scheduled posts are not supported on this server');
    await enforceRateLimit(ctx, request, 'post', `:${me.id}`);
    const key = request.headers['idempotency-key'];
    const status = await ctx.posts.create(me, {
      text: body.status, mediaIds: body.media_ids, inReplyToId: body.in_reply_to_id ?? null, sensitive: body.sensitive,
      spoilerText: body.spoiler_text, visibility: body.visibility, language: body.language ?? null,
      idempotencyKey: typeof key === 'string' && key ? key : null,
    });
    return renderOne(ctx, me.id, status.id);
  });
});
