import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createSiblingDatabase, dropSiblingDatabase, openDatabase, sql, type DbTarget } from './database.js';
import { StatementNames } from './prepared.js';
import { TEST_BACKEND } from '../../test/harness.js';

test('a statement earns a name after repeated use; statements without parameters and texts beyond the cap never do', () => {
  const names = new StatementNames(3, 2);
  assert.equal(names.nameFor('select $1', 1), undefined);
  assert.equal(names.nameFor('select $1', 1), undefined);
  const first = names.nameFor('select $1', 1);
  assert.ok(first);
  assert.equal(names.nameFor('select $1', 1), first, 'the same text keeps its name');
  for (let i = 0; i < 5; i++) assert.equal(names.nameFor('begin', 0), undefined);
  for (let i = 0; i < 3; i++) names.nameFor('select $1, $2', 2);
  assert.equal(names.size, 2);
  for (let i = 0; i < 5; i++) assert.equal(names.nameFor('select $1, $2, $3', 3), undefined, 'the cap is reached');
  assert.notEqual(names.nameFor('select $1, $2', 2), first);
});

async function preparedIn(target: DbTarget) {
  const handle = await openDatabase({ poolSize: 1, ...target });
  try {
    const answers: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const row = (await sql<{ n: number }>`select ${i}::int * 2 as n`.execute(handle.db)).rows[0];
      answers.push(row.n);
    }
    // One connection, so this sees the statements that connection prepared.
    const prepared = (await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like ${'select $1::int * 2%'}`.execute(handle.db)).rows;
    return { answers, prepared: prepared.map((r) => r.statement) };
  } finally {
    await handle.close();
  }
}

/** A fresh database of the back end under test: a PostgreSQL database of its own, or an in-memory PGlite. */
async function withDatabase(fn: (target: DbTarget) => Promise<void>): Promise<void> {
  if (TEST_BACKEND === 'embedded') return fn({ dataDir: null });
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const url = await createSiblingDatabase(process.env.TEST_DATABASE_URL!, name);
  try { await fn({ url }); } finally { await dropSiblingDatabase(process.env.TEST_DATABASE_URL!, name); }
}

test(`a repeated statement is prepared once and keeps answering with each execution's parameters (${TEST_BACKEND})`, async () => {
  await withDatabase(async (target) => {
    const on = await preparedIn(target);
    assert.deepEqual(on.answers, [2, 4, 6, 8, 10]);
    assert.deepEqual(on.prepared, ['select $1::int * 2 as n']);
    const off = await preparedIn({ ...target, preparedStatements: false });
    assert.deepEqual(off.answers, [2, 4, 6, 8, 10]);
    assert.deepEqual(off.prepared, [], 'DATABASE_PREPARED_STATEMENTS=false prepares nothing');
  });
});
