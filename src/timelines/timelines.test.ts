import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';

/**
 * Timelines through the real API: home (follows, own posts, boosts, blocks, mutes, show_reblogs), public,
 * hashtag, an account's posts, bookmarks and favourites, and Mastodon pagination with Link headers.
 */

type Client = ReturnType<typeof apiClient>;
type Seeded = Awaited<ReturnType<typeof seedAccount>>;

let s: TestServer;
let anon: Client;
let mutableClockOffset = 0;

before(async () => {
  s = await startTestServer({ clock: { now: () => new Date(Date.now() + mutableClockOffset) } });
  anon = apiClient(s.url);
});
after(async () => { await s.close(); });

async function user(handle: string): Promise<Seeded & { api: Client }> {
  const seeded = await seedAccount(s.ctx, handle);
  return { ...seeded, api: apiClient(s.url, seeded.token) };
}

const ids = (r: { body: Array<{ id: string }> }) => r.body.map((x) => x.id);
const post = async (u: { api: Client }, status: string, extra: Record<string, unknown> = {}) => {
  const r = await u.api.post('/api/v1/statuses', { status, ...extra });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id as string;
};
/** The next-page (or previous-page) URL of a Link header, as a path on the test server. */
function link(r: { headers: Headers }, rel: 'next' | 'prev'): string | null {
  const m = new RegExp(`<([^>]+)>; rel="${rel}"`).exec(r.headers.get('link') ?? '');
  if (!m) return null;
  const u = new URL(m[1]);
  return u.pathname + u.search;
}

test('home shows own posts and those of followed accounts, with their boosts, and nothing else', async () => {
  const [reader, friend, stranger] = [await user('h_reader'), await user('h_friend'), await user('h_stranger')];
  await reader.api.post(`/api/v1/accounts/${friend.account.id}/follow`);
  const own = await post(reader, 'my own');
  const fromFriend = await post(friend, 'from a friend');
  const friendPrivate = await post(friend, 'friends only', { visibility: 'private' });
  const friendDmToOther = await post(friend, 'dm @h_stranger', { visibility: 'direct' });
  const friendDmToMe = await post(friend, 'dm @h_reader', { visibility: 'direct' });
  const fromStranger = await post(stranger, 'from a stranger');
  const boost = (await friend.api.post(`/api/v1/statuses/${fromStranger}/reblog`)).body;
  const home = await reader.api.get('/api/v1/timelines/home');
  assert.equal(home.status, 200);
  assert.deepEqual(ids(home), [boost.id, friendDmToMe, friendPrivate, fromFriend, own]);
  assert.ok(!ids(home).includes(friendDmToOther) && !ids(home).includes(fromStranger));
  assert.equal(home.body[0].reblog.id, fromStranger);
  assert.equal((await anon.get('/api/v1/timelines/home')).status, 401);
});

