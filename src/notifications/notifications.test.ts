import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, createTestContext, seedAccount, apiClient, type TestServer } from '../../test/harness.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

async function user(handle: string) {
  const u = await seedAccount(s.ctx, handle);
  return { ...u, id: u.account.id, api: apiClient(s.url, u.token) };
}
type User = Awaited<ReturnType<typeof user>>;

const types = async (me: User, query = '') => (await me.api.get(`/api/v1/notifications${query}`)).body.map((n: any) => n.type);
const linkTo = (link: string | null, rel: 'next' | 'prev') => {
  const m = new RegExp(`<([^>]+)>; rel="${rel}"`).exec(link ?? '');
  return m ? new URL(m[1]) : null;
};

/** alice gets: a favourite and a reblog from bob, a follow from bob, a mention from carol (oldest first). */
async function scene(prefix: string) {
  const alice = await user(`${prefix}_alice`); const bob = await user(`${prefix}_bob`); const carol = await user(`${prefix}_carol`);
  const post = (await alice.api.post('/api/v1/statuses', { status: 'notify me' })).body;
  await bob.api.post(`/api/v1/statuses/${post.id}/favourite`);
  await bob.api.post(`/api/v1/statuses/${post.id}/reblog`);
  await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
  const mention = (await carol.api.post('/api/v1/statuses', { status: `hey @${prefix}_alice` })).body;
  return { alice, bob, carol, post, mention };
}

test('the list shows the owner\'s notifications, newest first, as Mastodon entities', async () => {
  const { alice, bob, carol, post, mention } = await scene('n1');
  const list = (await alice.api.get('/api/v1/notifications')).body;
  assert.deepEqual(list.map((n: any) => n.type), ['mention', 'follow', 'reblog', 'favourite']);
  const [m, f, , fav] = list;
  assert.deepEqual([m.account.id, m.status.id, m.status.account.id], [carol.id, mention.id, carol.id]);
  assert.deepEqual([f.account.id, 'status' in f], [bob.id, false], 'a follow carries no status');
  assert.deepEqual([fav.account.username, fav.status.id, fav.group_key], ['n1_bob', post.id, `ungrouped-${fav.id}`]);
  assert.ok(!Number.isNaN(Date.parse(fav.created_at)) && fav.created_at.endsWith('Z'));
  assert.ok(list.every((n: any, i: number) => i === 0 || BigInt(list[i - 1].id) > BigInt(n.id)), 'newest first');
  assert.deepEqual(await types(bob), [], "bob sees none of alice's");
});

test('types[], exclude_types[] and account_id filter the list; unknown types match nothing', async () => {
  const { alice, bob, carol } = await scene('n2');
  assert.deepEqual(await types(alice, '?types[]=favourite&types[]=mention'), ['mention', 'favourite']);
  assert.deepEqual(await types(alice, '?types=follow'), ['follow'], 'a single value without []');
  assert.deepEqual(await types(alice, '?exclude_types[]=follow&exclude_types[]=mention'), ['reblog', 'favourite']);
  assert.deepEqual(await types(alice, '?types[]=follow&types[]=reblog&exclude_types[]=follow'), ['reblog']);
  assert.deepEqual(await types(alice, '?exclude_types[]=made_up'), ['mention', 'follow', 'reblog', 'favourite'], 'unknown exclusions change nothing');
  assert.deepEqual(await types(alice, '?types[]=made_up'), [], 'only unknown types: nothing, as Mastodon');
  assert.deepEqual(await types(alice, `?account_id=${carol.id}`), ['mention']);
  assert.deepEqual(await types(alice, `?account_id=${bob.id}&types[]=reblog`), ['reblog']);
  assert.deepEqual(await types(alice, '?account_id=424242'), []);
  assert.deepEqual(await types(alice, '?include_filtered=true&supported_types[]=x&whatever=1'), ['mention', 'follow', 'reblog', 'favourite'], 'unknown parameters are ignored');
});

test('malformed parameters are a 422; bad or foreign ids are a 404', async () => {
  const { alice, bob } = await scene('n3');
  for (const q of ['limit=abc', 'limit=0', 'account_id=abc', 'max_id=99999999999999999999', 'since_id=x', 'min_id=1e5', 'types[x]=follow']) {
    assert.equal((await alice.api.get(`/api/v1/notifications?${q}`)).status, 422, q);
  }
  for (const bad of ['abc', '99999999999999999999', '424242']) {
    assert.equal((await alice.api.get(`/api/v1/notifications/${bad}`)).status, 404, bad);
    assert.equal((await alice.api.post(`/api/v1/notifications/${bad}/dismiss`)).status, 404, bad);
  }
  assert.equal((await bob.api.get('/api/v1/notifications/unread_count?limit=x')).status, 422);
});

