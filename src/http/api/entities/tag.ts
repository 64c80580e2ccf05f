import type { Config } from '../../../config/config.js';

/** Mastodon's Tag entity. Usage history is not kept (it would count who posted when): always empty. https://docs.joinmastodon.org/entities/Tag/ */
export interface TagEntity {
  name: string;
  url: string;
  history: Array<{ day: string; uses: string; accounts: string }>;
}

export function toTagEntity(config: Config, name: string): TagEntity {
  const lower = name.toLowerCase();
  return { name: lower, url: `${config.publicUrl}/tags/${encodeURIComponent(lower)}`, history: [] };
}
