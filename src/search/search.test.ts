import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';

/**
 * Search through the real API: words and prefixes, what each viewer may see (followers-only and direct posts,
 * anonymous viewers), accounts by handle and display name, hashtags, limits, and hostile input.
 */

let s: TestServer;
type Client = ReturnType<typeof apiClient>;
let alice: Client, bob: Client, carol: Client, anon: Client;
let aliceId: string, bobId: string, carolId: string;
const ids: Record<string, string> = {};

const search = (c: Client, params: Record<string, string>) => c.get(`/api/v2/search?${new URLSearchParams(params)}`);
const statusIds = (body: { statuses: Array<{ id: string }> }) => body.statuses.map((x) => x.id);
const handles = (accounts: Array<{ acct: string }>) => accounts.map((a) => a.acct);

before(async () => {
  s = await startTestServer();
  const a = await seedAccount(s.ctx, 'searchalice');
  const b = await seedAccount(s.ctx, 'searchbob');
  const c = await seedAccount(s.ctx, 'searchcarol');
  const h = await seedAccount(s.ctx, 'hiddenperson');
  aliceId = a.account.id; bobId = b.account.id; carolId = c.account.id;
  alice = apiClient(s.url, a.token); bob = apiClient(s.url, b.token); carol = apiClient(s.url, c.token); anon = apiClient(s.url);
  await s.ctx.accounts.updateProfile(aliceId, { display_name: 'Marguerite Quillfeather' });
  await s.ctx.accounts.updateProfile(h.account.id, { display_name: 'Hidden Quillfeather', discoverable: false });

  const post = async (c: Client, key: string, status: string, visibility = 'public') => {
    const res = await c.post('/api/v1/statuses', { status, visibility });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    ids[key] = res.body.id;
  };
  await post(alice, 'sunset', 'The photographer captured a wonderful sunset over Lisbon #Sunsets');
  await post(alice, 'flower', 'A field of #sunflowers and #SunDial shadows');
  await post(bob, 'unlisted', 'An unlisted remark about marmalade', 'unlisted');
  await post(carol, 'private', 'A secretive followers-only musing about pineapples', 'private');
  await post(carol, 'direct', 'Hey @searchbob a direct note about kumquats', 'direct');
  const follow = await bob.post(`/api/v1/accounts/${carolId}/follow`);
  assert.equal(follow.status, 200, JSON.stringify(follow.body));
});
after(async () => { await s.close(); });

test('a signed-in user finds statuses by whole words and by word prefixes', async () => {
  for (const q of ['photographer', 'photo', 'PHOTOGRAPH', 'wonderful lisbon', 'lis wond', 'Sunset']) {
    const res = await search(alice, { q, type: 'statuses' });
    assert.equal(res.status, 200, q);
    assert.deepEqual(statusIds(res.body), [ids.sunset], q);
  }
  const both = await search(bob, { q: 'sun', type: 'statuses' });
  assert.deepEqual(statusIds(both.body).sort(), [ids.sunset, ids.flower].sort());
  const none = await search(alice, { q: 'lisbon zebra', type: 'statuses' });
  assert.deepEqual(none.body.statuses, [], 'every word must match');
  assert.equal((await search(alice, { q: 'otographer', type: 'statuses' })).body.statuses.length, 0, 'prefixes, not infixes');

  const full = await search(bob, { q: 'photographer' });
  assert.equal(full.body.statuses[0].id, ids.sunset);
  assert.equal(full.body.statuses[0].account.acct, 'searchalice');
  assert.match(full.body.statuses[0].content, /photographer/);

  const unlisted = await search(alice, { q: 'marmalade' });
  assert.deepEqual(statusIds(unlisted.body), [ids.unlisted]);
});

