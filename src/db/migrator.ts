import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_core.js';
import * as m0002 from './migrations/0002_posts.js';
import * as m0003 from './migrations/0003_graph.js';
import * as m0004 from './migrations/0004_preservation_notices.js';
import * as m0006 from './migrations/0006_search.js';
import * as m0007 from './migrations/0007_legal_desk.js';
import * as m0008 from './migrations/0008_legal_workflow.js';
import * as m0009 from './migrations/0009_moderation.js';
import * as m0010 from './migrations/0010_account_counts.js';
import * as m0011 from './migrations/0011_deferred_counter_keys.js';

/**
 * Migrations are listed here in order (not discovered on disk) so that they work the same from source
 * and from a bundle. Add new ones at the end; never edit one that has shipped.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_posts': m0002,
  '0003_graph': m0003,
  '0004_preservation_notices': m0004,
  '0006_search': m0006,
  '0007_legal_desk': m0007,
  '0008_legal_workflow': m0008,
  '0009_moderation': m0009,
  '0010_account_counts': m0010,
  '0011_deferred_counter_keys': m0011,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() { return MIGRATIONS; }
}

export async function migrateToLatest(db: Db, schema?: string): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across every schema unless told which one is ours.
  // Numbers are handed out to parallel work in advance, so a lower one can land after a higher one has run
  // (0009_moderation after 0010_account_counts): run it then rather than refuse to start. Each migration
  // touches its own tables, so their order between such neighbours does not matter.
  const migrator = new Migrator({ db, provider: new StaticProvider(), allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
