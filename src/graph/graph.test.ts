import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';

// One clock for the file, moved forward by the mute-expiry test.
let now = Date.now();
let s: TestServer;
before(async () => { s = await startTestServer({ clock: { now: () => new Date(now) } }); });
after(async () => { await s.close(); });

async function user(handle: string, opts: { locked?: boolean } = {}) {
  const u = await seedAccount(s.ctx, handle, opts);
  return { ...u, id: u.account.id, api: apiClient(s.url, u.token) };
}
type User = Awaited<ReturnType<typeof user>>;

const anonymous = () => apiClient(s.url);
const counts = async (id: string) => (await anonymous().get(`/api/v1/accounts/${id}`)).body as { followers_count: number; following_count: number };
const rel = async (me: User, other: User) => (await me.api.get(`/api/v1/accounts/relationships?id[]=${other.id}`)).body[0];
const noticesFrom = async (me: User, from: User) => (await me.api.get(`/api/v1/notifications?account_id=${from.id}`)).body.map((n: any) => n.type);
const followRows = async (column: 'follower_id' | 'followee_id', id: string) =>
  (await s.ctx.db.selectFrom('follows').select(sql<number>`count(*)::int`.as('n')).where(column, '=', id).executeTakeFirstOrThrow()).n;
/** Arrangement only: Publius has no suspension endpoint in this part of the API. */
const suspend = (id: string) => s.ctx.db.updateTable('accounts').set({ suspended: true }).where('id', '=', id).execute();

test('follow and unfollow keep both counters exact, are idempotent, and notify only once', async () => {
  const a = await user('f_alice'); const b = await user('f_bob');
  for (let i = 0; i < 3; i++) {
    const r = await b.api.post(`/api/v1/accounts/${a.id}/follow`);
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.id, r.body.following, r.body.showing_reblogs, r.body.notifying, r.body.requested], [a.id, true, true, false, false]);
  }
  assert.deepEqual(await counts(a.id), { ...(await counts(a.id)), followers_count: 1, following_count: 0 });
  assert.equal((await counts(b.id)).following_count, 1);
  assert.deepEqual(await noticesFrom(a, b), ['follow']);
  assert.equal((await rel(a, b)).followed_by, true);

  const changed = (await b.api.post(`/api/v1/accounts/${a.id}/follow`, { reblogs: false, notify: true })).body;
  assert.deepEqual([changed.following, changed.showing_reblogs, changed.notifying], [true, false, true], 'following again updates the options');
  assert.equal((await counts(a.id)).followers_count, 1);

  for (let i = 0; i < 2; i++) assert.equal((await b.api.post(`/api/v1/accounts/${a.id}/unfollow`)).body.following, false);
  assert.equal((await counts(a.id)).followers_count, 0);
  assert.equal((await counts(b.id)).following_count, 0);
  assert.deepEqual(await noticesFrom(a, b), [], 'the follow notification goes with the follow');
});

test('following oneself, unknown or malformed ids, and tokens without the scope are refused', async () => {
  const a = await user('f_self');
  assert.equal((await a.api.post(`/api/v1/accounts/${a.id}/follow`)).status, 403);
  for (const bad of ['999999999', 'abc', '99999999999999999999', '-1', '1.5']) {
    for (const action of ['follow', 'unfollow', 'block', 'unblock', 'mute', 'unmute', 'remove_from_followers']) {
      assert.equal((await a.api.post(`/api/v1/accounts/${bad}/${action}`)).status, 404, `${action} ${bad}`);
    }
    assert.equal((await a.api.get(`/api/v1/accounts/${bad}`)).status, 404);
    assert.equal((await a.api.get(`/api/v1/accounts/${bad}/followers`)).status, 404);
    assert.equal((await a.api.post(`/api/v1/follow_requests/${bad}/authorize`)).status, 404);
    assert.equal((await a.api.post(`/api/v1/follow_requests/${bad}/reject`)).status, 404);
  }
  const b = await user('f_scoped');
  assert.equal((await anonymous().post(`/api/v1/accounts/${b.id}/follow`)).status, 401);
  const { token } = await s.ctx.sessions.issue({ kind: 'oauth', accountId: a.id, appId: null, scopes: ['read'], ttlDays: 1 });
  assert.equal((await apiClient(s.url, token).post(`/api/v1/accounts/${b.id}/follow`)).status, 403);
  assert.equal((await apiClient(s.url, token).post(`/api/v1/accounts/${b.id}/block`)).status, 403);
  assert.equal(await followRows('follower_id', a.id), 0, 'nothing was written');
});

