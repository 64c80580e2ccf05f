import type { Config } from '../../../config/config.js';
import type { Media } from '../../../db/schema.js';
import { mediaUrl } from './account.js';

/** Mastodon's MediaAttachment entity. https://docs.joinmastodon.org/entities/MediaAttachment/ */
export function toMediaEntity(config: Config, m: Media) {
  const url = mediaUrl(config, m.file_key);
  return {
    id: m.id,
    type: m.kind === 'gifv' ? 'gifv' : 'image',
    url,
    preview_url: url,
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta: {
      original: { width: m.width, height: m.height, size: `${m.width}x${m.height}`, aspect: m.height ? m.width / m.height : 1 },
      small: { width: m.width, height: m.height, size: `${m.width}x${m.height}`, aspect: m.height ? m.width / m.height : 1 },
      focus: { x: m.focus_x, y: m.focus_y },
    },
    description: m.description || null,
    blurhash: m.blurhash,
  };
}
