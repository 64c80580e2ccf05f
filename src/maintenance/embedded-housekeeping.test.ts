import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, seedAccount, TEST_BACKEND } from '../../test/harness.js';
import { embeddedHousekeeping } from './embedded-housekeeping.js';

const stats = async (db: Parameters<typeof embeddedHousekeeping>[0]['db']) => (await sql<{ reltuples: number; relallvisible: number }>`
  select reltuples::float8 as reltuples, relallvisible::int as relallvisible from pg_class where oid = 'statuses'::regclass`.execute(db)).rows[0];

test('the embedded database, which has no autovacuum, is vacuumed and analysed by the chores; a PostgreSQL server is left to its own', async () => {
  const t = await createTestContext();
  try {
    const { account } = await seedAccount(t.ctx, 'speaker');
    for (let i = 0; i < 60; i++) await t.ctx.posts.create(account, { text: `post ${i}` });
    const before = await stats(t.ctx.db);
    const ran = await embeddedHousekeeping(t.ctx);
    if (TEST_BACKEND !== 'embedded') {
      assert.equal(ran, null, 'autovacuum does this on a server');
      return;
    }
    assert.ok(ran && ran.ms >= 0);
    const after = await stats(t.ctx.db);
    assert.ok(before.reltuples < 60, `not analysed before (${before.reltuples})`);
    assert.ok(after.reltuples >= 60, `analysed: the planner knows the table's size (${after.reltuples})`);
    assert.ok(after.relallvisible > 0, 'vacuumed: its pages are marked all-visible');
    await t.ctx.posts.create(account, { text: 'still writable after' });
  } finally {
    await t.close();
  }
});