test('unknown parameters are ignored and malformed values are a 422 with nothing written', async () => {
  const a = await user('v_alice'); const b = await user('v_bob');
  assert.equal((await b.api.post(`/api/v1/accounts/${a.id}/follow`, { reblogs: 'maybe' })).status, 422);
  assert.equal((await b.api.post(`/api/v1/accounts/${a.id}/follow`, { notify: { x: 1 } })).status, 422);
  assert.equal(await followRows('follower_id', b.id), 0);
  assert.equal((await b.api.post(`/api/v1/accounts/${a.id}/follow`, { reblogs: 'false', unknown: 'x', languages: ['en'] })).body.showing_reblogs, false);
  for (const duration of ['abc', -5, 1.5, 1e12]) {
    assert.equal((await b.api.post(`/api/v1/accounts/${a.id}/mute`, { duration })).status, 422, String(duration));
  }
  assert.equal((await b.api.post(`/api/v1/accounts/${a.id}/mute`, { notifications: 'perhaps' })).status, 422);
  assert.equal((await rel(b, a)).muting, false, 'no mute was written');
  assert.equal((await b.api.get(`/api/v1/accounts/${a.id}/followers?limit=abc`)).status, 422);
  assert.equal((await b.api.get(`/api/v1/accounts/${a.id}/followers?max_id=99999999999999999999`)).status, 422);
  assert.equal((await b.api.get(`/api/v1/accounts/${a.id}/followers?max_id=x`)).status, 422);
  assert.equal((await b.api.get(`/api/v1/accounts/${a.id}/followers?sort=weird&x[y]=1`)).status, 200);
});

test('200 concurrent follows of one account leave followers_count equal to the rows, and so do concurrent unfollows', async () => {
  const star = await user('f_star');
  const fans = await Promise.all(Array.from({ length: 200 }, (_, i) => seedAccount(s.ctx, `fan_${i}`)));
  // Every fan follows twice at once: duplicates must not count.
  const follows = await Promise.all(fans.flatMap((f) => [0, 1].map(() => apiClient(s.url, f.token).post(`/api/v1/accounts/${star.id}/follow`))));
  assert.deepEqual([...new Set(follows.map((r) => r.status))], [200]);
  assert.equal(await followRows('followee_id', star.id), 200);
  assert.equal((await counts(star.id)).followers_count, 200);
  assert.equal((await star.api.get('/api/v1/notifications/unread_count?types[]=follow&limit=1000')).body.count, 200);
  const fanCounts = await s.ctx.db.selectFrom('accounts').select('following_count').where('id', 'in', fans.map((f) => f.account.id)).execute();
  assert.ok(fanCounts.every((r) => r.following_count === 1));

  const leaving = fans.slice(0, 50);
  const unfollows = await Promise.all(leaving.flatMap((f) => [0, 1].map(() => apiClient(s.url, f.token).post(`/api/v1/accounts/${star.id}/unfollow`))));
  assert.deepEqual([...new Set(unfollows.map((r) => r.status))], [200]);
  assert.equal(await followRows('followee_id', star.id), 150);
  assert.equal((await counts(star.id)).followers_count, 150);
});

