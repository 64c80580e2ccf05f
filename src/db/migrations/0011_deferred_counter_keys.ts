import { sql, type Kysely } from 'kysely';

/**
 * The foreign keys of rows whose insert also moves a counter on the row they point at (a follow and the two
 * accounts' follower/following counts, a favourite and the post's favourites_count, a boost or reply and the
 * original's counts, a post and its author's statuses_count, the follow notification) are checked at commit
 * instead of at insert.
 *
 * Checked at insert, each such key takes a KEY SHARE lock on the parent row for the rest of the transaction, and
 * the counter update then makes PostgreSQL record every concurrent locker of that row in a MultiXact. During a
 * follow surge onto one account those MultiXacts grow with the number of transactions in flight, and backends
 * wait on the MultiXact SLRU instead of working: the surge slowed from ~350 to ~90 follows/s as it went
 * (BENCHMARKS.md). Checked at commit, the same transaction already holds the row's update lock, so no MultiXact
 * is made (pgbench, 10 clients onto one parent row: 860 → 3,470 transactions/s). The integrity guarantee is the
 * same; only the moment of the check moves.
 */
const KEYS: Array<[table: string, column: string]> = [
  ['follows', 'follower_id'],
  ['follows', 'followee_id'],
  ['notifications', 'account_id'],
  ['notifications', 'from_account_id'],
  ['notifications', 'status_id'],
  ['favourites', 'status_id'],
  ['statuses', 'account_id'],
  ['statuses', 'reblog_of_id'],
  ['statuses', 'in_reply_to_id'],
];

async function setDeferral(db: Kysely<any>, clause: 'deferrable initially deferred' | 'not deferrable'): Promise<void> {
  for (const [table, column] of KEYS) {
    const { rows } = await sql<{ name: string }>`
      select c.conname as name from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
      where c.contype = 'f' and c.conrelid = ${table}::regclass and a.attname = ${column} and cardinality(c.conkey) = 1`.execute(db);
    if (rows.length !== 1) throw new Error(`expected one foreign key on ${table}.${column}, found ${rows.length}`);
    await sql`alter table ${sql.table(table)} alter constraint ${sql.ref(rows[0].name)} ${sql.raw(clause)}`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await setDeferral(db, 'deferrable initially deferred');
}

export async function down(db: Kysely<any>): Promise<void> {
  await setDeferral(db, 'not deferrable');
}