test('only the owner can read or dismiss a notification, and clearing clears only mine', async () => {
  const { alice, bob, carol } = await scene('n4');
  await alice.api.post(`/api/v1/accounts/${carol.id}/follow`);
  const [first, second] = (await alice.api.get('/api/v1/notifications')).body;
  assert.equal((await alice.api.get(`/api/v1/notifications/${first.id}`)).body.id, first.id);
  assert.equal((await bob.api.get(`/api/v1/notifications/${first.id}`)).status, 404, "another account's notification is not found");
  assert.equal((await bob.api.post(`/api/v1/notifications/${first.id}/dismiss`)).status, 404);
  assert.equal((await alice.api.get(`/api/v1/notifications/${first.id}`)).status, 200, 'still there for the owner');

  const dismissed = await alice.api.post(`/api/v1/notifications/${first.id}/dismiss`);
  assert.deepEqual([dismissed.status, dismissed.body], [200, {}]);
  assert.equal((await alice.api.get(`/api/v1/notifications/${first.id}`)).status, 404);
  assert.equal((await alice.api.post(`/api/v1/notifications/${first.id}/dismiss`)).status, 404, 'already dismissed');
  assert.equal((await alice.api.get('/api/v1/notifications')).body[0].id, second.id);

  assert.deepEqual((await bob.api.post('/api/v1/notifications/clear')).body, {});
  assert.equal((await alice.api.get('/api/v1/notifications')).body.length, 3, "bob's clear leaves alice's");
  assert.deepEqual(await types(carol), ['follow']);
  await alice.api.post('/api/v1/notifications/clear');
  assert.deepEqual(await types(alice), []);
  assert.deepEqual(await types(carol), ['follow'], "alice's clear leaves carol's");
});

test('pages by notification id with Link headers that keep the filters', async () => {
  const star = await user('n5_star');
  const fans = await Promise.all(Array.from({ length: 5 }, (_, i) => user(`n5_fan${i}`)));
  for (const f of fans) await f.api.post(`/api/v1/accounts/${star.id}/follow`);
  const fanOf = (list: any[]) => list.map((n) => n.account.username);

  const page1 = await star.api.get('/api/v1/notifications?types[]=follow&limit=2');
  assert.deepEqual(fanOf(page1.body), ['n5_fan4', 'n5_fan3']);
  const next = linkTo(page1.headers.get('link'), 'next')!;
  assert.deepEqual([next.searchParams.getAll('types[]'), next.searchParams.get('limit'), next.searchParams.get('max_id')], [['follow'], '2', page1.body[1].id]);
  const page2 = await star.api.get(next.pathname + next.search);
  assert.deepEqual(fanOf(page2.body), ['n5_fan2', 'n5_fan1']);
  const prev = linkTo(page2.headers.get('link'), 'prev')!;
  assert.equal(prev.searchParams.get('min_id'), page2.body[0].id);
  assert.deepEqual(fanOf((await star.api.get(prev.pathname + prev.search)).body), ['n5_fan4', 'n5_fan3'], 'min_id: the page just above, newest first');

  const all = (await star.api.get('/api/v1/notifications')).body;
  assert.deepEqual(fanOf((await star.api.get(`/api/v1/notifications?since_id=${all[3].id}`)).body), ['n5_fan4', 'n5_fan3', 'n5_fan2']);
  assert.deepEqual(fanOf((await star.api.get(`/api/v1/notifications?since_id=${all[4].id}&limit=2`)).body), ['n5_fan4', 'n5_fan3'], 'since_id: the newest');
  assert.deepEqual(fanOf((await star.api.get(`/api/v1/notifications?min_id=${all[4].id}&limit=2`)).body), ['n5_fan2', 'n5_fan1'], 'min_id: the oldest above');
  assert.deepEqual(fanOf((await star.api.get(`/api/v1/notifications?max_id=${all[0].id}&since_id=${all[3].id}`)).body), ['n5_fan3', 'n5_fan2']);
  assert.equal((await star.api.get('/api/v1/notifications?limit=500')).body.length, 5, 'a large limit is capped, not refused');
  const empty = await star.api.get(`/api/v1/notifications?max_id=${all[4].id}`);
  assert.deepEqual([empty.body, empty.headers.get('link')], [[], null]);
});

