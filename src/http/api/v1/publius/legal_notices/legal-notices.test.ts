import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../../../../../test/harness.js';

/**
 * The account holder's side of a legal demand, over HTTP: a notice exists for the holder only once delivered,
 * only for the holder, and reading it needs a token granted `read`.
 */

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../../../../shared/legal/examples');
const example = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8'));

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

test('a notice scheduled for the end of a gag is invisible until then; a delivered one is the holder\'s alone', async () => {
  const holder = await seedAccount(s.ctx, 'night_watch_77');
  const desk = apiClient(s.url, (await seedAccount(s.ctx, 'counsel', { role: 'legal' })).token);
  const me = apiClient(s.url, holder.token);

  // The 2026 state warrant carries a court order ending 2026-12-01 (in the future for this test's clock).
  const gag = { ...example('state-warrant-direct-messages'), received_at: new Date().toISOString(),
    nondisclosure: { type: 'court_order', basis: 'Cal. Penal Code § 1546.2', until: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10) } };
  const c = (await desk.post('/api/v1/publius/legal/cases', gag)).body;
  assert.equal(c.assessment.notice.action, 'notify_after', JSON.stringify(c.assessment.notice));
  const decided = await desk.post(`/api/v1/publius/legal/cases/${c.id}/decision`, { recommendation: c.assessment.recommendation });
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  assert.equal(decided.body.notices[0].state, 'scheduled');
  assert.deepEqual((await me.get('/api/v1/publius/legal_notices')).body, [], 'nothing while the order is in force');

  const alt = await seedAccount(s.ctx, 'alt_uscis');
  const summons = (await desk.post('/api/v1/publius/legal/cases', example('alt-uscis-summons'))).body;
  await desk.post(`/api/v1/publius/legal/cases/${summons.id}/decision`, { recommendation: 'challenge' });
  const altNotices = (await apiClient(s.url, alt.token).get('/api/v1/publius/legal_notices')).body;
  assert.equal(altNotices.length, 1);
  assert.deepEqual(Object.keys(altNotices[0]).sort(), ['case_id', 'delivered_at', 'id', 'notice', 'read']);
  assert.equal(typeof altNotices[0].id, 'string');
  assert.ok(!Number.isNaN(Date.parse(altNotices[0].delivered_at)));
  assert.deepEqual((await me.get('/api/v1/publius/legal_notices')).body, [], 'another holder\'s notice is not mine');
  assert.equal((await me.post(`/api/v1/publius/legal_notices/${altNotices[0].id}/read`)).status, 404);
});

test('reading notices needs a user token with the read scope; marking read needs write', async () => {
  const { account } = await seedAccount(s.ctx, 'scoped_user');
  const writeOnly = await s.ctx.sessions.issue({ kind: 'oauth', accountId: account.id, appId: null, scopes: ['write'], ttlDays: 1 });
  const readOnly = await s.ctx.sessions.issue({ kind: 'oauth', accountId: account.id, appId: null, scopes: ['read'], ttlDays: 1 });
  assert.equal((await apiClient(s.url, writeOnly.token).get('/api/v1/publius/legal_notices')).status, 403);
  assert.equal((await apiClient(s.url, readOnly.token).get('/api/v1/publius/legal_notices')).status, 200);
  assert.equal((await apiClient(s.url, readOnly.token).post('/api/v1/publius/legal_notices/1/read')).status, 403);
  assert.equal((await apiClient(s.url).get('/api/v1/publius/legal_notices')).status, 401);
  assert.equal((await apiClient(s.url, 'not-a-token').get('/api/v1/publius/legal_notices')).status, 401);
  assert.equal((await apiClient(s.url, writeOnly.token).post('/api/v1/publius/legal_notices/99999999999999999999999/read')).status, 404);
});