test('accounts following each other at the same moment do not deadlock and count exactly', async () => {
  const pairs = await Promise.all(Array.from({ length: 15 }, async (_, i) => [await user(`mutual_a${i}`), await user(`mutual_b${i}`)] as const));
  const results = await Promise.all(pairs.flatMap(([a, b]) => [
    a.api.post(`/api/v1/accounts/${b.id}/follow`), b.api.post(`/api/v1/accounts/${a.id}/follow`),
  ]));
  assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
  for (const [a, b] of pairs) {
    assert.deepEqual([(await counts(a.id)).followers_count, (await counts(a.id)).following_count], [1, 1]);
    assert.deepEqual([(await counts(b.id)).followers_count, (await counts(b.id)).following_count], [1, 1]);
  }
  // And both break it off, and block, at once.
  const ends = await Promise.all(pairs.flatMap(([a, b]) => [a.api.post(`/api/v1/accounts/${b.id}/block`), b.api.post(`/api/v1/accounts/${a.id}/unfollow`)]));
  assert.deepEqual([...new Set(ends.map((r) => r.status))], [200]);
  for (const [a, b] of pairs) {
    assert.deepEqual([(await counts(a.id)).followers_count, (await counts(a.id)).following_count], [0, 0]);
    assert.deepEqual([(await counts(b.id)).followers_count, (await counts(b.id)).following_count], [0, 0]);
  }
});

test('concurrent follows, blocks, unfollows and request answers never fail, never follow across a block, and count exactly', async () => {
  const crowd = await Promise.all(Array.from({ length: 12 }, (_, i) => user(`mix_${i}`, { locked: i % 4 === 0 })));
  let seed = 42;
  const pick = <T>(list: readonly T[]) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return list[seed % list.length]; };
  const actions = ['follow', 'follow', 'follow', 'unfollow', 'block', 'unblock', 'remove_from_followers', 'mute'] as const;
  const seen = new Set<number>();
  for (let round = 0; round < 10; round++) {
    const calls = [];
    for (let k = 0; k < 50; k++) {
      const a = pick(crowd); const b = pick(crowd);
      if (a === b) continue;
      calls.push(a.api.post(`/api/v1/accounts/${b.id}/${pick(actions)}`));
      if (k % 5 === 0) calls.push(a.api.post(`/api/v1/follow_requests/${b.id}/${pick(['authorize', 'reject'] as const)}`));
    }
    for (const r of await Promise.all(calls)) seen.add(r.status);
  }
  assert.deepEqual([...seen].filter((st) => ![200, 403, 404].includes(st)), [], 'only 200, 403 (blocked) and 404 (no request)');
  const ids = crowd.map((u) => u.id);
  const wrong = await s.ctx.db.selectFrom('accounts as a').select('a.handle').where('a.id', 'in', ids)
    .where(sql<boolean>`a.followers_count <> (select count(*) from follows where followee_id = a.id) or a.following_count <> (select count(*) from follows where follower_id = a.id)`)
    .execute();
  assert.deepEqual(wrong, [], 'counters equal the rows');
  const acrossBlocks = await s.ctx.db.selectFrom('follows as f').innerJoin('blocks as b', (j) => j.on((eb) => eb.or([
    eb.and([eb('b.account_id', '=', eb.ref('f.follower_id')), eb('b.target_account_id', '=', eb.ref('f.followee_id'))]),
    eb.and([eb('b.account_id', '=', eb.ref('f.followee_id')), eb('b.target_account_id', '=', eb.ref('f.follower_id'))]),
  ]))).select('f.id').execute();
  assert.deepEqual(acrossBlocks, [], 'no follow survives a block');
});

