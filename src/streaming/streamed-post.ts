import type { Context } from '../context.js';
import type { Visibility } from '../db/schema.js';
import { renderStatuses, type StatusEntity } from '../http/api/entities/status.js';

/** Who wrote a post and who may read it: what the audience rule (audience.ts) needs, without a query. */
export interface Authorship {
  statusId: string;
  authorId: string;
  visibility: Visibility;
  mentionIds: ReadonlySet<string>;
  authorSuspended: boolean;
}

/** One viewer's own marks on a post and, for a boost, on the boosted original. */
export interface ViewerFlags {
  favourited: ReadonlySet<string>;
  reblogged: ReadonlySet<string>;
  bookmarked: ReadonlySet<string>;
}

export const NO_FLAGS: ViewerFlags = { favourited: new Set(), reblogged: new Set(), bookmarked: new Set() };

/**
 * A post as every stream sees it: rendered ONCE, without a viewer, however many connections receive it.
 * Each viewer's copy differs only in its favourited/reblogged/bookmarked flags, so payloads are made per
 * combination of flags (for a new post, one combination for every signed-in viewer) and reused.
 */
export class StreamedPost {
  readonly id: string;
  readonly post: Authorship;
  /** The boosted original, when this post is a boost. */
  readonly original: Authorship | null;
  readonly visibility: Visibility;
  readonly hasMedia: boolean;
  private readonly payloads = new Map<string, string>();

  constructor(private readonly entity: StatusEntity) {
    this.id = entity.id;
    this.post = authorship(entity);
    this.original = entity.reblog ? authorship(entity.reblog) : null;
    this.visibility = this.post.visibility;
    this.hasMedia = (entity.reblog ?? entity).media_attachments.length > 0;
  }

  /** The ids whose flags a viewer's copy shows: the post, and the original of a boost. */
  get flaggedIds(): string[] {
    return this.original ? [this.id, this.original.statusId] : [this.id];
  }

  /** The JSON text of the Status entity for an anonymous viewer (no flags) or a signed-in one. */
  payload(flags: ViewerFlags | null): string {
    const key = flags ? this.flaggedIds.map((id) => `${+flags.favourited.has(id)}${+flags.reblogged.has(id)}${+flags.bookmarked.has(id)}`).join('') : 'anonymous';
    let text = this.payloads.get(key);
    if (text === undefined) {
      text = JSON.stringify(flags ? withFlags(this.entity, flags) : this.entity);
      this.payloads.set(key, text);
    }
    return text;
  }
}

/** Renders a post for streaming, or null when it no longer exists (deleted before the event was handled). */
export async function loadStreamedPost(ctx: Context, id: string): Promise<StreamedPost | null> {
  const [entity] = await renderStatuses(ctx, null, [id]);
  return entity ? new StreamedPost(entity) : null;
}

function authorship(e: StatusEntity): Authorship {
  return {
    statusId: e.id,
    authorId: e.account.id,
    visibility: e.visibility as Visibility,
    mentionIds: new Set(e.mentions.map((m) => m.id)),
    authorSuspended: e.account.suspended === true,
  };
}

function withFlags(e: StatusEntity, flags: ViewerFlags): StatusEntity {
  return {
    ...e,
    favourited: flags.favourited.has(e.id),
    reblogged: flags.reblogged.has(e.id),
    muted: false,
    bookmarked: flags.bookmarked.has(e.id),
    pinned: false,
    reblog: e.reblog ? withFlags(e.reblog, flags) : null,
  };
}
