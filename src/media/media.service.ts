import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { Db } from '../db/database.js';
import type { Media } from '../db/schema.js';
import type { Clock } from '../clock.js';
import { fail } from '../errors.js';
import { randomToken } from '../security/tokens.js';

export interface UploadInput {
  data: Buffer;
  description?: string;
  focus?: { x: number; y: number };
}

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' } as const;
type Format = keyof typeof FORMATS;
const EXT: Record<Format, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' };
export const MEDIA_KEY_PATTERN = /^[A-Za-z0-9_-]{20,64}\.(jpg|png|webp|gif)$/;
const MAX_PIXELS = 40_000_000;

/**
 * Uploaded images are decoded and re-encoded: whatever the file carried beyond pixels (EXIF with GPS, XMP,
 * IPTC, maker notes, comments, ICC) is gone, because sharp writes no metadata unless asked to, and
 * orientation is applied to the pixels first so the picture still looks right. The stored name is random.
 * Each format is kept as it came: an animated GIF stays an animated GIF (every frame and delay re-encoded),
 * an animated WebP an animated WebP. The type is read from the bytes; the client's name and type are ignored.
 * No blurhash is computed (the entity's blurhash is null, which clients accept).
 */
export class MediaService {
  constructor(private readonly db: Db, readonly dir: string, private readonly maxBytes: number, private readonly clock: Clock) {}

  /** Re-encodes an image; refuses anything that is not a readable JPEG, PNG, WebP or GIF. */
  async reencode(data: Buffer, resize?: { width: number; height: number }): Promise<{ buffer: Buffer; format: Format; width: number; height: number }> {
    if (data.length > this.maxBytes) fail('PAYLOAD_TOO_LARGE');
    let meta: Metadata;
    try {
      meta = await sharp(data, { limitInputPixels: MAX_PIXELS }).metadata();
    } catch {
      fail('UNSUPPORTED_MEDIA', 'File is not a supported image (JPEG, PNG, WebP or GIF)');
    }
    const format = meta.format as string;
    if (!(format in FORMATS)) fail('UNSUPPORTED_MEDIA', 'File is not a supported image (JPEG, PNG, WebP or GIF)');
    const animated = (meta.pages ?? 1) > 1 && (format === 'gif' || format === 'webp');
    try {
      let pipeline = sharp(data, { animated, limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
      if (resize) pipeline = pipeline.resize(resize.width, resize.height, { fit: 'cover' });
      const out = format === 'jpeg' ? pipeline.jpeg({ quality: 85, mozjpeg: true })
        : format === 'png' ? pipeline.png()
        : format === 'webp' ? pipeline.webp({ quality: 85 })
        : pipeline.gif();
      const { data: buffer, info } = await out.toBuffer({ resolveWithObject: true });
      return { buffer, format: format as Format, width: info.width, height: animated ? (info.pageHeight ?? info.height) : info.height };
    } catch {
      fail('UNSUPPORTED_MEDIA', 'The image could not be read; the file may be damaged');
    }
  }

  async ingest(accountId: string, input: UploadInput, resize?: { width: number; height: number }): Promise<Media> {
    const image = await this.reencode(input.data, resize);
    const key = `${randomToken(24)}.${EXT[image.format]}`;
    await fs.mkdir(this.dir, { recursive: true });
    await fs.writeFile(path.join(this.dir, key), image.buffer, { mode: 0o640 });
    try {
      return await this.db.insertInto('media').values({
        account_id: accountId, file_key: key, content_type: FORMATS[image.format], width: image.width, height: image.height,
        size_bytes: image.buffer.length, description: (input.description ?? '').slice(0, 1500),
        focus_x: input.focus?.x ?? 0, focus_y: input.focus?.y ?? 0, kind: 'image',
      }).returningAll().executeTakeFirstOrThrow();
    } catch (err) {
      await fs.rm(path.join(this.dir, key), { force: true });
      throw err;
    }
  }

  /** The account's own upload, while it is not yet attached to a post (Mastodon answers 404 otherwise). */
  async pending(accountId: string, mediaId: string): Promise<Media | undefined> {
    return this.db.selectFrom('media').selectAll().where('id', '=', mediaId).where('account_id', '=', accountId)
      .where('status_id', 'is', null).executeTakeFirst();
  }

  /** Changes the alt text or focal point of a pending upload; undefined when there is no such upload. */
  async describe(accountId: string, mediaId: string, change: { description?: string; focus?: { x: number; y: number } }): Promise<Media | undefined> {
    const m = await this.pending(accountId, mediaId);
    if (!m || (change.description === undefined && !change.focus)) return m;
    return this.db.updateTable('media').set({
      ...(change.description !== undefined ? { description: change.description.slice(0, 1500) } : {}),
      ...(change.focus ? { focus_x: change.focus.x, focus_y: change.focus.y } : {}),
    }).where('id', '=', mediaId).where('account_id', '=', accountId).where('status_id', 'is', null).returningAll().executeTakeFirst();
  }

  /** Removes uploads that nothing uses any more (a replaced avatar, images of a refused profile update). */
  async discard(mediaIds: string[]): Promise<void> {
    if (!mediaIds.length) return;
    const gone = await this.db.deleteFrom('media').where('id', 'in', mediaIds).where('status_id', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('accounts').select('id').where((e) => e.or([e('avatar_media_id', '=', eb.ref('media.id')), e('header_media_id', '=', eb.ref('media.id'))])))))
      .returning('file_key').execute();
    await this.deleteFiles(gone.map((g) => g.file_key));
  }

  async deleteFiles(keys: string[]): Promise<void> {
    for (const key of keys) if (MEDIA_KEY_PATTERN.test(key)) await fs.rm(path.join(this.dir, key), { force: true });
  }

  /** Uploads never attached to a post or profile within a day are removed. */
  async purgeUnattached(): Promise<number> {
    const cutoffId = (BigInt(this.clock.now().getTime() - 86_400_000) << 16n).toString();
    const rows = await this.db.deleteFrom('media').where('status_id', 'is', null).where('id', '<', cutoffId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('accounts').select('id').where((e) => e.or([e('avatar_media_id', '=', eb.ref('media.id')), e('header_media_id', '=', eb.ref('media.id'))])))))
      .returning('file_key').execute();
    await this.deleteFiles(rows.map((r) => r.file_key));
    return rows.length;
  }

  filePath(key: string): string | null {
    return MEDIA_KEY_PATTERN.test(key) ? path.join(this.dir, key) : null;
  }
}
