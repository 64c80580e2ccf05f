import { sql, type Kysely } from 'kysely';

/**
 * Prefix search (typing "@mar" or "#sun"): `lower(x) like 'mar%'` can use a btree index only with
 * text_pattern_ops; the existing unique indexes on lower(handle) and lower(name) follow the collation and
 * cannot serve LIKE. Indexes only: no new data is held.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index accounts_handle_prefix on accounts (lower(handle) text_pattern_ops);
    create index tags_name_prefix on tags (lower(name) text_pattern_ops);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists tags_name_prefix;
    drop index if exists accounts_handle_prefix;
  `.execute(db);
}
