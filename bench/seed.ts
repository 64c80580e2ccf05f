/**
 * Bulk seeding through the storage layer (Kysely over the project's openDatabase), before the measured part.
 * Accounts, tokens, follows and posts are inserted set-wise (INSERT … SELECT generate_series / unnest) and the
 * public counters on accounts are kept exact, as the graph and posts services would keep them.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import argon2 from 'argon2';
import { openDatabase, sql, type DbHandle, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';

const BATCH = 20_000;
const POST_BATCH = 50_000;

export interface SeedTarget {
  databaseUrl?: string;
  dataDir?: string;
}

export async function openSeedDb(target: SeedTarget): Promise<DbHandle> {
  const handle = target.databaseUrl
    ? await openDatabase({ url: target.databaseUrl, poolSize: 4 })
    : await openDatabase({ dataDir: path.join(target.dataDir!, 'db') });
  await migrateToLatest(handle.db);
  return handle;
}

/** What the bench knows about the seeded world across restarts of the server. */
export class World {
  /** Every bench token is `${secret}${accountId}`; the database holds only its SHA-256. */
  readonly secret = `bench_${crypto.randomBytes(12).toString('hex')}_`;
  private handleSeq = 0;
  /** Seeded posts get explicit snowflake-shaped ids, one millisecond apart, older than anything posted live. */
  private postSeq = 0;
  private readonly postBaseMs = Date.now() - 40 * 24 * 3600_000;
  private passphraseHash: string | null = null;

  tokenOf(accountId: string): string {
    return `${this.secret}${accountId}`;
  }

  private async hash(): Promise<string> {
    this.passphraseHash ??= await argon2.hash(crypto.randomBytes(24).toString('base64url'));
    return this.passphraseHash;
  }

  /** Creates `count` accounts, each with an OAuth token (read write follow push); returns their ids in order. */
  async accounts(db: Db, count: number, prefix: string): Promise<string[]> {
    const hash = await this.hash();
    const ids: string[] = [];
    for (let done = 0; done < count; done += BATCH) {
      const n = Math.min(BATCH, count - done);
      const from = this.handleSeq + 1;
      this.handleSeq += n;
      const rows = await sql<{ account_id: string }>`
        with a as (
          insert into accounts (handle, passphrase_hash, last_seen_on)
          select ${prefix} || g, ${hash}, current_date from generate_series(${from}::int, ${from + n - 1}::int) g
          returning id
        )
        insert into access_tokens (token_hash, kind, account_id, scopes, last_used_on, expires_on)
        select encode(sha256(convert_to(${this.secret} || a.id::text, 'UTF8')), 'hex'), 'oauth', a.id,
          'read write follow push', current_date, current_date + 30
        from a order by a.id
        returning account_id`.execute(db);
      for (const r of rows.rows) ids.push(String(r.account_id));
    }
    return ids;
  }

  /** Makes every one of `followers` follow `followee`; keeps followers_count and following_count exact. */
  async follow(db: Db, followers: string[], followee: string): Promise<void> {
    for (let i = 0; i < followers.length; i += BATCH) {
      const slice = followers.slice(i, i + BATCH);
      await db.transaction().execute(async (trx) => {
        const inserted = await sql<{ follower_id: string }>`
          insert into follows (follower_id, followee_id)
          select f, ${followee}::bigint from unnest(${slice}::bigint[]) f
          on conflict do nothing returning follower_id`.execute(trx);
        const added = inserted.rows.map((r) => String(r.follower_id));
        await sql`update accounts set following_count = following_count + 1 where id = any(${added}::bigint[])`.execute(trx);
        await sql`update accounts set followers_count = followers_count + ${added.length}::int where id = ${followee}::bigint`.execute(trx);
      });
    }
  }

  /** Makes each of `readers` follow `perReader` of `authors` (a rotating window), counters kept exact. */
  async followMany(db: Db, readers: string[], authors: string[], perReader: number): Promise<void> {
    const k = Math.min(perReader, authors.length);
    for (let i = 0; i < readers.length; i += 1000) {
      const slice = readers.slice(i, i + 1000);
      await db.transaction().execute(async (trx) => {
        await sql`
          insert into follows (follower_id, followee_id)
          select r.id, (${authors}::bigint[])[1 + ((r.ord + j) % ${authors.length}::int)]
          from unnest(${slice}::bigint[]) with ordinality r(id, ord), generate_series(0, ${k - 1}::int) j
          on conflict do nothing`.execute(trx);
        await recountFollows(trx, slice, authors);
      });
    }
  }

  /** Inserts `count` public posts spread over `authors`; keeps statuses_count exact. */
  async posts(db: Db, authors: string[], count: number): Promise<void> {
    for (let done = 0; done < count; done += POST_BATCH) {
      const n = Math.min(POST_BATCH, count - done);
      const from = this.postSeq;
      this.postSeq += n;
      await sql`
        insert into statuses (id, account_id, text, content_html, visibility, created_at)
        select ((${this.postBaseMs}::bigint + g) << 16),
          (${authors}::bigint[])[1 + (g % ${authors.length}::int)],
          'bench post ' || g, '<p>bench post ' || g || '</p>', 'public',
          to_timestamp((${this.postBaseMs}::bigint + g) / 1000.0)
        from generate_series(${from}::bigint, ${from + n - 1}::bigint) g`.execute(db);
    }
    await sql`
      update accounts a set statuses_count = c.n, last_status_on = current_date
      from (select account_id, count(*)::int n from statuses where account_id = any(${authors}::bigint[]) group by account_id) c
      where a.id = c.account_id`.execute(db);
  }

  /**
   * Leaves the database as a running instance's would be, not as a bulk load leaves it: statistics fresh, the
   * visibility map and hint bits set (VACUUM), and the load's dirty pages written out (CHECKPOINT), so the
   * measurement that follows does not pay for the seeding.
   */
  async settle(db: Db): Promise<void> {
    await sql`vacuum (analyze) accounts, access_tokens, follows, statuses`.execute(db);
    await sql`checkpoint`.execute(db);
  }
}

async function recountFollows(db: Db, followers: string[], followees: string[]): Promise<void> {
  await sql`
    update accounts a set following_count = (select count(*) from follows f where f.follower_id = a.id)::int
    where a.id = any(${followers}::bigint[])`.execute(db);
  await sql`
    update accounts a set followers_count = (select count(*) from follows f where f.followee_id = a.id)::int
    where a.id = any(${followees}::bigint[])`.execute(db);
}

export async function countFollowers(db: Db, accountId: string): Promise<{ counter: number; rows: number }> {
  const r = await sql<{ counter: number; rows: number }>`
    select (select followers_count from accounts where id = ${accountId}::bigint) as counter,
      (select count(*)::int from follows where followee_id = ${accountId}::bigint) as rows`.execute(db);
  return r.rows[0];
}

export async function totalPosts(db: Db): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from statuses`.execute(db);
  return r.rows[0].n;
}

/** Statements committed in this database so far (PostgreSQL statistics; flushed by backends within ~1 s). */
export async function committedTransactions(db: Db): Promise<number> {
  const r = await sql<{ n: string }>`select xact_commit::text as n from pg_stat_database where datname = current_database()`.execute(db);
  return Number(r.rows[0].n);
}
