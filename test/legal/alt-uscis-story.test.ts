import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, seedAccount, apiClient } from '../harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const summons = () => JSON.parse(fs.readFileSync(path.resolve(ROOT, '../shared/legal/examples/alt-uscis-summons.json'), 'utf8'));
const expected = JSON.parse(fs.readFileSync(path.resolve(ROOT, '../shared/legal/examples/alt-uscis-summons.expected.json'), 'utf8'));

/**
 * The story Publius exists for, end to end over HTTP: in March 2017 CBP serves a § 1509 summons for the
 * identity of @ALT_USCIS. The desk takes it in, the assessment says challenge, the lawyer confirms, the account
 * holder is told at once (the summons only *asks* for secrecy), the desk records the challenge and the lawsuit,
 * the government withdraws, and the transparency report for 2017-H1 counts it — all from the desk's records.
 */
test('the @ALT_USCIS summons: assessed "challenge", the holder notified, challenged, withdrawn, and counted in the 2017-H1 report', async () => {
  const clock = { at: new Date('2017-03-14T16:00:00Z'), now() { return new Date(this.at); } };
  const s = await startTestServer({ clock });
  try {
    const holder = await seedAccount(s.ctx, 'alt_uscis');
    const user = apiClient(s.url, holder.token);
    assert.equal((await user.post('/api/v1/statuses', { status: 'Immigrants make America great. #resist' })).status, 200);
    const desk = apiClient(s.url, (await seedAccount(s.ctx, 'counsel', { role: 'legal' })).token);

    // 1. The summons arrives by fax; the desk enters it.
    const filed = await desk.post('/api/v1/publius/legal/cases', summons());
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const id = filed.body.id as string;
    const a = filed.body.assessment;
    assert.equal(a.recommendation, 'challenge');
    for (const code of expected.codes) assert.ok(a.findings.some((f: { code: string }) => f.code === code), `finding ${code}`);
    for (const c of expected.not_held_includes) assert.ok(a.categories.not_held.includes(c), `not held: ${c}`);
    assert.equal(a.notice.action, 'notify_now');

    // 2. The lawyer confirms the recommendation; nothing is produced.
    const decided = await desk.post(`/api/v1/publius/legal/cases/${id}/decision`, { recommendation: 'challenge', reason: 'Outside § 1509(a): no import or customs matter; identity of anonymous critic.' });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(decided.body.state, 'challenged');
    assert.deepEqual(decided.body.decision.produce, []);

    // 3. The account holder is told now, in the app, with what was asked and where to get help.
    const notices = await user.get('/api/v1/publius/legal_notices');
    assert.equal(notices.status, 200);
    assert.equal(notices.body.length, 1);
    const n = notices.body[0].notice;
    assert.match(n.from.authority, /Customs and Border Protection/);
    assert.ok(n.asked_for.includes('all records'));
    assert.match(n.publius_position, /challenging/);
    assert.ok(n.legal_help.length > 20);

    // 4. The desk records the challenge: a letter, then the suit to quash.
    clock.at = new Date('2017-04-06T15:00:00Z');
    assert.equal((await desk.post(`/api/v1/publius/legal/cases/${id}/comments`, { text: 'Letter to CBP OPR: the summons exceeds § 1509; we will move to quash.' })).status, 201);
    const court = await desk.post(`/api/v1/publius/legal/cases/${id}/transition`, { state: 'in_court', reason: 'Complaint filed to quash the summons (N.D. Cal.)' });
    assert.equal(court.status, 200, JSON.stringify(court.body));

    // 5. The government withdraws the summons the next day.
    clock.at = new Date('2017-04-07T18:00:00Z');
    const withdrawn = await desk.post(`/api/v1/publius/legal/cases/${id}/transition`, { state: 'withdrawn', reason: 'CBP withdrew the summons; case dismissed' });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    assert.equal(withdrawn.body.state, 'withdrawn');

    // The audit log holds every step, and verifies.
    const events = await desk.get(`/api/v1/publius/legal/cases/${id}/events`);
    const types = events.body.map((e: { type: string }) => e.type);
    for (const t of ['case.received', 'case.assessed', 'case.decided', 'notice.delivered', 'case.comment', 'case.state']) assert.ok(types.includes(t), t);
    assert.equal((await desk.get('/api/v1/publius/legal/audit/verify')).body.ok, true);

    // 6. The transparency report for the half-year counts it, computed from those records.
    clock.at = new Date('2017-07-02T00:00:00Z');
    const report = await apiClient(s.url).get('/api/v1/publius/transparency/2017-H1');
    assert.equal(report.status, 200, JSON.stringify(report.body));
    const r = report.body;
    assert.equal(r.information.requests, 1);
    assert.equal(r.information.accounts_specified, 1);
    assert.deepEqual(r.information.by_country.map((x: { key: string; requests: number }) => [x.key, x.requests]), [['US', 1]]);
    assert.deepEqual(r.information.by_process.map((x: { key: string; requests: number }) => [x.key, x.requests]), [['administrative_summons', 1]]);
    assert.equal(r.information.outcomes.withdrawn, 1);
    assert.equal(r.information.some_data_produced, 0);
    assert.equal(r.challenges.challenged, 1);
    assert.equal(r.challenges.withdrawn, 1);
    assert.equal(r.withdrawn, 1);
    assert.equal(r.notices.delivered, 1);
    assert.equal(r.notices.delayed, 0);
    const html = await fetch(`${s.url}/transparency/2017-H1.html`);
    assert.equal(html.status, 200);
    assert.match(await html.text(), /<svg[\s\S]*US/);
    // The next half-year does not count it.
    clock.at = new Date('2018-01-02T00:00:00Z');
    assert.equal((await apiClient(s.url).get('/api/v1/publius/transparency/2017-H2')).body.information.requests, 0);
  } finally {
    await s.close();
  }
});
