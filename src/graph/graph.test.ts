import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

async function user(handle: string, opts: { locked?: boolean } = {}) {
  const u = await seedAccount(s.ctx, handle, opts);
  return { ...u, api: apiClient(s.url, u.token) };
}
const counts = async (id: string) => (await apiClient(s.url).get(`/api/v1/accounts/${id}`)).body as { followers_count: number; following_count: number };

test('follow and unfollow keep both counters exact and are idempotent', async () => {
  const a = await user('f_alice'); const b = await user('f_bob');
  for (let i = 0; i < 3; i++) assert.equal((await b.api.post(`/api/v1/accounts/${a.account.id}/follow`)).body.following, true);
  assert.equal((await counts(a.account.id)).followers_count, 1);
  assert.equal((await counts(b.account.id)).following_count, 1);
  assert.deepEqual((await a.api.get(`/api/v1/accounts/${a.account.id}/followers`)).body.map((x: any) => x.username), ['f_bob']);
  assert.deepEqual((await a.api.get(`/api/v1/accounts/${b.account.id}/following`)).body.map((x: any) => x.username), ['f_alice']);
  assert.ok((await a.api.get('/api/v1/notifications?types[]=follow')).body.some((n: any) => n.account.id === b.account.id));
  for (let i = 0; i < 2; i++) assert.equal((await b.api.post(`/api/v1/accounts/${a.account.id}/unfollow`)).body.following, false);
  assert.equal((await counts(a.account.id)).followers_count, 0);
  assert.equal((await counts(b.account.id)).following_count, 0);
  assert.equal((await b.api.post(`/api/v1/accounts/${b.account.id}/follow`)).status, 403, 'no following oneself');
});

test('200 concurrent follows of one account leave followers_count equal to the rows', async () => {
  const star = await user('f_star');
  const fans = await Promise.all(Array.from({ length: 200 }, (_, i) => seedAccount(s.ctx, `fan_${i}`)));
  const results = await Promise.all(fans.flatMap((f) => [0, 1].map(() => apiClient(s.url, f.token).post(`/api/v1/accounts/${star.account.id}/follow`))));
  assert.ok(results.every((r) => r.status === 200));
  const rows = await s.ctx.db.selectFrom('follows').select(sql<number>`count(*)::int`.as('n')).where('followee_id', '=', star.account.id).executeTakeFirstOrThrow();
  assert.equal(rows.n, 200);
  assert.equal((await counts(star.account.id)).followers_count, 200);
});

test('locked accounts get follow requests that only they can authorize or reject', async () => {
  const lock = await user('f_locked', { locked: true }); const asker = await user('f_asker'); const other = await user('f_other'); const intruder = await user('f_intruder');
  const rel = (await asker.api.post(`/api/v1/accounts/${lock.account.id}/follow`)).body;
  assert.deepEqual([rel.following, rel.requested], [false, true]);
  await other.api.post(`/api/v1/accounts/${lock.account.id}/follow`);
  assert.deepEqual((await lock.api.get('/api/v1/follow_requests')).body.map((x: any) => x.username).sort(), ['f_asker', 'f_other']);
  assert.ok((await lock.api.get('/api/v1/notifications')).body.some((n: any) => n.type === 'follow_request'));
  assert.equal((await intruder.api.post(`/api/v1/follow_requests/${asker.account.id}/authorize`)).status, 404, 'cannot authorize a request made to someone else');
  assert.equal((await lock.api.post(`/api/v1/follow_requests/${asker.account.id}/authorize`)).body.followed_by, true);
  assert.equal((await lock.api.post(`/api/v1/follow_requests/${other.account.id}/reject`)).body.followed_by, false);
  assert.equal((await counts(lock.account.id)).followers_count, 1);
  assert.equal((await lock.api.post(`/api/v1/follow_requests/${other.account.id}/reject`)).status, 404, 'nothing left to reject');
  const priv = (await lock.api.post('/api/v1/statuses', { status: 'locked and private', visibility: 'private' })).body;
  assert.equal((await asker.api.get(`/api/v1/statuses/${priv.id}`)).status, 200);
  assert.equal((await other.api.get(`/api/v1/statuses/${priv.id}`)).status, 404);
});

test('blocking ends follows both ways, refuses new ones, and shows in relationships', async () => {
  const a = await user('b_alice'); const b = await user('b_bob');
  await a.api.post(`/api/v1/accounts/${b.account.id}/follow`);
  await b.api.post(`/api/v1/accounts/${a.account.id}/follow`);
  const rel = (await a.api.post(`/api/v1/accounts/${b.account.id}/block`)).body;
  assert.deepEqual([rel.blocking, rel.following, rel.followed_by], [true, false, false]);
  assert.equal((await counts(a.account.id)).followers_count, 0);
  assert.equal((await counts(b.account.id)).followers_count, 0);
  assert.equal((await b.api.post(`/api/v1/accounts/${a.account.id}/follow`)).status, 403);
  assert.equal((await b.api.get(`/api/v1/accounts/relationships?id[]=${a.account.id}`)).body[0].blocked_by, true);
  assert.deepEqual((await a.api.get('/api/v1/blocks')).body.map((x: any) => x.username), ['b_bob']);
  const post = (await a.api.post('/api/v1/statuses', { status: 'not for bob' })).body;
  assert.equal((await b.api.get(`/api/v1/statuses/${post.id}`)).status, 404, 'a blocked account cannot read the blocker');
  assert.equal((await a.api.post(`/api/v1/accounts/${b.account.id}/unblock`)).body.blocking, false);
});

