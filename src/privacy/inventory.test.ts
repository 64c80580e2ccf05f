import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext } from '../../test/harness.js';
import { INVENTORY, categoriesNeverHeld, LEGAL_CATEGORIES } from './inventory.js';

test('every table and column in the live schema is classified in the data inventory, and nothing more', async () => {
  const t = await createTestContext();
  try {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(t.ctx.db);
    assert.ok(rows.length > 50, 'the schema should have been read');
    const live = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    const unclassified = [...live].filter((key) => {
      const [table, column] = key.split('.');
      return !INVENTORY[table]?.columns[column];
    });
    assert.deepEqual(unclassified, [], 'columns missing from src/privacy/inventory.ts');
    const stale = Object.entries(INVENTORY).flatMap(([table, e]) => Object.keys(e.columns).map((c) => `${table}.${c}`)).filter((k) => !live.has(k));
    assert.deepEqual(stale, [], 'inventory entries for columns that no longer exist');
    for (const [table, entry] of Object.entries(INVENTORY)) {
      assert.ok(entry.retention.length > 0 && entry.purpose.length > 0, `${table} needs purpose and retention`);
      if (entry.owner) assert.ok(entry.columns[entry.owner], `${table}.owner names a column`);
    }
  } finally {
    await t.close();
  }
});

test('the inventory says what is never collected: no name, address, email, phone, payment, IP, device or location', () => {
  assert.deepEqual(categoriesNeverHeld().sort(), [
    'connection.device', 'connection.ip', 'records.location', 'subscriber.address', 'subscriber.email',
    'subscriber.name', 'subscriber.payment', 'subscriber.phone',
  ]);
  for (const c of categoriesNeverHeld()) assert.ok((LEGAL_CATEGORIES as readonly string[]).includes(c));
});

test('no column name suggests identifying data', () => {
  const suspicious = /(^|_)(ip|ip_address|email|e_mail|phone|user_agent|useragent|real_name|address|location|geo|lat|lng|device)($|_)/;
  const hits = Object.entries(INVENTORY).flatMap(([t, e]) => Object.keys(e.columns).filter((c) => suspicious.test(c)).map((c) => `${t}.${c}`));
  assert.deepEqual(hits, []);
});
