import { sql } from 'kysely';
import type { Context } from '../context.js';
import type { Db } from '../db/database.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** How long hourly samples are kept before being thinned to one a day (stated in the data inventory). */
export const HOURLY_RETENTION_DAYS = 90;

/** How often the sampler runs. Ten minutes keeps the hourly buckets fresh without a write per follow. */
export const SAMPLE_INTERVAL_MS = 10 * 60_000;

/** The start of the UTC hour `date` falls in: the bucket a sample is filed under. */
export function hourBucket(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

export interface SampleReport {
  /** Accounts whose counts were written (new or changed since their latest sample). */
  sampled: number;
  /** Hourly rows older than the retention removed because a later row of the same day was kept. */
  thinned: number;
}

/**
 * One sampling pass. Account counters change on every follow; sampling them here, periodically, is what
 * lets the follower chart exist without a second write per follow (a 3,000 follows/s surge stays one counter
 * update each). Only accounts whose counts differ from their latest sample get a row, so a quiet instance
 * writes almost nothing. Within one hour the latest pass wins (upsert on the hour bucket).
 */
export async function sampleCounts(ctx: Pick<Context, 'db' | 'clock'>): Promise<SampleReport> {
  const now = ctx.clock.now();
  const sampled = await writeSamples(ctx.db, hourBucket(now));
  const thinned = await thinSamples(ctx.db, now);
  return { sampled, thinned };
}

/**
 * A single set-based statement: compare each account with its latest sample (an index lookup on the primary
 * key per account) and upsert the changed ones into the current hour bucket.
 */
async function writeSamples(db: Db, hour: Date): Promise<number> {
  const result = await sql`
    insert into account_count_samples (account_id, at, followers_count, following_count, statuses_count)
    select a.id, ${hour}, a.followers_count, a.following_count, a.statuses_count
    from accounts a
    left join lateral (
      select s.followers_count, s.following_count, s.statuses_count
      from account_count_samples s where s.account_id = a.id
      order by s.at desc limit 1
    ) latest on true
    where latest.followers_count is distinct from a.followers_count
       or latest.following_count is distinct from a.following_count
       or latest.statuses_count is distinct from a.statuses_count
    on conflict (account_id, at) do update set
      followers_count = excluded.followers_count,
      following_count = excluded.following_count,
      statuses_count = excluded.statuses_count`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Past the hourly retention, keep only the last sample of each UTC day: a row is removed when a later row of
 * the same account falls on the same day. The cutoff is a day boundary, so a day is thinned whole or not at all.
 */
async function thinSamples(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(Math.floor((now.getTime() - HOURLY_RETENTION_DAYS * DAY_MS) / DAY_MS) * DAY_MS);
  const result = await sql`
    delete from account_count_samples s
    where s.at < ${cutoff}
      and exists (
        select 1 from account_count_samples later
        where later.account_id = s.account_id
          and later.at > s.at
          and later.at < (date_trunc('day', s.at at time zone 'UTC') at time zone 'UTC') + interval '1 day'
      )`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Starts the sampler: one pass now, then every ten minutes. The timer is unref'd so it never keeps a process
 * alive on its own; a failed pass is logged and the next one tries again.
 */
export function startSampling(ctx: Context): () => void {
  const run = () => sampleCounts(ctx).catch((err: Error) => {
    ctx.logger.warn({ err: { message: err.message } }, 'account count sampling failed');
  });
  void run();
  const timer = setInterval(() => { void run(); }, SAMPLE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