test('unread_count counts the owner\'s notifications, filtered and capped', async () => {
  const { alice, bob } = await scene('n6');
  assert.deepEqual((await alice.api.get('/api/v1/notifications/unread_count')).body, { count: 4 });
  assert.deepEqual((await alice.api.get('/api/v1/notifications/unread_count?limit=2')).body, { count: 2 });
  assert.deepEqual((await alice.api.get('/api/v1/notifications/unread_count?types[]=follow')).body, { count: 1 });
  assert.deepEqual((await alice.api.get(`/api/v1/notifications/unread_count?account_id=${bob.id}&exclude_types[]=reblog`)).body, { count: 2 });
  assert.deepEqual((await bob.api.get('/api/v1/notifications/unread_count')).body, { count: 0 });
});

test('notifications from a suspended account are hidden', async () => {
  const { alice, bob } = await scene('n7');
  const fromBob = (await alice.api.get(`/api/v1/notifications?account_id=${bob.id}`)).body;
  assert.equal(fromBob.length, 3);
  // Arrangement only: suspension is a moderation action outside this API.
  await s.ctx.db.updateTable('accounts').set({ suspended: true }).where('id', '=', bob.id).execute();
  assert.deepEqual(await types(alice), ['mention']);
  assert.equal((await alice.api.get(`/api/v1/notifications/${fromBob[0].id}`)).status, 404);
});

test('every endpoint needs a token with the notifications scope', async () => {
  const { alice } = await scene('n8');
  const [n] = (await alice.api.get('/api/v1/notifications')).body;
  const anon = apiClient(s.url);
  const { token: readOnly } = await s.ctx.sessions.issue({ kind: 'oauth', accountId: alice.id, appId: null, scopes: ['read'], ttlDays: 1 });
  const { token: statusesOnly } = await s.ctx.sessions.issue({ kind: 'oauth', accountId: alice.id, appId: null, scopes: ['read:statuses'], ttlDays: 1 });
  for (const path of ['/api/v1/notifications', `/api/v1/notifications/${n.id}`, '/api/v1/notifications/unread_count']) {
    assert.equal((await anon.get(path)).status, 401, path);
    assert.equal((await apiClient(s.url, statusesOnly).get(path)).status, 403, path);
    assert.equal((await apiClient(s.url, readOnly).get(path)).status, 200, path);
  }
  for (const path of [`/api/v1/notifications/${n.id}/dismiss`, '/api/v1/notifications/clear']) {
    assert.equal((await anon.post(path)).status, 401, path);
    assert.equal((await apiClient(s.url, readOnly).post(path)).status, 403, path);
  }
  assert.equal((await alice.api.get('/api/v1/notifications')).body.length, 4, 'nothing was dismissed');
});

test('notifications older than 90 days are purged, newer ones kept', async () => {
  let now = new Date('2026-03-01T12:00:00Z');
  const t = await createTestContext({ clock: { now: () => now } });
  try {
    const a = await seedAccount(t.ctx, 'purge_a'); const b = await seedAccount(t.ctx, 'purge_b'); const c = await seedAccount(t.ctx, 'purge_c');
    await t.ctx.graph.follow(b.account, a.account.id);
    await t.ctx.graph.follow(c.account, a.account.id);
    const rows = await t.ctx.db.selectFrom('notifications').select(['id', 'from_account_id']).where('account_id', '=', a.account.id).execute();
    const old = rows.find((r) => r.from_account_id === b.account.id)!;
    await t.ctx.db.updateTable('notifications').set({ created_at: new Date('2025-12-01T11:00:00Z') }).where('id', '=', old.id).execute();
    await t.ctx.db.updateTable('notifications').set({ created_at: new Date('2025-12-02T13:00:00Z') }).where('id', '<>', old.id).execute();
    assert.equal(await t.ctx.notifications.purgeExpired(), 1);
    const left = await t.ctx.db.selectFrom('notifications').select('from_account_id').execute();
    assert.deepEqual(left.map((r) => r.from_account_id), [c.account.id]);
    now = new Date('2026-03-03T12:00:00Z');
    assert.equal(await t.ctx.notifications.purgeExpired(), 1);
    assert.equal(await t.ctx.notifications.purgeExpired(), 0);
  } finally {
    await t.close();
  }
});
