import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestContext, PASSPHRASE } from '../harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLES = path.resolve(ROOT, '../shared/legal/examples');

test('the desk works a case from the command line: intake with its scan, decide, move, comment, reminders, agency accounts', async () => {
  const t = await createTestContext({ persistentDb: true });
  await t.ctx.accounts.signUp({ handle: 'night_watch_77', passphrase: PASSPHRASE, bypassSignupMode: true });
  await t.ctx.close();
  const env = { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'warn', ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}) };
  const publius = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/publius.mjs'), ...args], { env, cwd: ROOT });
    return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };
  try {
    const scan = path.join(t.dataDir, 'warrant.pdf');
    fs.writeFileSync(scan, '%PDF-1.4 scanned warrant');
    const intake = publius('legal', 'intake', path.join(EXAMPLES, 'state-warrant-direct-messages.json'), '--document', scan, '--as', 'counsel', '--json');
    assert.equal(intake.status, 0, intake.stderr + intake.stdout);
    const c = JSON.parse(intake.stdout);
    assert.equal(c.state, 'assessed');
    assert.equal(c.documentSha256, crypto.createHash('sha256').update(fs.readFileSync(scan)).digest('hex'));

    const bad = path.join(t.dataDir, 'bad.yaml');
    fs.writeFileSync(bad, 'reference: FAX-17\nkind: takedown\n');
    const malformed = publius('legal', 'intake', bad, '--as', 'counsel');
    assert.equal(malformed.status, 1, 'a malformed demand exits 1 …');
    assert.match(malformed.stdout, /FAX-17[\s\S]*State: incomplete[\s\S]*kind:/, '… but is stored, with what is wrong');

    const list = publius('legal', 'cases', '--open');
    assert.match(list.stdout, new RegExp(`${c.id}\\tassessed`));
    assert.match(list.stdout, /incomplete\t.*FAX-17/);

    const override = publius('legal', 'decide', c.id, '--recommendation', 'reject', '--as', 'counsel');
    assert.equal(override.status, 1);
    assert.match(override.stderr, /written reason/);
    const decided = publius('legal', 'decide', c.id, '--recommendation', 'narrow', '--produce', 'subscriber.handle', '--reason', 'the handle alone identifies the account for the court', '--as', 'counsel');
    assert.equal(decided.status, 0, decided.stderr);
    assert.match(decided.stdout, /State: approved[\s\S]*override by counsel/);

    assert.equal(publius('legal', 'move', c.id, 'complied', '--reason', 'sent').status, 1, 'complied only through a production');
    assert.equal(publius('legal', 'comment', c.id, 'Spoke', 'to', 'the', 'detective', '--as', 'paralegal').status, 0);
    const moved = publius('legal', 'move', c.id, 'withdrawn', '--reason', 'the warrant was withdrawn', '--as', 'counsel');
    assert.equal(moved.status, 0, moved.stderr);

    const shown = publius('legal', 'case', c.id, '--json');
    const detail = JSON.parse(shown.stdout);
    assert.equal(detail.state, 'withdrawn');
    assert.deepEqual(detail.events.map((e: { type: string }) => e.type),
      ['case.received', 'document.attached', 'case.assessed', 'case.state', 'case.decided', 'case.state', 'notice.scheduled', 'case.comment', 'case.state']);
    assert.ok(detail.notices.length === 1 && detail.notices[0].state === 'scheduled', 'gagged until 2026-12-01: scheduled, not delivered');

    const agency = publius('legal', 'requester', 'add', '--name', 'Records Unit', '--authority', 'Sheriff', '--country', 'us', '--as', 'admin');
    assert.equal(agency.status, 0, agency.stderr);
    assert.match(agency.stdout, /Portal token \(shown once.*\): pr_[\w-]{20,}/);

    const reminders = publius('legal', 'reminders', '--json');
    assert.equal(reminders.status, 0, reminders.stderr);
    assert.deepEqual(JSON.parse(reminders.stdout).upcoming, [], 'a closed case has no open deadlines');

  } finally {
    await t.cleanup();
  }
});