test('locked accounts get follow requests that only they can authorize or reject', async () => {
  const lock = await user('f_locked', { locked: true }); const asker = await user('f_asker'); const other = await user('f_other'); const intruder = await user('f_intruder');
  const asked = (await asker.api.post(`/api/v1/accounts/${lock.id}/follow`, { reblogs: false })).body;
  assert.deepEqual([asked.following, asked.requested, asked.showing_reblogs], [false, true, false]);
  assert.equal((await asker.api.post(`/api/v1/accounts/${lock.id}/follow`)).body.requested, true, 'asking again changes nothing');
  await other.api.post(`/api/v1/accounts/${lock.id}/follow`);
  assert.equal((await counts(lock.id)).followers_count, 0, 'a request is not a follow');
  assert.deepEqual((await lock.api.get('/api/v1/follow_requests')).body.map((x: any) => x.username), ['f_other', 'f_asker']);
  assert.equal((await rel(lock, asker)).requested_by, true);
  assert.deepEqual(await noticesFrom(lock, asker), ['follow_request']);

  assert.equal((await intruder.api.post(`/api/v1/follow_requests/${asker.id}/authorize`)).status, 404, 'cannot authorize a request made to someone else');
  assert.equal((await intruder.api.post(`/api/v1/follow_requests/${asker.id}/reject`)).status, 404, 'nor reject it');
  assert.equal((await asker.api.post(`/api/v1/follow_requests/${lock.id}/authorize`)).status, 404, 'nor can the requester accept their own');
  assert.equal((await rel(asker, lock)).requested, true, 'the request is still pending');

  const accepted = await lock.api.post(`/api/v1/follow_requests/${asker.id}/authorize`);
  assert.deepEqual([accepted.status, accepted.body.id, accepted.body.followed_by, accepted.body.requested_by], [200, asker.id, true, false]);
  const asMember = await rel(asker, lock);
  assert.deepEqual([asMember.following, asMember.requested, asMember.showing_reblogs], [true, false, false], 'the requested options survive acceptance');
  assert.deepEqual(await noticesFrom(lock, asker), [], 'the request notification is gone');
  assert.equal((await lock.api.post(`/api/v1/follow_requests/${asker.id}/authorize`)).status, 404, 'nothing left to accept');

  assert.equal((await lock.api.post(`/api/v1/follow_requests/${other.id}/reject`)).body.requested_by, false);
  assert.equal((await rel(other, lock)).requested, false);
  assert.equal((await lock.api.post(`/api/v1/follow_requests/${other.id}/reject`)).status, 404, 'nothing left to reject');
  assert.deepEqual([(await counts(lock.id)).followers_count, (await counts(asker.id)).following_count, (await counts(other.id)).following_count], [1, 1, 0]);
  assert.deepEqual((await lock.api.get('/api/v1/follow_requests')).body, []);

  const priv = (await lock.api.post('/api/v1/statuses', { status: 'locked and private', visibility: 'private' })).body;
  assert.equal((await asker.api.get(`/api/v1/statuses/${priv.id}`)).status, 200);
  assert.equal((await other.api.get(`/api/v1/statuses/${priv.id}`)).status, 404);
});

test('unlocking an account accepts its pending requests (authorizeAllRequests, as Mastodon on unlock)', async () => {
  const lock = await user('u_locked', { locked: true });
  const askers = await Promise.all(Array.from({ length: 3 }, (_, i) => user(`u_asker${i}`)));
  for (const a of askers) await a.api.post(`/api/v1/accounts/${lock.id}/follow`, { notify: true });
  await askers[2].api.post(`/api/v1/accounts/${lock.id}/unfollow`);
  await s.ctx.accounts.updateProfile(lock.id, { locked: false });
  assert.equal(await s.ctx.graph.authorizeAllRequests((await s.ctx.accounts.byId(lock.id))!), 2);
  assert.deepEqual((await lock.api.get('/api/v1/follow_requests')).body, []);
  assert.equal((await counts(lock.id)).followers_count, 2);
  assert.deepEqual([(await rel(askers[0], lock)).following, (await rel(askers[0], lock)).notifying], [true, true]);
  assert.equal((await rel(askers[2], lock)).following, false);
});

test('withdrawing a follow request removes it and its notification', async () => {
  const lock = await user('w_locked', { locked: true }); const asker = await user('w_asker');
  await asker.api.post(`/api/v1/accounts/${lock.id}/follow`);
  const withdrawn = (await asker.api.post(`/api/v1/accounts/${lock.id}/unfollow`)).body;
  assert.deepEqual([withdrawn.following, withdrawn.requested], [false, false]);
  assert.deepEqual((await lock.api.get('/api/v1/follow_requests')).body, []);
  assert.deepEqual(await noticesFrom(lock, asker), []);
});