test('a followers-only post is found by a follower and its author, not by others', async () => {
  assert.deepEqual((await search(alice, { q: 'pineapples' })).body.statuses, []);
  assert.deepEqual((await search(alice, { q: 'secretive musing' })).body.statuses, []);
  assert.deepEqual(statusIds((await search(bob, { q: 'pineapples' })).body), [ids.private]);
  assert.deepEqual(statusIds((await search(carol, { q: 'pineap' })).body), [ids.private]);
});

test('a direct post is found only by its author and the accounts it mentions', async () => {
  assert.deepEqual((await search(alice, { q: 'kumquats' })).body.statuses, []);
  assert.deepEqual(statusIds((await search(bob, { q: 'kumquats' })).body), [ids.direct]);
  assert.deepEqual(statusIds((await search(carol, { q: 'kumquats' })).body), [ids.direct]);
});

test('anonymous search finds accounts and hashtags but no statuses', async () => {
  const res = await search(anon, { q: 'searchalice' });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.statuses, []);
  assert.deepEqual(handles(res.body.accounts), ['searchalice']);
  assert.deepEqual((await search(anon, { q: 'photographer' })).body.statuses, []);
  assert.deepEqual((await search(anon, { q: 'photographer', type: 'statuses' })).body.statuses, []);
  assert.deepEqual((await search(anon, { q: 'marguerite' })).body.accounts.map((a: { id: string }) => a.id), [aliceId]);
  assert.ok((await search(anon, { q: '#sunse' })).body.hashtags.some((h: { name: string }) => h.name === 'sunsets'));
});

test('accounts are found by handle prefix and by display name', async () => {
  const prefix = await search(alice, { q: 'searchb', type: 'accounts' });
  assert.deepEqual(handles(prefix.body.accounts), ['searchbob']);
  assert.deepEqual(prefix.body.statuses, []);
  assert.deepEqual(prefix.body.hashtags, []);

  const all = await search(alice, { q: 'search', type: 'accounts' });
  assert.deepEqual(handles(all.body.accounts).sort(), ['searchalice', 'searchbob', 'searchcarol']);
  assert.deepEqual(handles((await search(alice, { q: '@searchcarol', type: 'accounts' })).body.accounts), ['searchcarol']);
  assert.deepEqual(handles((await search(alice, { q: '@SearchCarol@localhost:8080', type: 'accounts' })).body.accounts), ['searchcarol']);

  const byName = await search(bob, { q: 'Marguerite', type: 'accounts' });
  assert.deepEqual(handles(byName.body.accounts), ['searchalice']);
  assert.equal(byName.body.accounts[0].display_name, 'Marguerite Quillfeather');
  assert.deepEqual(handles((await search(bob, { q: 'quillf', type: 'accounts' })).body.accounts), ['searchalice'], 'a display-name prefix; the undiscoverable account is left out');
  assert.deepEqual(handles((await search(bob, { q: 'hiddenperson', type: 'accounts' })).body.accounts), ['hiddenperson'], 'an exact handle finds an undiscoverable account');
  assert.deepEqual((await search(bob, { q: 'hiddenpers', type: 'accounts' })).body.accounts, []);

  const following = await search(bob, { q: 'search', type: 'accounts', following: 'true' });
  assert.deepEqual(handles(following.body.accounts), ['searchcarol']);
});

test('hashtags are found by prefix, with or without #', async () => {
  const res = await search(alice, { q: '#sun', type: 'hashtags' });
  assert.equal(res.status, 200);
  const names = res.body.hashtags.map((h: { name: string }) => h.name);
  assert.deepEqual(names.slice().sort(), ['sundial', 'sunflowers', 'sunsets']);
  for (const h of res.body.hashtags) {
    assert.match(h.url, /\/tags\/sun/);
    assert.ok(Array.isArray(h.history));
  }
  assert.deepEqual(res.body.accounts, []);
  assert.deepEqual(res.body.statuses, []);
  const exact = await search(alice, { q: 'sundial', type: 'hashtags' });
  assert.deepEqual(exact.body.hashtags.map((h: { name: string }) => h.name), ['sundial']);
  assert.deepEqual((await search(alice, { q: '#nosuchtagprefix', type: 'hashtags' })).body.hashtags, []);
});

