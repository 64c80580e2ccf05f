import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';

let s: TestServer;
let alice: Awaited<ReturnType<typeof seedAccount>>, bob: Awaited<ReturnType<typeof seedAccount>>, carol: Awaited<ReturnType<typeof seedAccount>>;
let A: ReturnType<typeof apiClient>, B: ReturnType<typeof apiClient>, C: ReturnType<typeof apiClient>, anon: ReturnType<typeof apiClient>;

before(async () => {
  s = await startTestServer();
  alice = await seedAccount(s.ctx, 'alice'); bob = await seedAccount(s.ctx, 'bob'); carol = await seedAccount(s.ctx, 'carol');
  A = apiClient(s.url, alice.token); B = apiClient(s.url, bob.token); C = apiClient(s.url, carol.token); anon = apiClient(s.url);
  assert.equal((await B.post(`/api/v1/accounts/${alice.account.id}/follow`)).status, 200);
});
after(async () => { await s.close(); });

const count = async (table: 'statuses' | 'status_edits' | 'media') => (await s.ctx.db.selectFrom(table).select('id').execute()).length;

test('a post is escaped and linkified: mentions, hashtags and links, never raw HTML', async () => {
  const r = await A.post('/api/v1/statuses', { status: 'Hi @bob <script>alert(1)</script> #Liberty https://example.org/a?b=1&c=2 @nobody' });
  assert.equal(r.status, 200);
  assert.ok(!r.body.content.includes('<script>'));
  assert.match(r.body.content, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(r.body.content, /href="http:\/\/localhost:8080\/@bob" class="u-url mention"/);
  assert.match(r.body.content, /href="http:\/\/localhost:8080\/tags\/liberty" class="mention hashtag"/);
  assert.match(r.body.content, /href="https:\/\/example.org\/a\?b=1&amp;c=2" rel="nofollow noopener noreferrer"/);
  assert.match(r.body.content, /@nobody/);
  assert.deepEqual(r.body.mentions.map((m: any) => m.username), ['bob']);
  assert.deepEqual(r.body.tags.map((t: any) => t.name), ['liberty']);
  const notes = await B.get('/api/v1/notifications?types[]=mention');
  assert.ok(notes.body.some((n: any) => n.status.id === r.body.id));
});

test('500 characters are accepted, 501 refused with nothing written; links count as 23', async () => {
  const before = await count('statuses');
  assert.equal((await A.post('/api/v1/statuses', { status: 'x'.repeat(500) })).status, 200);
  const tooLong = await A.post('/api/v1/statuses', { status: 'x'.repeat(501) });
  assert.equal(tooLong.status, 422);
  assert.match(tooLong.body.error, /character limit/);
  assert.equal(await count('statuses'), before + 1);
  const link = `https://example.org/${'p'.repeat(300)}`;
  assert.equal((await A.post('/api/v1/statuses', { status: `${'y'.repeat(470)} ${link}` })).status, 200);
  assert.equal((await A.post('/api/v1/statuses', { status: '' })).status, 422);
  assert.equal((await A.post('/api/v1/statuses', { status: 'x', visibility: 'secret' })).status, 422);
});

test('the same Idempotency-Key returns the same post instead of a duplicate', async () => {
  const first = await A.post('/api/v1/statuses', { status: 'only once' }, { 'idempotency-key': 'k-123' });
  const again = await A.post('/api/v1/statuses', { status: 'only once' }, { 'idempotency-key': 'k-123' });
  assert.equal(first.body.id, again.body.id);
  const other = await B.post('/api/v1/statuses', { status: 'only once' }, { 'idempotency-key': 'k-123' });
  assert.notEqual(other.body.id, first.body.id, 'keys are per account');
});

test('followers-only posts reach followers only; direct posts only the mentioned', async () => {
  const priv = (await A.post('/api/v1/statuses', { status: 'for followers', visibility: 'private' })).body;
  const direct = (await A.post('/api/v1/statuses', { status: 'psst @carol', visibility: 'direct' })).body;
  assert.equal((await B.get(`/api/v1/statuses/${priv.id}`)).status, 200, 'a follower sees it');
  assert.equal((await C.get(`/api/v1/statuses/${priv.id}`)).status, 404, 'a non-follower does not');
  assert.equal((await anon.get(`/api/v1/statuses/${priv.id}`)).status, 404);
  assert.equal((await C.get(`/api/v1/statuses/${direct.id}`)).status, 200, 'the mentioned account sees a direct post');
  assert.equal((await B.get(`/api/v1/statuses/${direct.id}`)).status, 404, 'a follower does not');
  const home = (await B.get('/api/v1/timelines/home')).body.map((x: any) => x.id);
  assert.ok(home.includes(priv.id) && !home.includes(direct.id));
  const pub = (await anon.get('/api/v1/timelines/public')).body.map((x: any) => x.id);
  assert.ok(!pub.includes(priv.id) && !pub.includes(direct.id));
  const profile = (await C.get(`/api/v1/accounts/${alice.account.id}/statuses`)).body.map((x: any) => x.id);
  assert.ok(!profile.includes(priv.id));
  assert.equal((await C.post(`/api/v1/statuses/${priv.id}/favourite`)).status, 404, 'no acting on an invisible post');
  assert.equal((await C.post('/api/v1/statuses', { status: 'reply', in_reply_to_id: priv.id })).status, 404);
  assert.equal((await B.post(`/api/v1/statuses/${priv.id}/reblog`)).status, 403, 'followers-only posts cannot be boosted');
});

test("only the author can edit or delete a post; another account's id is 404", async () => {
  const mine = (await A.post('/api/v1/statuses', { status: 'original text' })).body;
  assert.equal((await B.put(`/api/v1/statuses/${mine.id}`, { status: 'hijacked' })).status, 404);
  assert.equal((await B.delete(`/api/v1/statuses/${mine.id}`)).status, 404);
  assert.equal((await B.get(`/api/v1/statuses/${mine.id}/source`)).status, 404);
  assert.equal((await anon.delete(`/api/v1/statuses/${mine.id}`)).status, 401);
  assert.equal((await A.get(`/api/v1/statuses/${mine.id}`)).body.content, '<p>original text</p>');
});

test('edits keep a history; deletion returns the source and updates counters', async () => {
  const p = (await A.post('/api/v1/statuses', { status: 'first draft' })).body;
  const edited = await A.put(`/api/v1/statuses/${p.id}`, { status: 'second draft', spoiler_text: 'cw' });
  assert.equal(edited.status, 200);
  assert.ok(edited.body.edited_at);
  assert.equal(edited.body.spoiler_text, 'cw');
  const history = (await B.get(`/api/v1/statuses/${p.id}/history`)).body;
  assert.deepEqual(history.map((h: any) => h.content), ['<p>first draft</p>', '<p>second draft</p>']);
  assert.deepEqual((await A.get(`/api/v1/statuses/${p.id}/source`)).body, { id: p.id, text: 'second draft', spoiler_text: 'cw' });
  const before = (await A.get('/api/v1/accounts/verify_credentials')).body.statuses_count;
  const del = await A.delete(`/api/v1/statuses/${p.id}`);
  assert.equal(del.status, 200);
  assert.equal(del.body.text, 'second draft');
  assert.equal((await A.get(`/api/v1/statuses/${p.id}`)).status, 404);
  assert.equal((await A.get('/api/v1/accounts/verify_credentials')).body.statuses_count, before - 1);
  assert.equal((await s.ctx.db.selectFrom('status_edits').select('id').where('status_id', '=', p.id).execute()).length, 0);
});

test('replies build a thread; context returns ancestors and descendants the viewer may see', async () => {
  const root = (await A.post('/api/v1/statuses', { status: 'root' })).body;
  const r1 = (await B.post('/api/v1/statuses', { status: 'reply 1', in_reply_to_id: root.id })).body;
  const r2 = (await A.post('/api/v1/statuses', { status: 'reply 2', in_reply_to_id: r1.id })).body;
  const hidden = (await A.post('/api/v1/statuses', { status: 'private reply', in_reply_to_id: r1.id, visibility: 'private' })).body;
  assert.equal(r1.in_reply_to_id, root.id);
  assert.equal((await A.get(`/api/v1/statuses/${root.id}`)).body.replies_count, 1);
  const ctxB = (await B.get(`/api/v1/statuses/${r1.id}/context`)).body;
  assert.deepEqual(ctxB.ancestors.map((x: any) => x.id), [root.id]);
  assert.deepEqual(ctxB.descendants.map((x: any) => x.id).sort(), [r2.id, hidden.id].sort());
  const ctxC = (await C.get(`/api/v1/statuses/${r1.id}/context`)).body;
  assert.deepEqual(ctxC.descendants.map((x: any) => x.id), [r2.id], 'a non-follower does not see the private reply');
});

test('favourite, boost and bookmark toggle with exact counters and viewer flags', async () => {
  const p = (await A.post('/api/v1/statuses', { status: 'like me' })).body;
  for (let i = 0; i < 2; i++) assert.equal((await B.post(`/api/v1/statuses/${p.id}/favourite`)).body.favourites_count, 1, 'twice is still once');
  assert.equal((await B.get(`/api/v1/statuses/${p.id}`)).body.favourited, true);
  assert.equal((await C.get(`/api/v1/statuses/${p.id}`)).body.favourited, false);
  const boost = await B.post(`/api/v1/statuses/${p.id}/reblog`);
  assert.equal(boost.body.reblog.id, p.id);
  assert.equal(boost.body.reblog.reblogs_count, 1);
  assert.equal((await B.post(`/api/v1/statuses/${p.id}/reblog`)).body.id, boost.body.id, 'boosting twice returns the same boost');
  assert.equal((await B.post(`/api/v1/statuses/${p.id}/bookmark`)).body.bookmarked, true);
  assert.ok((await B.get('/api/v1/bookmarks')).body.some((x: any) => x.id === p.id));
  assert.ok((await B.get('/api/v1/favourites')).body.some((x: any) => x.id === p.id));
  assert.deepEqual((await A.get(`/api/v1/statuses/${p.id}/favourited_by`)).body.map((a: any) => a.username), ['bob']);
  assert.deepEqual((await A.get(`/api/v1/statuses/${p.id}/reblogged_by`)).body.map((a: any) => a.username), ['bob']);
  assert.equal((await B.post(`/api/v1/statuses/${p.id}/unfavourite`)).body.favourites_count, 0);
  assert.equal((await B.post(`/api/v1/statuses/${p.id}/unreblog`)).body.reblogs_count, 0);
  assert.equal((await B.post(`/api/v1/statuses/${p.id}/unbookmark`)).body.bookmarked, false);
  assert.ok(!(await B.get('/api/v1/bookmarks')).body.some((x: any) => x.id === p.id));
  const types = (await A.get('/api/v1/notifications')).body.filter((n: any) => n.status?.id === p.id).map((n: any) => n.type).sort();
  assert.deepEqual(types, ['favourite', 'reblog']);
});

test('malformed ids and bodies are 4xx, never 500', async () => {
  for (const p of ['/api/v1/statuses/abc', '/api/v1/statuses/1%27%20or%201=1', '/api/v1/statuses/99999999999999999999999', '/api/v1/statuses/-1/context']) {
    const r = await B.get(p);
    assert.ok(r.status >= 400 && r.status < 500, `${p} → ${r.status}`);
  }
  const bad = await B.raw('POST', '/api/v1/statuses', undefined, { 'content-type': 'application/json' });
  assert.ok(bad.status >= 400 && bad.status < 500);
  const broken = await fetch(`${s.url}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/json' }, body: '{"status": ' });
  assert.equal(broken.status, 400);
  assert.equal(typeof (await broken.json()).error, 'string');
  assert.equal((await B.post('/api/v1/statuses', { status: 'x', media_ids: ['not-a-number'] })).status, 422);
  assert.equal((await B.post('/api/v1/statuses', { status: 42 })).status, 422);
  assert.equal((await B.get('/api/v1/timelines/home?limit=abc')).status, 422);
  assert.equal((await B.get('/api/v1/timelines/home?max_id=abc')).status, 422);
});

test('home, public and tag timelines paginate with Link headers', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await A.post('/api/v1/statuses', { status: `page ${i} #paging` })).body.id);
  const first = await B.get('/api/v1/timelines/home?limit=2');
  assert.deepEqual(first.body.map((x: any) => x.id), [ids[4], ids[3]]);
  const link = first.headers.get('link')!;
  assert.match(link, /rel="next"/);
  const next = new URL(/<([^>]+)>; rel="next"/.exec(link)![1]);
  const second = await B.get(`${next.pathname}${next.search}`);
  assert.deepEqual(second.body.map((x: any) => x.id), [ids[2], ids[1]]);
  const newer = await B.get(`/api/v1/timelines/home?min_id=${ids[1]}&limit=2`);
  assert.deepEqual(newer.body.map((x: any) => x.id), [ids[3], ids[2]], 'min_id gives the page just above, newest first');
  assert.deepEqual((await anon.get('/api/v1/timelines/tag/paging?limit=3')).body.map((x: any) => x.id), [ids[4], ids[3], ids[2]]);
  assert.equal((await anon.get('/api/v1/timelines/public?limit=1')).body[0].id, ids[4]);
});

test('home timeline hides blocked and muted authors and respects show_reblogs', async () => {
  const dave = await seedAccount(s.ctx, 'dave');
  const D = apiClient(s.url, dave.token);
  await D.post(`/api/v1/accounts/${alice.account.id}/follow`);
  await D.post(`/api/v1/accounts/${bob.account.id}/follow`, { reblogs: false });
  const ap = (await A.post('/api/v1/statuses', { status: 'from alice to dave' })).body;
  const boost = (await B.post(`/api/v1/statuses/${ap.id}/reblog`)).body;
  let home = (await D.get('/api/v1/timelines/home')).body.map((x: any) => x.id);
  assert.ok(home.includes(ap.id) && !home.includes(boost.id), "bob's boosts are hidden from dave");
  await D.post(`/api/v1/accounts/${alice.account.id}/mute`);
  home = (await D.get('/api/v1/timelines/home')).body.map((x: any) => x.id);
  assert.ok(!home.includes(ap.id), 'muted author hidden');
  await D.post(`/api/v1/accounts/${alice.account.id}/unmute`);
  await D.post(`/api/v1/accounts/${alice.account.id}/block`);
  home = (await D.get('/api/v1/timelines/home')).body.map((x: any) => x.id);
  assert.ok(!home.includes(ap.id), 'blocked author hidden');
  assert.equal((await D.get(`/api/v1/statuses/${ap.id}`)).status, 200, 'public posts stay readable by id');
});
