import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';
import { addDays, isoDate } from '../clock.js';

export interface InstanceRule { id: string; text: string; hint: string }

export interface InstanceUsage {
  /** Accounts that are not suspended. */
  users: number;
  /** Accounts seen in the last 30 days (last_seen_on is a date, so this is a count of dates, not of visits). */
  activeMonth: number;
  /** Accounts seen in the last 180 days. */
  activeHalfyear: number;
  /** Posts by those accounts. */
  statuses: number;
}

export async function instanceRules(db: Db): Promise<InstanceRule[]> {
  const rows = await db.selectFrom('instance_rules').select(['id', 'text', 'hint']).orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, text: r.text, hint: r.hint }));
}

/** Totals only: the public counts Mastodon and NodeInfo publish. */
export async function instanceUsage(db: Db, clock: Clock): Promise<InstanceUsage> {
  const today = clock.now();
  const month = isoDate(addDays(today, -30));
  const halfyear = isoDate(addDays(today, -180));
  return db.selectFrom('accounts').select([
    sql<number>`count(*)::int`.as('users'),
    sql<number>`(count(*) filter (where last_seen_on >= ${month}))::int`.as('activeMonth'),
    sql<number>`(count(*) filter (where last_seen_on >= ${halfyear}))::int`.as('activeHalfyear'),
    sql<number>`coalesce(sum(statuses_count), 0)::int`.as('statuses'),
  ]).where('suspended', '=', false).executeTakeFirstOrThrow();
}
