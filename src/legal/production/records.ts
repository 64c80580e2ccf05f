import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import { INVENTORY, columnsInCategory, type LegalCategory, type TableEntry } from '../../privacy/inventory.js';

/** Earliest and latest record dates in scope (ISO dates, both inclusive), as the lawyer narrowed them. */
export interface DateRange { from: string | null; to: string | null }

/** One held record: which table it comes from and its values, column by column. */
export interface ProducedRecord {
  table: string;
  [column: string]: unknown;
}

/** What one table contributes to a category, with the inventory's plain words for each column produced. */
export interface ProducedSource {
  table: string;
  purpose: string;
  columns: Record<string, string>;
  /** Whether the records carry a date the date range was applied to. */
  dated: boolean;
}

export interface CategoryRecords {
  category: LegalCategory;
  sources: ProducedSource[];
  records: ProducedRecord[];
}

/**
 * How the rows of one table tie to the account a demand names. Which rows belong to the account is the only
 * thing written by hand here; which columns are produced always comes from the inventory's category mapping,
 * so a column added to the schema is produced (or not) according to how the inventory classifies it.
 */
interface RowScope {
  /** Rows of the target account. `category` lets posts split into public and private content. */
  where(accountId: string, category: LegalCategory): RawBuilder<unknown>;
  /** Column giving the record's date, for decision.date_range; absent for undated records (current state). */
  date?: { column: string; type: 'date' | 'timestamptz' };
  /**
   * Non-personal references that make the records usable: a post's id (its public address) and which post an
   * edit, mention or attachment belongs to. They are internal numbers, never personal data.
   */
  refs?: string[];
  /** Deterministic order, so the same data always gives the same package. */
  order: string[];
  /** Extra values derived from the row (a media file's address); gets the row with its references. */
  derive?: (row: Record<string, unknown>, publicUrl: string) => Record<string, unknown>;
}

const ownPost = (alias = 'status_id') => (id: string, category: LegalCategory) =>
  sql`${sql.ref(alias)} in (select id from statuses where account_id = ${id} and ${postFilter(category)})`;

/**
 * Posts are content.public when public or unlisted and content.private when followers-only or direct (the
 * inventory gives their columns both categories; the visibility decides). Boosts are no content of the
 * account: they are records.interactions, through reblog_of_id.
 */
function postFilter(category: LegalCategory): RawBuilder<unknown> {
  if (category === 'content.public') return sql`reblog_of_id is null and visibility in ('public', 'unlisted')`;
  if (category === 'content.private') return sql`reblog_of_id is null and visibility in ('private', 'direct')`;
  return sql`true`;
}

const SCOPES: Record<string, RowScope> = {
  accounts: { where: (id) => sql`id = ${id}`, order: ['id'] },
  access_tokens: { where: (id) => sql`account_id = ${id}`, date: { column: 'created_on', type: 'date' }, order: ['id'] },
  media: {
    where: (id) => sql`account_id = ${id}`, refs: ['id', 'status_id', 'file_key'], order: ['id'],
    // The address the file is served from: the record points at the file; the bytes are not in the package.
    derive: (row, publicUrl) => ({ url: `${publicUrl}/media/${String(row.file_key)}` }),
  },
  statuses: {
    where: (id, category) => sql`account_id = ${id} and ${postFilter(category)}`,
    date: { column: 'created_at', type: 'timestamptz' }, refs: ['id'], order: ['id'],
  },
  status_edits: { where: ownPost(), date: { column: 'created_at', type: 'timestamptz' }, refs: ['status_id'], order: ['status_id', 'id'] },
  status_mentions: { where: ownPost(), refs: ['status_id'], order: ['status_id', 'account_id'] },
  status_tags: { where: ownPost(), refs: ['status_id'], order: ['status_id', 'tag_id'] },
  // Who the account follows, and who follows it: FORMAT.md names followers in records.graph. Rows another
  // account owns contribute only their public columns (see OTHERS_ROWS_PUBLIC_ONLY).
  follows: { where: (id) => sql`follower_id = ${id} or followee_id = ${id}`, order: ['id'] },
  follow_requests: { where: (id) => sql`account_id = ${id}`, order: ['id'] },
  blocks: { where: (id) => sql`account_id = ${id}`, order: ['id'] },
  mutes: { where: (id) => sql`account_id = ${id}`, order: ['id'] },
  favourites: { where: (id) => sql`account_id = ${id}`, order: ['id'] },
  bookmarks: { where: (id) => sql`account_id = ${id}`, order: ['id'] },
  notifications: { where: (id) => sql`account_id = ${id}`, date: { column: 'created_at', type: 'timestamptz' }, order: ['id'] },
  // Reports the account filed (never who reported it: the reporter of a report about it is another account's record).
  moderation_reports: { where: (id) => sql`reporter_id = ${id}`, date: { column: 'created_on', type: 'date' }, refs: ['id'], order: ['id'] },
  moderation_report_statuses: { where: (id) => sql`report_id in (select id from moderation_reports where reporter_id = ${id})`, refs: ['report_id'], order: ['report_id', 'status_id'] },
  // Actions taken against the account. A dismissed report is no action against it (the holder is not shown it either).
  moderation_actions: { where: (id) => sql`account_id = ${id} and kind <> 'dismiss'`, date: { column: 'created_on', type: 'date' }, refs: ['id'], order: ['id'] },
  // The account's own follower, following and post counts, sampled over time (no reader is ever recorded).
  account_count_samples: { where: (id) => sql`account_id = ${id}`, date: { column: 'at', type: 'timestamptz' }, order: ['at'] },
  moderation_appeals: { where: (id) => sql`account_id = ${id}`, date: { column: 'filed_on', type: 'date' }, refs: ['action_id'], order: ['id'] },
};