test('home leaves out blocked and muted accounts, boosts of them, boosts turned off, and ends a mute when it expires', async () => {
  const [reader, friend, loud, troll] = [await user('m_reader'), await user('m_friend'), await user('m_loud'), await user('m_troll')];
  await reader.api.post(`/api/v1/accounts/${friend.account.id}/follow`);
  await reader.api.post(`/api/v1/accounts/${loud.account.id}/follow`, { reblogs: false });
  const trollPost = await post(troll, 'trolling');
  const friendBoostsTroll = (await friend.api.post(`/api/v1/statuses/${trollPost}/reblog`)).body.id;
  const loudPost = await post(loud, 'loud own post');
  const loudBoost = (await loud.api.post(`/api/v1/statuses/${trollPost}/reblog`)).body.id;
  let home = ids(await reader.api.get('/api/v1/timelines/home'));
  assert.ok(home.includes(friendBoostsTroll) && home.includes(loudPost));
  assert.ok(!home.includes(loudBoost), 'boosts turned off for this follow');

  await reader.api.post(`/api/v1/accounts/${troll.account.id}/mute`, { duration: 3600 });
  home = ids(await reader.api.get('/api/v1/timelines/home'));
  assert.ok(!home.includes(friendBoostsTroll), 'a boost of a muted account is hidden');
  mutableClockOffset = 2 * 3600 * 1000;
  try {
    home = ids(await reader.api.get('/api/v1/timelines/home'));
    assert.ok(home.includes(friendBoostsTroll), 'the mute has expired');
  } finally {
    mutableClockOffset = 0;
  }
  await reader.api.post(`/api/v1/accounts/${troll.account.id}/unmute`);
  await reader.api.post(`/api/v1/accounts/${troll.account.id}/block`);
  home = ids(await reader.api.get('/api/v1/timelines/home'));
  assert.ok(!home.includes(friendBoostsTroll), 'a boost of a blocked account is hidden');

  await reader.api.post(`/api/v1/accounts/${friend.account.id}/mute`);
  const friendPost = await post(friend, 'muted friend');
  assert.ok(!ids(await reader.api.get('/api/v1/timelines/home')).includes(friendPost));
  await reader.api.post(`/api/v1/accounts/${friend.account.id}/unmute`);
  assert.ok(ids(await reader.api.get('/api/v1/timelines/home')).includes(friendPost));
});

test('home pages are full even when a followed account posts many things the reader may not see', async () => {
  const [reader, friend, other] = [await user('f_reader'), await user('f_friend'), await user('f_other')];
  await reader.api.post(`/api/v1/accounts/${friend.account.id}/follow`);
  const visible = await post(friend, 'visible to the reader');
  for (let i = 0; i < 8; i++) await post(friend, `dm ${i} @f_other`, { visibility: 'direct' });
  void other;
  assert.deepEqual(ids(await reader.api.get('/api/v1/timelines/home?limit=2')), [visible]);
});

test('home paginates with max_id, since_id and min_id, and Link headers that lead through every page', async () => {
  const [reader, a, b] = [await user('p_reader'), await user('p_a'), await user('p_b')];
  await reader.api.post(`/api/v1/accounts/${a.account.id}/follow`);
  await reader.api.post(`/api/v1/accounts/${b.account.id}/follow`);
  const made: string[] = [];
  for (let i = 0; i < 9; i++) made.push(await post(i % 2 ? a : b, `page ${i}`));
  const newestFirst = [...made].reverse();
  const pages: string[][] = [];
  let next: string | null = '/api/v1/timelines/home?limit=4';
  while (next) {
    const r = await reader.api.get(next);
    if (r.body.length === 0) { assert.equal(r.headers.get('link'), null, 'an empty page has no Link'); break; }
    pages.push(ids(r));
    next = link(r, 'next');
    assert.ok(next === null || !next.includes('access_token'));
  }
  assert.deepEqual(pages, [newestFirst.slice(0, 4), newestFirst.slice(4, 8), newestFirst.slice(8)]);
  const second = await reader.api.get(`/api/v1/timelines/home?limit=4&max_id=${newestFirst[3]}`);
  const prev = link(second, 'prev')!;
  assert.match(prev, new RegExp(`min_id=${newestFirst[4]}`));
  assert.deepEqual(ids(await reader.api.get(prev)), newestFirst.slice(0, 4), 'prev is the page just above');
  assert.deepEqual(ids(await reader.api.get(`/api/v1/timelines/home?since_id=${made[2]}&limit=2`)), [made[8], made[7]], 'since_id: newest first');
  assert.deepEqual(ids(await reader.api.get(`/api/v1/timelines/home?min_id=${made[2]}&limit=2`)), [made[4], made[3]], 'min_id: just above');
  const big = await reader.api.get('/api/v1/timelines/home?limit=500');
  assert.equal(big.body.length, 9, 'a limit over 40 is lowered, not refused');
  assert.match(link(big, 'next')!, /limit=40/);
  assert.equal((await reader.api.get('/api/v1/timelines/home?limit=0')).status, 422);
  assert.equal((await reader.api.get('/api/v1/timelines/home?max_id=9223372036854775808')).status, 422);
  assert.equal((await reader.api.get('/api/v1/timelines/home?since_id=abc')).status, 422);
});

