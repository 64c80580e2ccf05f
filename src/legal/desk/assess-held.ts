import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { categoriesNeverHeld, LEGAL_CATEGORIES } from '../../privacy/inventory.js';
import { assessDemand, type Assessment, type Demand } from '../index.js';

/** What the instance holds at all, straight from the data inventory (the single source of that truth). */
export function heldCategories(): string[] {
  const never = new Set<string>(categoriesNeverHeld());
  return LEGAL_CATEGORIES.filter((c) => !never.has(c));
}

/** A demand's target as written: "alt_uscis", "@ALT_USCIS" or "alt_uscis@this.domain". */
export function targetHandle(account: string): string {
  return account.trim().replace(/^@/, '').split('@')[0].toLowerCase();
}

/** Assesses a demand against this instance: its inventory and which target accounts exist here. */
export async function assessAgainstInstance(db: Db, demand: Demand, asOf: Date): Promise<Assessment> {
  const handles = [...new Set(demand.targets.map((t) => targetHandle(t.account)))];
  const rows = handles.length
    ? await db.selectFrom('accounts').select(sql<string>`lower(handle)`.as('h')).where(sql`lower(handle)`, 'in', handles).execute()
    : [];
  const existing = new Set(rows.map((r) => r.h));
  return assessDemand(demand, { asOf, heldCategories: heldCategories(), targetExists: (h) => existing.has(targetHandle(h)) });
}