test('follow request lists are paginated with Link headers', async () => {
  const lock = await user('fr_locked', { locked: true });
  const askers = await Promise.all(Array.from({ length: 3 }, (_, i) => user(`fr_asker${i}`)));
  for (const a of askers) await a.api.post(`/api/v1/accounts/${lock.id}/follow`);
  const first = await lock.api.get('/api/v1/follow_requests?limit=2');
  assert.deepEqual(first.body.map((x: any) => x.username), ['fr_asker2', 'fr_asker1']);
  const next = new URL(/<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1]);
  assert.deepEqual((await lock.api.get(next.pathname + next.search)).body.map((x: any) => x.username), ['fr_asker0']);
  assert.equal((await anonymous().get('/api/v1/follow_requests')).status, 401);
});

test('blocking ends follows and requests both ways, refuses new ones, clears notifications and shows in relationships', async () => {
  const a = await user('b_alice'); const b = await user('b_bob'); const lockedA = await user('b_locked', { locked: true });
  await a.api.post(`/api/v1/accounts/${b.id}/follow`);
  await b.api.post(`/api/v1/accounts/${a.id}/follow`);
  const post = (await a.api.post('/api/v1/statuses', { status: 'bob will like this' })).body;
  await b.api.post(`/api/v1/statuses/${post.id}/favourite`);
  assert.deepEqual((await noticesFrom(a, b)).sort(), ['favourite', 'follow']);

  const blocked = (await a.api.post(`/api/v1/accounts/${b.id}/block`)).body;
  assert.deepEqual([blocked.blocking, blocked.following, blocked.followed_by, blocked.blocked_by], [true, false, false, false]);
  assert.deepEqual([(await counts(a.id)).followers_count, (await counts(a.id)).following_count], [0, 0]);
  assert.deepEqual([(await counts(b.id)).followers_count, (await counts(b.id)).following_count], [0, 0]);
  assert.deepEqual(await noticesFrom(a, b), [], "the blocked account's notifications are gone");
  assert.equal((await a.api.post(`/api/v1/accounts/${b.id}/block`)).body.blocking, true, 'blocking twice is harmless');

  assert.equal((await b.api.post(`/api/v1/accounts/${a.id}/follow`)).status, 403, 'the blocked cannot follow');
  assert.equal((await a.api.post(`/api/v1/accounts/${b.id}/follow`)).status, 403, 'nor can the blocker');
  assert.equal(await followRows('follower_id', b.id), 0);
  const seen = await rel(b, a);
  assert.deepEqual([seen.blocked_by, seen.blocking, seen.following], [true, false, false]);
  assert.deepEqual((await a.api.get('/api/v1/blocks')).body.map((x: any) => x.username), ['b_bob']);
  assert.equal((await b.api.get('/api/v1/blocks')).body.length, 0, 'block lists are private to the blocker');
  assert.equal((await b.api.get(`/api/v1/statuses/${post.id}`)).status, 404, 'a blocked account cannot read the blocker');

  // Pending requests end both ways too.
  await b.api.post(`/api/v1/accounts/${lockedA.id}/follow`);
  assert.equal((await rel(b, lockedA)).requested, true);
  await lockedA.api.post(`/api/v1/accounts/${b.id}/block`);
  assert.equal((await rel(b, lockedA)).requested, false);
  assert.deepEqual((await lockedA.api.get('/api/v1/follow_requests')).body, []);

  const unblocked = (await a.api.post(`/api/v1/accounts/${b.id}/unblock`)).body;
  assert.deepEqual([unblocked.blocking, unblocked.following], [false, false], 'unblocking restores no follow');
  assert.equal((await b.api.post(`/api/v1/accounts/${a.id}/follow`)).body.following, true);
});

