import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import archiver from 'archiver';
import { sql } from 'kysely';
import type { Context } from '../context.js';
import type { Db } from '../db/database.js';
import { INVENTORY, categoriesNeverHeld, type TableEntry } from './inventory.js';
import { NO_HOLDS, type LegalHoldRegistry } from './legal-hold.js';
import { relationsOf } from './privacy.views.js';
import { verifyPassphrase } from '../accounts/passphrase.js';
import { fail } from '../errors.js';

export interface HeldTable {
  table: string;
  purpose: string;
  retention: string;
  rows: Record<string, unknown>[];
}

export interface Holdings {
  account: string;
  never_collected: string[];
  tables: HeldTable[];
}

export interface ExportArchive {
  filename: string;
  /** A zip archive, produced as it is read. */
  stream: Readable;
}

/** Tables whose rows belong to an account through one of its posts rather than directly. */
const VIA_STATUS = new Set(['status_edits', 'status_mentions', 'status_tags']);
/** Rows others created that are about the account: who follows it, who asked to, whose posts mention it. */
const ABOUT: Array<{ table: string; where: (accountId: string) => ReturnType<typeof sql> }> = [
  { table: 'follows', where: (id) => sql`followee_id = ${id}` },
  { table: 'follow_requests', where: (id) => sql`target_account_id = ${id}` },
  { table: 'status_mentions', where: (id) => sql`account_id = ${id} and status_id not in (select id from statuses where account_id = ${id})` },
];

export const HASHED = '[stored only as a hash]';

/**
 * Driven by the data inventory: what the server holds about an account, its export, and its deletion.
 */
export class PrivacyService {
  /** Consulted before every deletion; the legal desk replaces the default (see legal-hold.ts). */
  legalHolds: LegalHoldRegistry = NO_HOLDS;

  constructor(private readonly ctx: Context) {}

  /** Every inventory table tied to an account, with its purpose, retention and the rows about the account. */
  async holdings(accountId: string): Promise<Holdings> {
    const account = await this.ctx.accounts.byId(accountId);
    if (!account) fail('NOT_FOUND');
    const tables: HeldTable[] = [];
    for (const [table, entry] of Object.entries(INVENTORY)) {
      if (!entry.owner) continue;
      const rows = await this.rowsFor(table, entry, accountId);
      for (const a of ABOUT.filter((x) => x.table === table)) rows.push(...(await this.select(table, entry, a.where(accountId))));
      tables.push({ table, purpose: entry.purpose, retention: entry.retention, rows });
    }
    return { account: account.handle, never_collected: categoriesNeverHeld(), tables };
  }

  private rowsFor(table: string, entry: TableEntry, accountId: string): Promise<Record<string, unknown>[]> {
    if (VIA_STATUS.has(table)) return this.select(table, entry, sql`status_id in (select id from statuses where account_id = ${accountId})`);
    const owned = sql`${sql.ref(entry.owner!)} = ${accountId}`;
    return this.select(table, entry, entry.ownerSees ? sql`${owned} and (${sql.raw(entry.ownerSees)})` : owned);
  }

  private async select(table: string, entry: TableEntry, where: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
    // Column names come from the inventory, never from input; secrets are replaced, columns that would name
    // someone else withheld, generated search vectors skipped.
    const columns = Object.keys(entry.columns).filter((name) => name !== 'search');
    const list = sql.join(columns.map((name) => sql.ref(name)));
    const { rows } = await sql<Record<string, unknown>>`select ${list} from ${sql.table(table)} where ${where} limit 100000`.execute(this.ctx.db);
    return rows.map((row) => Object.fromEntries(columns.map((name) => {
      const value = row[name];
      const column = entry.columns[name];
      if (column.hiddenFromOwner && value !== null) return [name, `[withheld: ${column.hiddenFromOwner}]`];
      return [name, column.class === 'secret' && value !== null ? HASHED : value];
    })));
  }

  /**
   * Everything held about the account as a zip: holdings.json, posts with their earlier versions, relations
   * (followers, following, mutes, blocks, bookmarks, favourites) as JSON and as Mastodon-importable CSV,
   * and the media files. The data is read before the archive starts, so a failure is an error response.
   */
  async exportArchive(accountId: string): Promise<ExportArchive> {
    const holdings = await this.holdings(accountId);
    const relations = await relationsOf(this.ctx.db, this.ctx.config, accountId);
    const rowsOf = (table: string) => holdings.tables.find((t) => t.table === table)?.rows ?? [];
    const media = rowsOf('media');
    const posts = rowsOf('statuses').map((s) => ({
      ...s,
      edits: rowsOf('status_edits').filter((e) => e.status_id === s.id),
      media: media.filter((m) => m.status_id === s.id).map((m) => `media/${m.file_key}`),
    }));

    const zip = archiver('zip', { zlib: { level: 6 } });
    const json = (name: string, value: unknown) => zip.append(`${JSON.stringify(value, null, 2)}\n`, { name });
    zip.append(README, { name: 'README.txt' });
    json('holdings.json', holdings);
    json('posts.json', posts);
    for (const [name, list] of Object.entries(relations)) json(`${name}.json`, list);
    zip.append(csv(['Account address', 'Show boosts', 'Notify on new posts', 'Languages'], relations.following.map((f) => [f.acct, String(f.show_reblogs), String(f.notify), ''])), { name: 'following_accounts.csv' });
    zip.append(csv(['Account address', 'Hide notifications'], relations.mutes.map((m) => [m.acct, String(m.hide_notifications)])), { name: 'muted_accounts.csv' });
    zip.append(csv(null, relations.blocks.map((b) => [b.acct])), { name: 'blocked_accounts.csv' });
    zip.append(csv(null, relations.bookmarks.map((b) => [b.url])), { name: 'bookmarks.csv' });
    for (const m of media) {
      const file = this.ctx.media.filePath(String(m.file_key));
      if (file && fs.existsSync(file)) zip.file(file, { name: `media/${path.basename(file)}` });
    }
    void zip.finalize().catch((err: Error) => zip.destroy(err));
    return { filename: `publius-${holdings.account}-export.zip`, stream: zip };
  }

