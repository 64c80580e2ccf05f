import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestContext, PASSPHRASE } from '../harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLES = path.resolve(ROOT, '../shared/legal/examples');

test('publius legal assess reads the same configuration as the server and assesses every sample as expected', async () => {
  const t = await createTestContext({ persistentDb: true });
  const samples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));
  assert.ok(samples.length >= 3);
  for (const f of samples) {
    const demand = JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
    for (const target of demand.targets) await t.ctx.accounts.signUp({ handle: target.account.replace(/^@/, '').split('@')[0], passphrase: PASSPHRASE, bypassSignupMode: true }).catch(() => undefined);
  }
  await t.ctx.close();
  const env = { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'warn', ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}) };
  try {
    for (const f of samples) {
      const expected = JSON.parse(fs.readFileSync(path.join(EXAMPLES, f.replace('.json', '.expected.json')), 'utf8'));
      const asOf = expected.as_of ?? JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')).received_at.slice(0, 10);
      const stdout = execFileSync(process.execPath, [path.join(ROOT, 'bin/publius.mjs'), 'legal', 'assess', path.join(EXAMPLES, f), '--json', '--as-of', asOf], { env, cwd: ROOT }).toString();
      const a = JSON.parse(stdout);
      if (expected.recommendation) assert.equal(a.recommendation, expected.recommendation, f);
      if (expected.recommendation_any) assert.ok(expected.recommendation_any.includes(a.recommendation), f);
      for (const code of expected.codes ?? []) assert.ok(a.findings.some((x: any) => x.code === code), `${f}: ${code}`);
      for (const c of expected.not_held_includes ?? []) assert.ok(a.categories.not_held.includes(c), `${f}: not_held ${c}`);
      assert.ok(!a.findings.some((x: any) => x.code === 'scope.target_not_found'), `${f}: the target exists in the instance's database`);
    }
    const bad = path.join(t.dataDir, 'bad.yaml');
    fs.writeFileSync(bad, 'reference: 5\nkind: takedown\n');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/publius.mjs'), 'legal', 'assess', bad], { env, cwd: ROOT });
    assert.equal(r.status, 1);
    assert.match(r.stdout.toString(), /malformed or incomplete[\s\S]*received_at: is missing/);
  } finally {
    await t.cleanup();
  }
});