test('follower lists leave out accounts the viewer blocks, and are empty to an account the owner blocks', async () => {
  const star = await user('l_star'); const fan = await user('l_fan'); const troll = await user('l_troll'); const viewer = await user('l_viewer');
  await fan.api.post(`/api/v1/accounts/${star.id}/follow`);
  await troll.api.post(`/api/v1/accounts/${star.id}/follow`);
  await viewer.api.post(`/api/v1/accounts/${troll.id}/block`);
  const names = async (api: ReturnType<typeof apiClient>, path: string) => (await api.get(path)).body.map((x: any) => x.username);
  assert.deepEqual(await names(anonymous(), `/api/v1/accounts/${star.id}/followers`), ['l_troll', 'l_fan']);
  assert.deepEqual(await names(viewer.api, `/api/v1/accounts/${star.id}/followers`), ['l_fan']);
  assert.deepEqual(await names(viewer.api, `/api/v1/accounts/${troll.id}/following`), ['l_star'], 'the blocked account\'s own list is still visible');
  await star.api.post(`/api/v1/accounts/${viewer.id}/block`);
  assert.deepEqual(await names(viewer.api, `/api/v1/accounts/${star.id}/followers`), []);
  await suspend(fan.id);
  assert.deepEqual(await names(anonymous(), `/api/v1/accounts/${star.id}/followers`), ['l_troll'], 'suspended followers are not listed');
});

test('followers and following are paginated by follow id with Link headers', async () => {
  const star = await user('p_star');
  const fans = await Promise.all(Array.from({ length: 5 }, (_, i) => user(`p_fan${i}`)));
  for (const f of fans) await f.api.post(`/api/v1/accounts/${star.id}/follow`);
  const page1 = await anonymous().get(`/api/v1/accounts/${star.id}/followers?limit=2`);
  assert.deepEqual(page1.body.map((x: any) => x.username), ['p_fan4', 'p_fan3']);
  const link = page1.headers.get('link')!;
  assert.match(link, /rel="next"/);
  assert.match(link, /rel="prev"/);
  const next = new URL(/<([^>]+)>; rel="next"/.exec(link)![1]);
  assert.equal(next.searchParams.get('limit'), '2');
  const page2 = await anonymous().get(next.pathname + next.search);
  assert.deepEqual(page2.body.map((x: any) => x.username), ['p_fan2', 'p_fan1']);
  const prev = new URL(/<([^>]+)>; rel="prev"/.exec(page2.headers.get('link')!)![1]);
  assert.deepEqual((await anonymous().get(prev.pathname + prev.search)).body.map((x: any) => x.username), ['p_fan4', 'p_fan3']);
  const last = new URL(/<([^>]+)>; rel="next"/.exec(page2.headers.get('link')!)![1]);
  assert.deepEqual((await anonymous().get(last.pathname + last.search)).body.map((x: any) => x.username), ['p_fan0']);
  assert.equal((await anonymous().get(`/api/v1/accounts/${star.id}/followers?limit=1000`)).body.length, 5, 'a large limit is capped, not refused');
  assert.deepEqual((await anonymous().get(`/api/v1/accounts/${fans[0].id}/following`)).body.map((x: any) => x.username), ['p_star']);
  const empty = await anonymous().get(`/api/v1/accounts/${fans[0].id}/followers`);
  assert.deepEqual([empty.status, empty.body, empty.headers.get('link')], [200, [], null]);
});