/**
 * Tables that are never a source of a production even though the inventory gives them a category: the legal
 * desk's own working records (its notices to the account holder, holds, preservation snapshots, deletion
 * notices) describe the desk's handling of demands, not the service the account holder used.
 */
const DESK_TABLES = new Set(['legal_cases', 'legal_notices', 'legal_holds', 'legal_snapshots', 'legal_removals', 'legal_events', 'legal_documents', 'legal_deadlines', 'legal_requesters', 'preservation_notices']);

/** Generated search vectors repeat text that is produced anyway, in a form no reader needs. */
const SKIPPED_COLUMNS = new Set(['search']);

/** In follows, a row whose follower is another account is that account's: only its public columns are produced. */
const OTHER_OWNER: Record<string, string> = { follows: 'follower_id' };

/** The columns of a table a category draws on: from the inventory, only public or private, never credentials. */
export function producibleColumns(category: LegalCategory, inventory: Record<string, TableEntry> = INVENTORY): Map<string, string[]> {
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columnsInCategory(category, inventory)) {
    const entry = inventory[table].columns[column];
    if (DESK_TABLES.has(table) || SKIPPED_COLUMNS.has(column)) continue;
    if (entry.class !== 'public' && entry.class !== 'private') continue;
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  return byTable;
}

/** Tables with producible columns for some category but no rule tying their rows to an account. */
export function tablesWithoutScope(categories: readonly LegalCategory[]): string[] {
  const missing = new Set<string>();
  for (const c of categories) for (const table of producibleColumns(c).keys()) if (!SCOPES[table]) missing.add(table);
  return [...missing].sort();
}

/**
 * The held records of one account in one category, within the date range: exactly the inventory's columns of
 * that category, from the account's own rows, in a fixed order.
 */
export async function recordsInCategory(
  db: Db, accountId: string, category: LegalCategory, opts: { dateRange?: DateRange | null; publicUrl: string },
): Promise<CategoryRecords> {
  const sources: ProducedSource[] = [];
  const records: ProducedRecord[] = [];
  // Tables in inventory order, so every package lists them the same way.
  for (const [table, columns] of producibleColumns(category)) {
    const scope = SCOPES[table];
    // A table the inventory puts in a category but that no rule ties to an account would be silently left out;
    // that would make the package claim less than is held, so it stops the production instead.
    if (!scope) throw new Error(`production: no rule ties rows of ${table} to an account; add one in records.ts`);
    const entry = INVENTORY[table];
    const refs = (scope.refs ?? []).filter((r) => !columns.includes(r));
    const otherOwner = OTHER_OWNER[table];
    const select = [...new Set([...refs, ...columns, ...(otherOwner ? [otherOwner] : [])])];
    const conditions = [scope.where(accountId, category), ...dateConditions(scope, opts.dateRange ?? null)];
    const { rows } = await sql<Record<string, unknown>>`
      select ${sql.join(select.map((c) => sql.ref(c)))} from ${sql.table(table)}
      where ${sql.join(conditions.map((c) => sql`(${c})`), sql` and `)}
      order by ${sql.join(scope.order.map((c) => sql.ref(c)))}`.execute(db);
    for (const row of rows) {
      const foreign = otherOwner !== undefined && String(row[otherOwner]) !== accountId;
      const shown = columns.filter((c) => !foreign || entry.columns[c].class === 'public');
      // A row that holds nothing in this category (a post that is not a boost, for records.interactions) is no record of it.
      if (shown.every((c) => row[c] === null || row[c] === undefined)) continue;
      const record: ProducedRecord = { table };
      for (const r of refs) record[r] = normalise(row[r]);
      for (const c of shown) record[c] = normalise(row[c]);
      if (scope.derive) Object.assign(record, scope.derive(row, opts.publicUrl));
      records.push(record);
    }
    sources.push({
      table, purpose: entry.purpose, dated: !!scope.date,
      columns: Object.fromEntries(columns.map((c) => [c, entry.columns[c].description])),
    });
  }
  return { category, sources, records };
}

function dateConditions(scope: RowScope, range: DateRange | null): RawBuilder<unknown>[] {
  if (!range || !scope.date) return [];
  const col = sql.ref(scope.date.column);
  // Dates are compared in UTC, the only time zone Publius records dates in.
  const day = scope.date.type === 'date' ? sql`${col}` : sql`(${col} at time zone 'UTC')::date`;
  const out: RawBuilder<unknown>[] = [];
  if (range.from) out.push(sql`${day} >= ${range.from}::date`);
  if (range.to) out.push(sql`${day} <= ${range.to}::date`);
  return out;
}

/** JSON-stable values: timestamps as ISO strings, everything else as the driver returns it. */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}
