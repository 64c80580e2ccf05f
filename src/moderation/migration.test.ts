import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, type Migration } from 'kysely';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import * as m0001 from '../db/migrations/0001_core.js';
import * as m0002 from '../db/migrations/0002_posts.js';
import * as m0003 from '../db/migrations/0003_graph.js';
import * as m0004 from '../db/migrations/0004_preservation_notices.js';
import * as m0006 from '../db/migrations/0006_search.js';
import * as m0007 from '../db/migrations/0007_legal_desk.js';
import * as m0008 from '../db/migrations/0008_legal_workflow.js';
import * as m0010 from '../db/migrations/0010_account_counts.js';

// A database made before 0009_moderation existed has already run 0010; starting the new code must add 0009
// rather than refuse to start (Kysely's default for a migration that sorts before one already run).
test('0009_moderation runs on a database that already ran 0010', async () => {
  const handle = await openDatabase({ dataDir: null });
  try {
    const before: Record<string, Migration> = {
      '0001_core': m0001, '0002_posts': m0002, '0003_graph': m0003, '0004_preservation_notices': m0004, '0006_search': m0006,
      '0007_legal_desk': m0007, '0008_legal_workflow': m0008, '0010_account_counts': m0010,
    };
    const old = new Migrator({ db: handle.db, provider: { getMigrations: async () => before } });
    assert.equal((await old.migrateToLatest()).error, undefined);
    const ran = await migrateToLatest(handle.db, handle.schema);
    assert.equal(ran[0], '0009_moderation');
    // Only what had not run: nothing of the old set again, and the rest are migrations numbered after 0010.
    assert.deepEqual(ran.filter((name) => name in before), []);
    assert.ok(ran.slice(1).every((name) => name > '0010'), ran.join(', '));
    await handle.db.selectFrom('moderation_reports').select('id').execute();
  } finally {
    await handle.close();
  }
});