test('mutes hide notifications, carry their expiry, and end when it passes', async () => {
  const a = await user('m_alice'); const b = await user('m_bob'); const c = await user('m_carol');
  const muted = (await a.api.post(`/api/v1/accounts/${b.id}/mute`, { notifications: true, duration: 3600 })).body;
  assert.deepEqual([muted.muting, muted.muting_notifications], [true, true]);
  assert.equal(Date.parse(muted.muting_expires_at), now + 3600_000);
  await b.api.post(`/api/v1/accounts/${a.id}/follow`);
  assert.deepEqual(await noticesFrom(a, b), [], 'no notification from a muted account');
  const list = (await a.api.get('/api/v1/mutes')).body;
  assert.deepEqual(list.map((x: any) => [x.username, x.mute_expires_at]), [['m_bob', muted.muting_expires_at]]);

  const statusesOnly = (await a.api.post(`/api/v1/accounts/${c.id}/mute`, { notifications: false })).body;
  assert.deepEqual([statusesOnly.muting, statusesOnly.muting_notifications, statusesOnly.muting_expires_at], [true, false, null]);
  await c.api.post(`/api/v1/accounts/${a.id}/follow`);
  assert.deepEqual(await noticesFrom(a, c), ['follow'], 'muting only posts still notifies');

  now += 3601_000;
  assert.deepEqual([(await rel(a, b)).muting, (await rel(a, b)).muting_notifications], [false, false], 'the mute has expired');
  assert.deepEqual((await a.api.get('/api/v1/mutes')).body.map((x: any) => x.username), ['m_carol']);
  await b.api.post(`/api/v1/accounts/${a.id}/unfollow`);
  await b.api.post(`/api/v1/accounts/${a.id}/follow`);
  assert.deepEqual(await noticesFrom(a, b), ['follow'], 'notifications resume after expiry');
  assert.equal(await s.ctx.graph.purgeExpiredMutes(), 1);
  assert.equal((await s.ctx.db.selectFrom('mutes').select('id').where('account_id', '=', a.id).execute()).length, 1);

  assert.equal((await a.api.post(`/api/v1/accounts/${c.id}/unmute`)).body.muting, false);
  assert.equal((await a.api.post(`/api/v1/accounts/${c.id}/unmute`)).body.muting, false, 'unmuting twice is harmless');
  assert.deepEqual((await a.api.get('/api/v1/mutes')).body, []);
  assert.equal((await c.api.get('/api/v1/mutes')).body.length, 0);
});

test('remove_from_followers ends a follow of me and fixes both counters', async () => {
  const a = await user('r_alice'); const b = await user('r_bob'); const c = await user('r_carol');
  await b.api.post(`/api/v1/accounts/${a.id}/follow`);
  const removed = (await a.api.post(`/api/v1/accounts/${b.id}/remove_from_followers`)).body;
  assert.deepEqual([removed.followed_by, removed.following], [false, false]);
  assert.deepEqual([(await counts(a.id)).followers_count, (await counts(b.id)).following_count], [0, 0]);
  assert.equal((await a.api.post(`/api/v1/accounts/${c.id}/remove_from_followers`)).status, 200, 'removing a non-follower is harmless');
  assert.equal((await counts(c.id)).following_count, 0);
});

test('relationships: several accounts, in the order asked, unknown and malformed ids left out', async () => {
  const a = await user('q_alice'); const b = await user('q_bob'); const c = await user('q_carol'); const gone = await user('q_gone');
  await a.api.post(`/api/v1/accounts/${b.id}/follow`, { notify: true });
  await c.api.post(`/api/v1/accounts/${a.id}/follow`);
  await suspend(gone.id);
  const r = (await a.api.get(`/api/v1/accounts/relationships?id[]=${c.id}&id[]=${b.id}&id[]=999999&id[]=nope&id[]=${b.id}&id[]=${gone.id}`)).body;
  assert.deepEqual(r.map((x: any) => x.id), [c.id, b.id]);
  assert.deepEqual(r[1], {
    id: b.id, following: true, showing_reblogs: true, notifying: true, languages: null, followed_by: false, blocking: false,
    blocked_by: false, muting: false, muting_notifications: false, muting_expires_at: null, requested: false, requested_by: false,
    domain_blocking: false, endorsed: false, note: '',
  });
  assert.deepEqual([r[0].following, r[0].followed_by], [false, true]);
  assert.deepEqual((await a.api.get(`/api/v1/accounts/relationships?id=${b.id}`)).body.map((x: any) => x.id), [b.id], 'a single id without []');
  assert.deepEqual((await a.api.get(`/api/v1/accounts/relationships?id[]=${gone.id}&with_suspended=true`)).body.map((x: any) => x.id), [gone.id]);
  assert.deepEqual((await a.api.get('/api/v1/accounts/relationships')).body, []);
  assert.equal((await a.api.get('/api/v1/accounts/relationships?id[x]=1')).status, 422);
  assert.equal((await anonymous().get(`/api/v1/accounts/relationships?id[]=${b.id}`)).status, 401);
});

