import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { defineRoute } from '../../../route.js';
import { requireAccount } from '../../../plugins/auth.js';
import { enforceRateLimit } from '../../../plugins/rate-limits.js';
import { isUploadedFile } from '../../../plugins/body.js';
import { parse } from '../../../validate.js';
import { fail } from '../../../../errors.js';
import { toMediaEntity } from '../../entities/media.js';

const focus = z.string().regex(/^-?(0|1)(\.\d+)?,-?(0|1)(\.\d+)?$/, 'must be "x,y" between -1 and 1').optional()
  .transform((v) => {
    if (!v) return undefined;
    const [x, y] = v.split(',').map(Number);
    if (Math.abs(x) > 1 || Math.abs(y) > 1) return undefined;
    return { x, y };
  });
const uploadBody = z.object({ description: z.string().max(1500).optional(), focus });
const updateBody = z.object({ description: z.string().max(1500).optional(), focus });

function mediaId(request: FastifyRequest): string {
  const id = (request.params as { id?: string }).id;
  if (!id || !/^\d{1,20}$/.test(id)) fail('NOT_FOUND');
  return id;
}

/**
 * POST /api/v2/media (and v1), GET/PUT /api/v1/media/:id — processing is synchronous, so url is always set.
 * As in Mastodon, GET and PUT reach only the caller's uploads not yet attached to a post (404 otherwise);
 * attached media change through an edit of the post.
 */
export default defineRoute((app, ctx) => {
  const upload = async (request: FastifyRequest) => {
    const me = requireAccount(request, 'write:media');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!request.isMultipart() || !isUploadedFile(body.file)) fail('VALIDATION', 'Validation failed: A file must be uploaded as multipart form data in the "file" field');
    const b = parse(uploadBody, { description: body.description, focus: body.focus });
    await enforceRateLimit(ctx, request, 'media', `:${me.id}`);
    const media = await ctx.media.ingest(me.id, { data: body.file.data, description: b.description, focus: b.focus });
    return toMediaEntity(ctx.config, media);
  };
  app.post('/api/v2/media', upload);
  app.post('/api/v1/media', upload);

  app.get('/api/v1/media/:id', async (request) => {
    const me = requireAccount(request, 'write:media');
    const m = await ctx.media.pending(me.id, mediaId(request));
    if (!m) fail('NOT_FOUND');
    return toMediaEntity(ctx.config, m);
  });
  app.put('/api/v1/media/:id', async (request) => {
    const me = requireAccount(request, 'write:media');
    const b = parse(updateBody, request.body);
    const m = await ctx.media.describe(me.id, mediaId(request), b);
    if (!m) fail('NOT_FOUND');
    return toMediaEntity(ctx.config, m);
  });
});