test('mutes hide notifications and can expire', async () => {
  const a = await user('m_alice'); const b = await user('m_bob');
  const rel = (await a.api.post(`/api/v1/accounts/${b.account.id}/mute`, { notifications: true, duration: 3600 })).body;
  assert.deepEqual([rel.muting, rel.muting_notifications], [true, true]);
  await b.api.post(`/api/v1/accounts/${a.account.id}/follow`);
  assert.ok(!(await a.api.get('/api/v1/notifications')).body.some((n: any) => n.account.id === b.account.id));
  assert.deepEqual((await a.api.get('/api/v1/mutes')).body.map((x: any) => x.username), ['m_bob']);
  assert.equal((await a.api.post(`/api/v1/accounts/${b.account.id}/mute`, { duration: -5 })).status, 422);
  assert.equal((await a.api.post(`/api/v1/accounts/${b.account.id}/unmute`)).body.muting, false);
});

test('notifications: filters, dismissal and clearing apply to the owner only', async () => {
  const a = await user('n_alice'); const b = await user('n_bob'); const c = await user('n_carol');
  const p = (await a.api.post('/api/v1/statuses', { status: 'notify me' })).body;
  await b.api.post(`/api/v1/statuses/${p.id}/favourite`);
  await b.api.post(`/api/v1/accounts/${a.account.id}/follow`);
  await c.api.post('/api/v1/statuses', { status: 'hey @n_alice' });
  const all = (await a.api.get('/api/v1/notifications')).body;
  assert.deepEqual(all.map((n: any) => n.type).sort(), ['favourite', 'follow', 'mention']);
  assert.deepEqual((await a.api.get('/api/v1/notifications?exclude_types[]=follow&exclude_types[]=mention')).body.map((n: any) => n.type), ['favourite']);
  assert.deepEqual((await a.api.get(`/api/v1/notifications?account_id=${c.account.id}`)).body.map((n: any) => n.type), ['mention']);
  const fav = all.find((n: any) => n.type === 'favourite');
  assert.equal(fav.status.id, p.id);
  assert.equal((await c.api.get(`/api/v1/notifications/${fav.id}`)).status, 404, "another account's notification is not found");
  assert.equal((await c.api.post(`/api/v1/notifications/${fav.id}/dismiss`)).status, 404);
  assert.equal((await a.api.get(`/api/v1/notifications/${fav.id}`)).body.id, fav.id);
  assert.equal((await a.api.post(`/api/v1/notifications/${fav.id}/dismiss`)).status, 200);
  assert.equal((await a.api.get('/api/v1/notifications')).body.length, 2);
  await a.api.post('/api/v1/notifications/clear');
  assert.equal((await a.api.get('/api/v1/notifications')).body.length, 0);
  assert.equal((await a.api.get('/api/v1/notifications/abc')).status, 404);
});

test('account lookup, unknown ids and followers pagination', async () => {
  const a = await user('p_star');
  const fans = await Promise.all(Array.from({ length: 5 }, (_, i) => user(`p_fan${i}`)));
  for (const f of fans) await f.api.post(`/api/v1/accounts/${a.account.id}/follow`);
  assert.equal((await a.api.get('/api/v1/accounts/lookup?acct=P_STAR')).body.id, a.account.id);
  assert.equal((await a.api.get('/api/v1/accounts/lookup?acct=p_star@localhost:8080')).body.id, a.account.id);
  assert.equal((await a.api.get('/api/v1/accounts/lookup?acct=p_star@elsewhere.example')).status, 404);
  assert.equal((await a.api.get('/api/v1/accounts/lookup')).status, 422);
  assert.equal((await a.api.get('/api/v1/accounts/999999')).status, 404);
  assert.equal((await a.api.get('/api/v1/accounts/x1')).status, 404);
  const page1 = await a.api.get(`/api/v1/accounts/${a.account.id}/followers?limit=2`);
  assert.deepEqual(page1.body.map((x: any) => x.username), ['p_fan4', 'p_fan3']);
  const next = new URL(/<([^>]+)>; rel="next"/.exec(page1.headers.get('link')!)![1]);
  assert.deepEqual((await a.api.get(next.pathname + next.search)).body.map((x: any) => x.username), ['p_fan2', 'p_fan1']);
});