test('the public timeline: public posts only, no boosts, no replies to others; local, remote and only_media', async () => {
  const [poster, replier, muter] = [await user('pub_poster'), await user('pub_replier'), await user('pub_muter')];
  const root = await post(poster, 'public root');
  const thread = await post(poster, 'thread continues', { in_reply_to_id: root });
  const replyToOther = await post(replier, 'a reply to someone else', { in_reply_to_id: root });
  const unlisted = await post(poster, 'unlisted', { visibility: 'unlisted' });
  const boost = (await replier.api.post(`/api/v1/statuses/${root}/reblog`)).body.id;
  const data = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#00f' } }).png().toBuffer();
  const media = await s.ctx.media.ingest(poster.account.id, { data });
  const withMedia = await post(poster, 'a picture', { media_ids: [media.id] });
  const pub = ids(await anon.get('/api/v1/timelines/public?limit=40'));
  for (const id of [root, thread, withMedia]) assert.ok(pub.includes(id));
  for (const id of [replyToOther, unlisted, boost]) assert.ok(!pub.includes(id));
  assert.deepEqual(ids(await anon.get('/api/v1/timelines/public?local=true&limit=40')), pub, 'every post here is local');
  assert.deepEqual((await anon.get('/api/v1/timelines/public?remote=true')).body, []);
  assert.deepEqual(ids(await anon.get('/api/v1/timelines/public?only_media=true')), [withMedia]);
  const paged = await anon.get('/api/v1/timelines/public?only_media=true&limit=1');
  assert.match(link(paged, 'next')!, /only_media=true/, 'Link keeps the other parameters');
  await muter.api.post(`/api/v1/accounts/${poster.account.id}/mute`);
  assert.ok(!ids(await muter.api.get('/api/v1/timelines/public?limit=40')).some((id) => [root, thread, withMedia].includes(id)));
  assert.equal((await anon.get('/api/v1/timelines/public?only_media=perhaps')).status, 422);
});

test('hashtag timelines with any, all and none; case-insensitive; only public posts', async () => {
  const u = await user('tag_user');
  const cats = await post(u, 'I like #Cats');
  const both = await post(u, '#cats and #dogs');
  const dogs = await post(u, 'only #dogs');
  const birds = await post(u, '#birds and #cats');
  const hidden = await post(u, 'secret #cats', { visibility: 'private' });
  const unlisted = await post(u, 'quiet #cats', { visibility: 'unlisted' });
  const tag = (q: string) => anon.get(`/api/v1/timelines/tag/${q}`).then(ids);
  assert.deepEqual(await tag('cats'), [birds, both, cats]);
  assert.deepEqual(await tag('CATS'), [birds, both, cats]);
  assert.ok(!(await tag('cats')).includes(hidden) && !(await tag('cats')).includes(unlisted));
  assert.deepEqual(await tag('cats?any[]=dogs'), [birds, dogs, both, cats]);
  assert.deepEqual(await tag('cats?all[]=dogs'), [both]);
  assert.deepEqual(await tag('cats?none[]=dogs&none[]=birds'), [cats]);
  assert.deepEqual(await tag('cats?all[]=unknowntag'), []);
  assert.deepEqual(await tag('nosuchtag'), []);
  assert.equal((await anon.get('/api/v1/timelines/tag/%3Cscript%3E')).status, 200, 'a name no tag can have is an empty page');
  assert.equal((await anon.get('/api/v1/timelines/tag/cats?any[]=%3Cb%3E')).status, 422);
  const first = await anon.get('/api/v1/timelines/tag/cats?limit=2');
  assert.deepEqual(ids(await anon.get(link(first, 'next')!)), [cats]);
});