test('familiar followers: the accounts I follow that follow each account asked about', async () => {
  const me = await user('ff_me'); const friend = await user('ff_friend'); const stranger = await user('ff_stranger');
  const target = await user('ff_target'); const lonely = await user('ff_lonely');
  await me.api.post(`/api/v1/accounts/${friend.id}/follow`);
  await friend.api.post(`/api/v1/accounts/${target.id}/follow`);
  await stranger.api.post(`/api/v1/accounts/${target.id}/follow`);
  const r = (await me.api.get(`/api/v1/accounts/familiar_followers?id[]=${target.id}&id[]=${lonely.id}&id[]=bad`)).body;
  assert.deepEqual(r.map((x: any) => [x.id, x.accounts.map((a: any) => a.username)]), [[target.id, ['ff_friend']], [lonely.id, []]]);
  assert.equal((await anonymous().get(`/api/v1/accounts/familiar_followers?id[]=${target.id}`)).status, 401);
});

test('accounts: lookup, several at once, and suspended accounts shown empty as Mastodon does', async () => {
  const a = await user('s_alice'); const b = await user('s_bob');
  await s.ctx.accounts.updateProfile(b.id, { display_name: 'Bob <b>', bio: 'about bob' });
  await a.api.post(`/api/v1/accounts/${b.id}/follow`);
  const c = await user('s_carol');
  await c.api.post(`/api/v1/accounts/${b.id}/block`);
  assert.equal((await anonymous().get('/api/v1/accounts/lookup?acct=S_ALICE')).body.id, a.id);
  assert.equal((await anonymous().get('/api/v1/accounts/lookup?acct=@s_alice')).body.id, a.id);
  assert.equal((await anonymous().get(`/api/v1/accounts/lookup?acct=s_alice@${s.config.domain}`)).body.id, a.id);
  assert.equal((await anonymous().get('/api/v1/accounts/lookup?acct=s_alice@elsewhere.example')).status, 404);
  assert.equal((await anonymous().get('/api/v1/accounts/lookup?acct=nobody_here')).status, 404);
  assert.equal((await anonymous().get('/api/v1/accounts/lookup')).status, 422);
  assert.deepEqual((await anonymous().get(`/api/v1/accounts?id[]=${b.id}&id[]=${a.id}&id[]=424242&id[]=zz`)).body.map((x: any) => x.username), ['s_bob', 's_alice']);

  const shown = (await anonymous().get(`/api/v1/accounts/${b.id}`)).body;
  assert.deepEqual([shown.display_name, shown.followers_count, shown.suspended], ['Bob <b>', 1, undefined]);
  await suspend(b.id);
  const hidden = (await anonymous().get(`/api/v1/accounts/${b.id}`)).body;
  assert.deepEqual([hidden.id, hidden.suspended, hidden.display_name, hidden.note, hidden.followers_count], [b.id, true, '', '', 0]);
  assert.equal((await anonymous().get('/api/v1/accounts/lookup?acct=s_bob')).body.suspended, true);
  assert.equal((await a.api.post(`/api/v1/accounts/${b.id}/follow`)).status, 404, 'a suspended account cannot be acted on');
  assert.equal((await anonymous().get(`/api/v1/accounts/${b.id}/followers`)).status, 404);
  assert.deepEqual((await anonymous().get(`/api/v1/accounts/${a.id}/following`)).body, [], 'nor listed');
  const blocked = (await c.api.get('/api/v1/blocks')).body;
  assert.deepEqual(blocked.map((x: any) => [x.id, x.suspended, x.display_name]), [[b.id, true, '']], 'still in my block list, shown empty');
});
