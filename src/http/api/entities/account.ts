import { sql } from 'kysely';
import type { Config } from '../../../config/config.js';
import type { Db } from '../../../db/database.js';
import type { Account } from '../../../db/schema.js';

/** Mastodon's Account entity. https://docs.joinmastodon.org/entities/Account/ */
export interface AccountEntity {
  id: string;
  username: string;
  acct: string;
  url: string;
  uri: string;
  display_name: string;
  note: string;
  avatar: string;
  avatar_static: string;
  header: string;
  header_static: string;
  locked: boolean;
  fields: Array<{ name: string; value: string; verified_at: string | null }>;
  emojis: unknown[];
  bot: boolean;
  group: boolean;
  discoverable: boolean;
  indexable: boolean;
  noindex: boolean;
  suspended?: boolean;
  limited?: boolean;
  created_at: string;
  last_status_at: string | null;
  statuses_count: number;
  followers_count: number;
  following_count: number;
  roles: Array<{ id: string; name: string; color: string }>;
}

export interface CredentialAccountEntity extends AccountEntity {
  source: { privacy: string; sensitive: boolean; language: string | null; note: string; fields: unknown[]; follow_requests_count: number };
  role: { id: string; name: string; permissions: string; color: string; highlighted: boolean };
}

/** Account row plus the file keys of its images. */
export type AccountWithImages = Account & { avatar_key?: string | null; header_key?: string | null };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

/** Profile text is plain text; it is escaped and its line breaks kept. */
export function bioHtml(bio: string): string {
  if (!bio) return '';
  return bio.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('');
}

export function mediaUrl(config: Config, key: string): string {
  return `${config.publicUrl}/media/${key}`;
}

export function toAccountEntity(config: Config, a: AccountWithImages): AccountEntity {
  const url = `${config.publicUrl}/@${a.handle}`;
  const avatar = a.avatar_key ? mediaUrl(config, a.avatar_key) : `${config.publicUrl}/static/avatar.png`;
  const header = a.header_key ? mediaUrl(config, a.header_key) : `${config.publicUrl}/static/header.png`;
  return {
    id: a.id,
    username: a.handle,
    acct: a.handle,
    url,
    uri: `${config.publicUrl}/users/${a.handle}`,
    display_name: a.display_name,
    note: bioHtml(a.bio),
    avatar, avatar_static: avatar, header, header_static: header,
    locked: a.locked,
    fields: [],
    emojis: [],
    bot: a.bot,
    group: false,
    discoverable: a.discoverable,
    indexable: a.discoverable,
    noindex: !a.discoverable,
    ...(a.suspended ? { suspended: true } : {}),
    ...(a.silenced ? { limited: true } : {}),
    // Publius keeps only the date an account was made; Mastodon also shows midnight.
    created_at: `${a.created_on}T00:00:00.000Z`,
    last_status_at: a.last_status_on,
    statuses_count: a.statuses_count,
    followers_count: a.followers_count,
    following_count: a.following_count,
    roles: [],
  };
}

export function toCredentialAccountEntity(config: Config, a: AccountWithImages, followRequestsCount = 0): CredentialAccountEntity {
  return {
    ...toAccountEntity(config, a),
    source: { privacy: 'public', sensitive: false, language: null, note: a.bio, fields: [], follow_requests_count: followRequestsCount },
    role: { id: roleId(a.role), name: a.role, permissions: rolePermissions(a.role), color: '', highlighted: a.role !== 'user' },
  };
}

function roleId(role: Account['role']): string {
  return { user: '-99', moderator: '2', legal: '4', admin: '3' }[role];
}

function rolePermissions(role: Account['role']): string {
  // Mastodon permission bits: 1 administrator, 4 manage reports, 16 manage users.
  return { user: '0', moderator: String(4 | 16), legal: '0', admin: '1' }[role];
}

/** Loads accounts with their image keys, in the order of the ids given (missing ones skipped). */
export async function loadAccounts(db: Db, ids: string[]): Promise<AccountWithImages[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('accounts')
    .leftJoin('media as av', 'av.id', 'accounts.avatar_media_id')
    .leftJoin('media as hd', 'hd.id', 'accounts.header_media_id')
    .selectAll('accounts')
    .select(['av.file_key as avatar_key', 'hd.file_key as header_key'])
    .where('accounts.id', '=', sql<string>`any(${[...new Set(ids)]}::bigint[])`)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => !!r);
}
