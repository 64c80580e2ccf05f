import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import qs from 'qs';
import type { Context } from '../../context.js';

/** An uploaded file after multipart parsing. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).data);
}

const QS_OPTIONS = { arrayLimit: 100, depth: 3, parameterLimit: 200 } as const;

export function parseQueryString(str: string): Record<string, unknown> {
  return qs.parse(str, QS_OPTIONS) as Record<string, unknown>;
}

/**
 * Mastodon clients send parameters as JSON, as form fields (with Rails-style `media_ids[]` arrays) or as
 * multipart; all three end up as the same plain object in request.body.
 */
export async function registerBodyParsing(app: FastifyInstance, ctx: Context): Promise<void> {
  await app.register(formbody, { parser: (str) => parseQueryString(str), bodyLimit: 1024 * 1024 });
  await app.register(multipart, {
    attachFieldsToBody: true,
    // Four: a post takes up to four images, and a browser sends a part for every file field, even an empty one.
    limits: { fileSize: ctx.config.mediaMaxBytes, files: 4, fields: 100, fieldSize: 100_000 },
  });
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const raw = request.body as Record<string, unknown> | undefined;
    if (!raw) return;
    const pairs: string[] = [];
    const files: Record<string, UploadedFile> = {};
    for (const [key, entry] of Object.entries(raw)) {
      for (const part of Array.isArray(entry) ? entry : [entry]) {
        const p = part as { type?: string; value?: unknown; filename?: string; mimetype?: string; toBuffer?: () => Promise<Buffer> };
        if (p?.type === 'file' && p.toBuffer) {
          files[key] = { filename: p.filename ?? 'upload', mimetype: p.mimetype ?? 'application/octet-stream', data: await p.toBuffer() };
        } else if (p?.type === 'field') {
          // A field sent with a JSON content type arrives parsed; keep its text rather than "[object Object]".
          const text = typeof p.value === 'object' && p.value !== null ? JSON.stringify(p.value) : String(p.value ?? '');
          pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
        }
      }
    }
    request.body = { ...parseQueryString(pairs.join('&')), ...files };
  });
}
