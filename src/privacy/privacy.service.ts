import fs from 'node:fs';
import path from 'node:path';
import archiver from 'archiver';
import { sql } from 'kysely';
import type { Context } from '../context.js';
import type { Db } from '../db/database.js';
import { INVENTORY, categoriesNeverHeld, type TableEntry } from './inventory.js';
import { NO_HOLDS, type LegalHoldRegistry } from './legal-hold.js';
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

/** Tables whose rows belong to an account through one of its posts rather than directly. */
const VIA_STATUS = new Set(['status_edits', 'status_mentions', 'status_tags']);
/** Rows others created that are about the account: who follows it and who mentioned it. */
const ABOUT: Array<{ table: string; column: string }> = [
  { table: 'follows', column: 'followee_id' },
  { table: 'follow_requests', column: 'target_account_id' },
];

/**
 * Driven entirely by the data inventory: what the server holds about an account, its export, and its deletion.
 */
export class PrivacyService {
  holds: LegalHoldRegistry = NO_HOLDS;
  constructor(private readonly ctx: Context) {}

  async holdings(accountId: string): Promise<Holdings> {
    const account = await this.ctx.accounts.byId(accountId);
    if (!account) fail('NOT_FOUND');
    const tables: HeldTable[] = [];
    for (const [table, entry] of Object.entries(INVENTORY)) {
      if (!entry.owner) continue;
      const rows = await this.rowsFor(table, entry, accountId);
      const about = ABOUT.filter((a) => a.table === table);
      for (const a of about) rows.push(...(await this.select(table, entry, sql`${sql.ref(a.column)} = ${accountId}`)));
      tables.push({ table, purpose: entry.purpose, retention: entry.retention, rows });
    }
    return { account: account.handle, never_collected: categoriesNeverHeld(), tables };
  }

  private rowsFor(table: string, entry: TableEntry, accountId: string): Promise<Record<string, unknown>[]> {
    if (VIA_STATUS.has(table)) return this.select(table, entry, sql`status_id in (select id from statuses where account_id = ${accountId})`);
    return this.select(table, entry, sql`${sql.ref(entry.owner!)} = ${accountId}`);
  }

  private async select(table: string, entry: TableEntry, where: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
    // Column names come from the inventory, never from input; secrets are replaced, generated search vectors skipped.
    const columns = Object.entries(entry.columns).filter(([name]) => name !== 'search');
    const list = sql.join(columns.map(([name]) => sql.ref(name)));
    const { rows } = await sql<Record<string, unknown>>`select ${list} from ${sql.table(table)} where ${where} limit 100000`.execute(this.ctx.db);
    return rows.map((row) => Object.fromEntries(columns.map(([name, c]) => [name, c.class === 'secret' ? (row[name] === null ? null : '[stored only as a hash]') : row[name]])));
  }

  /** Streams a zip archive of everything held about the account, with its media files. */
  async export(accountId: string, out: NodeJS.WritableStream): Promise<void> {
    const holdings = await this.holdings(accountId);
    const zip = archiver('zip', { zlib: { level: 6 } });
    const done = new Promise<void>((resolve, reject) => { zip.on('error', reject); out.on('finish', resolve); out.on('close', resolve); });
    zip.pipe(out);
    zip.append(JSON.stringify(holdings, null, 2), { name: 'holdings.json' });
    const posts = holdings.tables.find((t) => t.table === 'statuses')?.rows ?? [];
    zip.append(JSON.stringify(posts, null, 2), { name: 'posts.json' });
    zip.append(README, { name: 'README.txt' });
    const media = holdings.tables.find((t) => t.table === 'media')?.rows ?? [];
    for (const m of media) {
      const file = this.ctx.media.filePath(String(m.file_key));
      if (file && fs.existsSync(file)) zip.file(file, { name: `media/${path.basename(file)}` });
    }
    await zip.finalize();
    await done;
  }

  /**
   * Deletes the account at once: every row it owns goes (foreign keys cascade), the counters of the accounts
   * and posts it touched are corrected, and its media files are removed after the transaction commits.
   */
  async deleteAccount(accountId: string, passphrase: string): Promise<void> {
    const account = await this.ctx.accounts.byId(accountId);
    if (!account) fail('NOT_FOUND');
    if (!(await verifyPassphrase(account.passphrase_hash, passphrase))) fail('LOGIN_FAILED', 'The passphrase is wrong');
    const keys = await this.ctx.db.transaction().execute(async (trx) => {
      await this.holds.beforeAccountDeletion(accountId, trx);
      await fixCountersBeforeDeletion(trx, accountId);
      const media = await trx.selectFrom('media').select('file_key').where('account_id', '=', accountId).execute();
      await trx.deleteFrom('accounts').where('id', '=', accountId).execute();
      return media.map((m) => m.file_key);
    });
    await this.ctx.media.deleteFiles(keys);
  }
}

async function fixCountersBeforeDeletion(trx: Db, id: string): Promise<void> {
  await sql`update accounts set followers_count = greatest(followers_count - 1, 0) where id in (select followee_id from follows where follower_id = ${id})`.execute(trx);
  await sql`update accounts set following_count = greatest(following_count - 1, 0) where id in (select follower_id from follows where followee_id = ${id})`.execute(trx);
  await sql`update statuses set favourites_count = greatest(favourites_count - 1, 0) where id in (select status_id from favourites where account_id = ${id})`.execute(trx);
  await sql`update statuses set reblogs_count = greatest(reblogs_count - 1, 0) where id in (select reblog_of_id from statuses where account_id = ${id} and reblog_of_id is not null)`.execute(trx);
  await sql`update statuses p set replies_count = greatest(p.replies_count - 1, 0) from statuses r
            where r.account_id = ${id} and r.in_reply_to_id = p.id and p.account_id <> ${id}`.execute(trx);
  // Boosts of the account's posts by others disappear with the posts.
  await sql`update accounts a set statuses_count = greatest(a.statuses_count - b.n, 0) from (
              select s.account_id, count(*)::int as n from statuses s join statuses o on o.id = s.reblog_of_id
              where o.account_id = ${id} and s.account_id <> ${id} group by s.account_id) b where a.id = b.account_id`.execute(trx);
}

const README = `This archive holds everything this Publius server stores about your account.
holdings.json lists, table by table, its purpose, how long it is kept, and your rows. Values stored only as
hashes (passphrase, tokens, recovery codes) are shown as "[stored only as a hash]". never_collected lists the
kinds of data this server never collects at all. posts.json holds your posts; media/ your uploaded files.
`;