  /**
   * Deletes the account at once: every row it owns goes (foreign keys cascade), the counters of the accounts
   * and posts it touched are corrected, and its media files are removed after the transaction commits.
   * Legal holds are consulted first; see legal-hold.ts for what happens when one is in force.
   */
  async deleteAccount(accountId: string, passphrase: string): Promise<void> {
    const account = await this.ctx.accounts.byId(accountId);
    if (!account) fail('NOT_FOUND');
    if (!(await verifyPassphrase(account.passphrase_hash, passphrase))) fail('LOGIN_FAILED', 'The passphrase is wrong');
    const holds = await this.legalHolds.holdsFor(accountId);
    const keys = await this.ctx.db.transaction().execute(async (trx) => {
      if (holds.length) {
        await trx.insertInto('preservation_notices')
          .values(holds.map((h) => ({ hold_id: h.id, case_id: h.caseId, account_id: accountId, handle: account.handle })))
          .execute();
      }
      await fixCountersBeforeDeletion(trx, accountId);
      const media = await trx.selectFrom('media').select('file_key').where('account_id', '=', accountId).execute();
      await trx.deleteFrom('accounts').where('id', '=', accountId).execute();
      return media.map((m) => m.file_key);
    });
    await this.ctx.media.deleteFiles(keys);
    if (holds.length) {
      this.ctx.logger.warn({ holds: holds.length }, 'an account under legal hold was deleted; preservation notice recorded for the legal desk');
    }
  }
}

async function fixCountersBeforeDeletion(trx: Db, id: string): Promise<void> {
  await sql`update accounts set followers_count = greatest(followers_count - 1, 0) where id in (select followee_id from follows where follower_id = ${id})`.execute(trx);
  await sql`update accounts set following_count = greatest(following_count - 1, 0) where id in (select follower_id from follows where followee_id = ${id})`.execute(trx);
  await sql`update statuses set favourites_count = greatest(favourites_count - 1, 0) where id in (select status_id from favourites where account_id = ${id})`.execute(trx);
  await sql`update statuses set reblogs_count = greatest(reblogs_count - 1, 0) where id in (select reblog_of_id from statuses where account_id = ${id} and reblog_of_id is not null)`.execute(trx);
  await sql`update statuses p set replies_count = greatest(p.replies_count - r.n, 0) from (
              select in_reply_to_id, count(*)::int as n from statuses where account_id = ${id} and in_reply_to_id is not null
                and visibility in ('public', 'unlisted') group by in_reply_to_id) r -- replies_count counts only these (posts.store countsAsReply)
            where p.id = r.in_reply_to_id and p.account_id <> ${id}`.execute(trx);
  // Boosts of the account's posts by others disappear with the posts.
  await sql`update accounts a set statuses_count = greatest(a.statuses_count - b.n, 0) from (
              select s.account_id, count(*)::int as n from statuses s join statuses o on o.id = s.reblog_of_id
              where o.account_id = ${id} and s.account_id <> ${id} group by s.account_id) b where a.id = b.account_id`.execute(trx);
}

function csv(header: string[] | null, rows: string[][]): string {
  const line = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  return [...(header ? [line(header)] : []), ...rows.map(line)].map((l) => `${l}\n`).join('');
}

const README = `This archive holds everything this Publius server stores about your account.

holdings.json   table by table: what it is for, how long it is kept, and your rows. Values stored only as
                hashes (passphrase, tokens, recovery codes) appear as "${HASHED}". never_collected lists
                the kinds of data this server never collects at all.
posts.json      your posts and boosts, each with its earlier versions (edits) and its media files.
followers.json, following.json, follow_requests_sent.json, follow_requests_received.json,
mutes.json, blocks.json, bookmarks.json, favourites.json
                your relations, naming accounts by address.
following_accounts.csv, muted_accounts.csv, blocked_accounts.csv, bookmarks.csv
                the same lists in the format Mastodon servers import.
media/          the files you uploaded, as stored (already stripped of metadata).
`;