test("an account's posts: what the viewer may see, with only_media, exclude_replies, exclude_reblogs, tagged and pinned", async () => {
  const [author, follower, other] = [await user('acc_author'), await user('acc_follower'), await user('acc_other')];
  await follower.api.post(`/api/v1/accounts/${author.account.id}/follow`);
  const root = await post(other, 'something to reply to');
  const plain = await post(author, 'plain #news');
  const reply = await post(author, 'a reply', { in_reply_to_id: root });
  const selfReply = await post(author, 'continuing', { in_reply_to_id: plain });
  const priv = await post(author, 'followers only', { visibility: 'private' });
  const boost = (await author.api.post(`/api/v1/statuses/${root}/reblog`)).body.id;
  const path = `/api/v1/accounts/${author.account.id}/statuses`;
  assert.deepEqual(ids(await follower.api.get(path)), [boost, priv, selfReply, reply, plain]);
  assert.deepEqual(ids(await anon.get(path)), [boost, selfReply, reply, plain]);
  assert.deepEqual(ids(await follower.api.get(`${path}?exclude_replies=true`)), [boost, priv, selfReply, plain]);
  assert.deepEqual(ids(await follower.api.get(`${path}?exclude_reblogs=true&exclude_replies=1`)), [priv, selfReply, plain]);
  assert.deepEqual(ids(await anon.get(`${path}?tagged=news`)), [plain]);
  assert.deepEqual(ids(await anon.get(`${path}?only_media=true`)), []);
  assert.deepEqual((await anon.get(`${path}?pinned=true`)).body, []);
  await author.api.post(`/api/v1/accounts/${other.account.id}/block`);
  assert.deepEqual(ids(await other.api.get(path)), [], 'an account that blocks the viewer shows nothing');
  assert.equal((await anon.get('/api/v1/accounts/abc/statuses')).status, 404);
  assert.equal((await anon.get('/api/v1/accounts/99999999999999999999/statuses')).status, 404);
  assert.equal((await anon.get('/api/v1/accounts/123456/statuses')).status, 404);
});

test('bookmarks and favourites are paginated by when they were made, and only their owner sees them', async () => {
  const [reader, author] = [await user('bm_reader'), await user('bm_author')];
  const older = await post(author, 'older post');
  const newer = await post(author, 'newer post');
  const third = await post(author, 'third post');
  for (const id of [newer, older, third]) {
    await reader.api.post(`/api/v1/statuses/${id}/bookmark`);
    await reader.api.post(`/api/v1/statuses/${id}/favourite`);
  }
  for (const list of ['bookmarks', 'favourites']) {
    const first = await reader.api.get(`/api/v1/${list}?limit=2`);
    assert.deepEqual(ids(first), [third, older], `${list}: newest saved first, whatever the post's age`);
    const next = link(first, 'next')!;
    const table = list as 'bookmarks' | 'favourites';
    const rowOfOlder = await s.ctx.db.selectFrom(table).select('id').where('status_id', '=', older).where('account_id', '=', reader.account.id).executeTakeFirstOrThrow();
    assert.match(next, new RegExp(`max_id=${rowOfOlder.id}(&|$)`), `${list}: the cursor is the ${list} row id, not the post id`);
    assert.deepEqual(ids(await reader.api.get(next)), [newer]);
    assert.deepEqual((await author.api.get(`/api/v1/${list}`)).body, []);
    assert.equal((await anon.get(`/api/v1/${list}`)).status, 401);
  }
  await author.api.put(`/api/v1/statuses/${older}`, { status: 'older post, edited' });
  await author.api.delete(`/api/v1/statuses/${newer}`);
  assert.deepEqual(ids(await reader.api.get('/api/v1/bookmarks')), [third, older]);
});