test('q missing, empty or too long, and bad parameters, are 4xx, never 500', async () => {
  const cases: Record<string, string>[] = [
    {}, { q: '' }, { q: '   ' }, { q: '\ufeff\t\n' }, { q: 'x'.repeat(501) }, { q: 'a', type: 'everything' }, { q: 'a', limit: '0' },
    { q: 'a', limit: '-3' }, { q: 'a', limit: 'many' }, { q: 'a', offset: '-1' }, { q: 'a', account_id: 'abc' }, { q: 'a', max_id: '1;drop' },
  ];
  for (const params of cases) {
    for (const c of [alice, anon]) {
      const res = await search(c, params);
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(params)} → ${res.status}`);
      assert.equal(typeof res.body.error, 'string');
    }
  }
  assert.equal((await search(alice, {})).status, 422);
  assert.equal((await alice.get('/api/v2/search?q[]=a&q[]=b')).status, 422);
  assert.equal((await alice.get('/api/v1/accounts/search')).status, 422);
  for (const offset of ['0', '20']) {
    const res = await search(anon, { q: 'searchalice', offset });
    assert.equal(res.status, 401, 'paging is for signed-in users, as in Mastodon');
    assert.equal(res.body.error, 'Search queries pagination is not supported without authentication');
  }
  assert.equal((await search(alice, { q: 'searchalice', offset: '0' })).status, 200);
});

test('limit over 40 is clamped to 40; offset pages on', async () => {
  for (let i = 0; i < 45; i++) {
    const res = await alice.post('/api/v1/statuses', { status: `bulkword number ${i}` });
    assert.equal(res.status, 200);
  }
  const first = await search(alice, { q: 'bulkword', type: 'statuses', limit: '100' });
  assert.equal(first.status, 200);
  assert.equal(first.body.statuses.length, 40);
  assert.equal((await search(alice, { q: 'bulkword', type: 'statuses' })).body.statuses.length, 20, 'the default is 20');
  const rest = await search(alice, { q: 'bulkword', type: 'statuses', limit: '40', offset: '40' });
  assert.equal(rest.body.statuses.length, 5);
  const all = new Set([...statusIds(first.body), ...statusIds(rest.body)]);
  assert.equal(all.size, 45, 'pages do not overlap');
  const newest = statusIds(first.body);
  assert.deepEqual(newest, newest.slice().sort((x, y) => (BigInt(y) > BigInt(x) ? 1 : -1)), 'newest first');
  const older = await search(alice, { q: 'bulkword', type: 'statuses', max_id: newest[0], limit: '40' });
  assert.ok(!statusIds(older.body).includes(newest[0]));
  assert.equal(older.body.statuses.length, 40);
  assert.deepEqual(statusIds((await search(alice, { q: 'bulkword', type: 'statuses', account_id: bobId })).body), []);
});

test('hostile and odd input returns 200 with empty results, not 500', async () => {
  const weird = [
    `'"&|!:*()`, '\\', '%', '_', '%_%', '!!!', '&', '|', ':*', 'a:*b', '<->', '()', "'; drop table accounts; --",
    '<script>alert(1)</script>', '@', '#', '@@', '##', '@#', 'a\u0000b', '\u0000', '____', '🦊🦊', 'x'.repeat(500),
    'searchalice\\', 'search%', 'search_', '\u202e', 'a\ufeffb',
  ];
  for (const q of weird) {
    for (const c of [alice, anon]) {
      const res = await search(c, { q });
      assert.equal(res.status, 200, `${JSON.stringify(q)} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(Array.isArray(res.body.accounts) && Array.isArray(res.body.statuses) && Array.isArray(res.body.hashtags));
      const acc = await c.get(`/api/v1/accounts/search?${new URLSearchParams({ q })}`);
      assert.equal(acc.status, c === anon ? 401 : 200, `accounts/search ${JSON.stringify(q)} → ${acc.status}`);
    }
  }
  for (const q of [`'"&|!:*()`, '%', '_', '%_%', '&', '<->', '@', '#', '@@', '\\', '____']) {
    const res = await search(alice, { q });
    assert.deepEqual(res.body, { accounts: [], statuses: [], hashtags: [] }, JSON.stringify(q));
  }
  assert.deepEqual(handles((await search(alice, { q: 'search%', type: 'accounts' })).body.accounts).sort(), ['searchalice', 'searchbob', 'searchcarol'], '% is a word boundary, not a wildcard');
  assert.deepEqual((await search(alice, { q: 'searchalice_x', type: 'accounts' })).body.accounts, [], '_ is not a LIKE wildcard');
  const accounts = await s.ctx.db.selectFrom('accounts').select('id').execute();
  assert.ok(accounts.length >= 4, 'the tables are still there');
});

test('GET /api/v1/accounts/search finds accounts for signed-in users (401 otherwise, as Mastodon)', async () => {
  const res = await alice.get('/api/v1/accounts/search?q=searchc');
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(res.body));
  assert.deepEqual(handles(res.body), ['searchcarol']);
  assert.equal(res.body[0].id, carolId);
  assert.equal(typeof res.body[0].avatar, 'string');
  assert.deepEqual(handles((await bob.get('/api/v1/accounts/search?q=Marguerite')).body), ['searchalice']);
  const anonymous = await anon.get('/api/v1/accounts/search?q=Marguerite');
  assert.equal(anonymous.status, 401);
  assert.equal(typeof anonymous.body.error, 'string');
  assert.deepEqual((await alice.get('/api/v1/accounts/search?q=%23searchcarol')).body, [], 'a #tag query names no account');
  assert.deepEqual(handles((await bob.get('/api/v1/accounts/search?q=search&following=true')).body), ['searchcarol']);
  assert.equal((await alice.get('/api/v1/accounts/search?q=search&limit=1')).body.length, 1);
});

test('blocked accounts and suspended accounts are not found', async () => {
  const d = await seedAccount(s.ctx, 'blockerdan');
  const dan = apiClient(s.url, d.token);
  assert.deepEqual(handles((await search(alice, { q: 'blockerdan', type: 'accounts' })).body.accounts), ['blockerdan']);
  assert.equal((await dan.post(`/api/v1/accounts/${aliceId}/block`)).status, 200);
  assert.deepEqual((await search(alice, { q: 'blockerdan', type: 'accounts' })).body.accounts, [], 'the blocked account does not find the blocker');
  assert.deepEqual((await search(dan, { q: 'searchalice', type: 'accounts' })).body.accounts, [], 'the blocker does not find the blocked');
  const danPost = await dan.post('/api/v1/statuses', { status: 'blockers quince announcement' });
  assert.deepEqual((await search(alice, { q: 'quince' })).body.statuses, [], 'nor their posts');
  assert.deepEqual(statusIds((await search(bob, { q: 'quince' })).body), [danPost.body.id]);

  await s.ctx.db.updateTable('accounts').set({ suspended: true }).where('id', '=', d.account.id).execute();
  assert.deepEqual((await search(bob, { q: 'blockerdan', type: 'accounts' })).body.accounts, []);
  assert.deepEqual((await search(bob, { q: 'quince' })).body.statuses, []);
});

test('@handle@domain: this server\'s domain finds the account, another domain finds nobody; #tag finds no accounts', async () => {
  assert.deepEqual(handles((await search(alice, { q: '@searchcarol@LOCALHOST:8080' })).body.accounts), ['searchcarol']);
  const remote = await search(alice, { q: '@searchcarol@elsewhere.example' });
  assert.deepEqual(remote.body, { accounts: [], statuses: [], hashtags: [] });
  const tag = await search(alice, { q: '#searchcarol' });
  assert.deepEqual(tag.body.accounts, []);
  assert.deepEqual((await search(alice, { q: '@sunsets' })).body.hashtags, [], 'an @ query names no hashtag');
});

test('posts of an account that opted out of discovery are found only by the author and the accounts they mention', async () => {
  const q = await seedAccount(s.ctx, 'quietquentin');
  const quentin = apiClient(s.url, q.token);
  await s.ctx.accounts.updateProfile(q.account.id, { discoverable: false });
  const said = (await quentin.post('/api/v1/statuses', { status: 'a zeppelin sighting' })).body;
  const told = (await quentin.post('/api/v1/statuses', { status: '@searchbob another zeppelin' })).body;
  assert.deepEqual((await search(alice, { q: 'zeppelin' })).body.statuses, []);
  assert.deepEqual(statusIds((await search(bob, { q: 'zeppelin' })).body), [told.id]);
  assert.deepEqual(statusIds((await search(quentin, { q: 'zeppelin' })).body), [told.id, said.id]);
  // Opening the post by its id still works: search only does not index it for strangers.
  assert.equal((await alice.get(`/api/v1/statuses/${said.id}`)).status, 200);
});

test('a hashtag used only in followers-only posts is not revealed to non-followers', async () => {
  await carol.post('/api/v1/statuses', { status: 'planning the #quokkafestival', visibility: 'private' });
  assert.deepEqual((await search(alice, { q: '#quokka' })).body.hashtags, [], 'alice does not follow carol');
  assert.deepEqual((await search(anon, { q: '#quokka' })).body.hashtags, []);
  assert.deepEqual((await search(bob, { q: '#quokka' })).body.hashtags.map((h: { name: string }) => h.name), ['quokkafestival'], 'bob follows carol');
  assert.deepEqual((await search(carol, { q: 'quokka', type: 'hashtags' })).body.hashtags.map((h: { name: string }) => h.name), ['quokkafestival']);
});

test('muted authors are left out of post results; links and odd words match as the index split them', async () => {
  const m = await seedAccount(s.ctx, 'mutedmarta');
  const marta = apiClient(s.url, m.token);
  await marta.post('/api/v1/statuses', { status: 'walrus facts, read them at example.org' });
  assert.equal(statusIds((await search(alice, { q: 'walrus' })).body).length, 1);
  assert.equal(statusIds((await search(alice, { q: 'example.org' })).body).length, 1, 'a host name is one word, on both sides');
  assert.equal((await alice.post(`/api/v1/accounts/${m.account.id}/mute`)).status, 200);
  assert.deepEqual((await search(alice, { q: 'walrus' })).body.statuses, []);
  assert.equal(statusIds((await search(bob, { q: 'walrus' })).body).length, 1);
  assert.deepEqual((await search(alice, { q: 'wa', type: 'statuses' })).body.statuses, [], 'two letters match whole words only');
});

test('scopes: read:search for v2 search, read:accounts for account search', async () => {
  const writeOnly = (await s.ctx.sessions.issue({ kind: 'oauth', accountId: aliceId, appId: null, scopes: ['write'], ttlDays: 1 })).token;
  const limited = apiClient(s.url, writeOnly);
  assert.equal((await search(limited, { q: 'searchbob' })).status, 403);
  assert.equal((await limited.get('/api/v1/accounts/search?q=searchbob')).status, 403);
  const narrow = apiClient(s.url, (await s.ctx.sessions.issue({ kind: 'oauth', accountId: aliceId, appId: null, scopes: ['read:search', 'read:accounts'], ttlDays: 1 })).token);
  assert.deepEqual(handles((await search(narrow, { q: 'searchbob' })).body.accounts), ['searchbob']);
  assert.deepEqual(handles((await narrow.get('/api/v1/accounts/search?q=searchbob')).body), ['searchbob']);
  assert.equal((await search(apiClient(s.url, 'not-a-token'), { q: 'searchbob' })).status, 401);
});
