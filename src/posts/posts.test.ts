import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { KyselyPlugin } from 'kysely';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';
import { renderStatuses } from '../http/api/entities/status.js';

/**
 * Posts through the real API: rendering and limits, visibility for each audience, authorization on every
 * endpoint, edits, deletion, interactions and their counters, attachments, idempotency and bad input.
 */

let s: TestServer;
/** The server's clock, moved forward by tests that need a later day. */
let clockOffsetMs = 0;
let alice: Awaited<ReturnType<typeof seedAccount>>, bob: Awaited<ReturnType<typeof seedAccount>>, carol: Awaited<ReturnType<typeof seedAccount>>;
let A: ReturnType<typeof apiClient>, B: ReturnType<typeof apiClient>, C: ReturnType<typeof apiClient>, anon: ReturnType<typeof apiClient>;

before(async () => {
  s = await startTestServer({ clock: { now: () => new Date(Date.now() + clockOffsetMs) } });
  alice = await seedAccount(s.ctx, 'alice'); bob = await seedAccount(s.ctx, 'bob'); carol = await seedAccount(s.ctx, 'carol');
  A = apiClient(s.url, alice.token); B = apiClient(s.url, bob.token); C = apiClient(s.url, carol.token); anon = apiClient(s.url);
  assert.equal((await B.post(`/api/v1/accounts/${alice.account.id}/follow`)).status, 200);
});
after(async () => { await s.close(); });

const count = async (table: 'statuses' | 'status_edits' | 'media') => (await s.ctx.db.selectFrom(table).select('id').execute()).length;
const statusesCount = async (client: ReturnType<typeof apiClient>) => (await client.get('/api/v1/accounts/verify_credentials')).body.statuses_count as number;
const ids = (r: { body: Array<{ id: string }> }) => r.body.map((x) => x.id);

/** An image uploaded through the media service (seeding; uploads themselves are tested in src/media). */
async function upload(accountId: string, width = 12, height = 8): Promise<{ id: string; file_key: string }> {
  const data = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
  return s.ctx.media.ingest(accountId, { data, description: 'a red rectangle' });
}
const fileExists = (key: string) => fs.existsSync(path.join(s.ctx.mediaDir, key));

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

test('each visibility reaches its audience, and only what others may see is counted on the profile', async () => {
  const before = await statusesCount(A);
  const pub = (await A.post('/api/v1/statuses', { status: 'vis public' })).body;
  const unl = (await A.post('/api/v1/statuses', { status: 'vis unlisted', visibility: 'unlisted' })).body;
  const prv = (await A.post('/api/v1/statuses', { status: 'vis private', visibility: 'private' })).body;
  const dir = (await A.post('/api/v1/statuses', { status: 'vis direct @carol', visibility: 'direct' })).body;
  assert.deepEqual([pub.visibility, unl.visibility, prv.visibility, dir.visibility], ['public', 'unlisted', 'private', 'direct']);
  assert.deepEqual(await Promise.all([pub, unl, prv, dir].map(async (p) => (await anon.get(`/api/v1/statuses/${p.id}`)).status)), [200, 200, 404, 404]);
  assert.deepEqual(await Promise.all([pub, unl, prv, dir].map(async (p) => (await B.get(`/api/v1/statuses/${p.id}`)).status)), [200, 200, 200, 404], 'bob follows alice');
  assert.deepEqual(await Promise.all([pub, unl, prv, dir].map(async (p) => (await C.get(`/api/v1/statuses/${p.id}`)).status)), [200, 200, 404, 200], 'carol is mentioned in the direct post');
  const pubTl = ids(await anon.get('/api/v1/timelines/public?limit=40'));
  assert.ok(pubTl.includes(pub.id) && !pubTl.includes(unl.id) && !pubTl.includes(prv.id) && !pubTl.includes(dir.id), 'unlisted stays off the public timeline');
  const profileAnon = ids(await anon.get(`/api/v1/accounts/${alice.account.id}/statuses?limit=40`));
  assert.ok(profileAnon.includes(pub.id) && profileAnon.includes(unl.id) && !profileAnon.includes(prv.id) && !profileAnon.includes(dir.id));
  const profileBob = ids(await B.get(`/api/v1/accounts/${alice.account.id}/statuses?limit=40`));
  assert.ok(profileBob.includes(prv.id) && !profileBob.includes(dir.id));
  const homeBob = ids(await B.get('/api/v1/timelines/home?limit=40'));
  assert.ok(homeBob.includes(pub.id) && homeBob.includes(unl.id) && homeBob.includes(prv.id) && !homeBob.includes(dir.id));
  assert.equal(await statusesCount(A), before + 3, 'a direct message does not show in the public post count');
  assert.equal((await A.get('/api/v1/accounts/verify_credentials')).body.last_status_at, new Date().toISOString().slice(0, 10));
});

test('a status has the fields Mastodon clients read', async () => {
  const p = (await A.post('/api/v1/statuses', { status: 'shape', spoiler_text: 'cw', language: 'en' })).body;
  for (const key of ['id', 'created_at', 'in_reply_to_id', 'in_reply_to_account_id', 'sensitive', 'spoiler_text', 'visibility', 'language', 'uri', 'url',
    'replies_count', 'reblogs_count', 'favourites_count', 'edited_at', 'favourited', 'reblogged', 'muted', 'bookmarked', 'pinned', 'content', 'reblog',
    'application', 'account', 'media_attachments', 'mentions', 'tags', 'emojis', 'card', 'poll', 'filtered']) {
    assert.ok(key in p, `missing ${key}`);
  }
  assert.equal(p.sensitive, true, 'a content warning makes a post sensitive');
  assert.equal((await A.post('/api/v1/statuses', { status: 'cw', spoiler_text: 'cw', sensitive: false })).body.sensitive, true, 'whatever the client says');
  assert.equal((await A.post('/api/v1/statuses', { status: 'no cw', sensitive: true })).body.sensitive, true);
  assert.equal(p.language, 'en');
  assert.equal(p.url, `http://localhost:8080/@alice/${p.id}`);
  assert.equal(p.uri, `http://localhost:8080/users/alice/statuses/${p.id}`);
  assert.equal(p.account.id, alice.account.id);
  assert.deepEqual([p.application, p.card, p.poll, p.reblog, p.emojis, p.filtered], [null, null, null, null, [], []]);
  const seenByAnon = (await anon.get(`/api/v1/statuses/${p.id}`)).body;
  assert.ok(!('favourited' in seenByAnon), 'no viewer flags without a viewer');
});

test('replies count only when anyone may see them; a reply tells the author replied to', async () => {
  const root = (await A.post('/api/v1/statuses', { status: 'reply to me' })).body;
  const pubReply = (await C.post('/api/v1/statuses', { status: 'a public reply without a mention', in_reply_to_id: root.id })).body;
  assert.equal(pubReply.in_reply_to_account_id, alice.account.id);
  const privReply = (await C.post('/api/v1/statuses', { status: 'for my followers', in_reply_to_id: root.id, visibility: 'private' })).body;
  assert.equal((await A.get(`/api/v1/statuses/${root.id}`)).body.replies_count, 1, 'a followers-only reply is not counted');
  const notes = (await A.get('/api/v1/notifications?limit=80')).body;
  assert.ok(notes.some((n: any) => n.type === 'mention' && n.status.id === pubReply.id));
  assert.ok(!notes.some((n: any) => n.status?.id === privReply.id), 'alice cannot see the private reply, so is not told of it');
  assert.equal((await C.delete(`/api/v1/statuses/${pubReply.id}`)).status, 200);
  assert.equal((await A.get(`/api/v1/statuses/${root.id}`)).body.replies_count, 0);
  assert.equal((await C.post('/api/v1/statuses', { status: 'x', in_reply_to_id: '123456789' })).status, 404, 'a reply to nothing');
});

test('attachments: only the poster\'s own unattached uploads, at most four, deleted with the post', async () => {
  const mine = await Promise.all([1, 2, 3, 4, 5].map(() => upload(alice.account.id)));
  const bobs = await upload(bob.account.id);
  const statusesBefore = await count('statuses');
  const stolen = await A.post('/api/v1/statuses', { status: 'not mine', media_ids: [mine[0].id, bobs.id] });
  assert.equal(stolen.status, 422);
  assert.equal(await count('statuses'), statusesBefore, 'nothing written');
  assert.equal((await s.ctx.db.selectFrom('media').select('status_id').where('id', '=', mine[0].id).executeTakeFirstOrThrow()).status_id, null, 'the own upload was not kept attached either');
  assert.equal((await A.post('/api/v1/statuses', { status: 'five', media_ids: mine.map((m) => m.id) })).status, 422);
  const post = await A.post('/api/v1/statuses', { status: '', media_ids: [mine[1].id, mine[0].id] });
  assert.equal(post.status, 200, 'text may be empty when there are attachments');
  assert.equal(post.body.content, '');
  assert.deepEqual(post.body.media_attachments.map((m: any) => m.id), [mine[1].id, mine[0].id], 'in the order given');
  const m0 = post.body.media_attachments[1];
  assert.equal(m0.id, mine[0].id);
  assert.equal(m0.type, 'image');
  assert.equal(m0.url, `http://localhost:8080/media/${mine[0].file_key}`);
  assert.ok(m0.preview_url);
  assert.equal(m0.description, 'a red rectangle');
  assert.deepEqual(m0.meta.original, { width: 12, height: 8, size: '12x8', aspect: 1.5 });
  assert.equal((await B.post('/api/v1/statuses', { status: 'reuse', media_ids: [mine[0].id] })).status, 422, "someone else's attached media");
  assert.equal((await A.post('/api/v1/statuses', { status: 'reuse', media_ids: [mine[1].id] })).status, 422, 'already on a post');

  const edited = await A.put(`/api/v1/statuses/${post.body.id}`, { status: 'one picture less', media_ids: [mine[2].id, mine[1].id] });
  assert.equal(edited.status, 200);
  assert.deepEqual(edited.body.media_attachments.map((m: any) => m.id), [mine[2].id, mine[1].id]);
  const history = (await A.get(`/api/v1/statuses/${post.body.id}/history`)).body;
  assert.deepEqual(history.map((h: any) => h.media_attachments.map((m: any) => m.id)), [[mine[1].id], [mine[2].id, mine[1].id]], 'the removed attachment is gone from older versions too');
  assert.equal(await s.ctx.db.selectFrom('media').select('id').where('id', '=', mine[0].id).executeTakeFirst(), undefined, 'an attachment taken off is deleted');
  assert.ok(!fileExists(mine[0].file_key));

  assert.equal((await A.delete(`/api/v1/statuses/${post.body.id}`)).status, 200);
  assert.equal((await s.ctx.db.selectFrom('media').select('id').where('id', 'in', [mine[1].id, mine[2].id]).execute()).length, 0);
  assert.ok(!fileExists(mine[1].file_key) && !fileExists(mine[2].file_key), 'files go with the rows');
  assert.ok(fileExists(mine[3].file_key), 'unrelated uploads stay');
});

test('deleting a post removes its boosts and fixes every counter', async () => {
  const p = (await A.post('/api/v1/statuses', { status: 'to be deleted' })).body;
  const bobBefore = await statusesCount(B);
  const boost = (await B.post(`/api/v1/statuses/${p.id}/reblog`)).body;
  assert.equal(await statusesCount(B), bobBefore + 1, 'a boost counts as a post of the booster');
  await C.post(`/api/v1/statuses/${p.id}/favourite`);
  await C.post(`/api/v1/statuses/${p.id}/bookmark`);
  const reply = (await B.post('/api/v1/statuses', { status: 'reply to deleted', in_reply_to_id: p.id })).body;
  const aliceBefore = await statusesCount(A);
  assert.equal((await A.delete(`/api/v1/statuses/${p.id}`)).status, 200);
  assert.equal(await statusesCount(A), aliceBefore - 1);
  assert.equal(await statusesCount(B), bobBefore + 1, 'the boost is gone, the reply stays');
  assert.equal((await B.get(`/api/v1/statuses/${boost.id}`)).status, 404);
  assert.equal((await B.get(`/api/v1/statuses/${reply.id}`)).body.in_reply_to_id, null);
  assert.ok(!ids(await C.get('/api/v1/favourites')).includes(p.id));
  assert.ok(!ids(await C.get('/api/v1/bookmarks')).includes(p.id));
  assert.ok(!(await A.get('/api/v1/notifications?limit=80')).body.some((n: any) => n.status?.id === p.id), 'its notifications go too');
  assert.ok(!ids(await B.get('/api/v1/timelines/home?limit=40')).includes(boost.id));
  assert.equal((await A.delete(`/api/v1/statuses/${p.id}`)).status, 404, 'deleting twice');
});

test('an edit keeps visibility, notifies newly mentioned accounts once, and a refused edit changes nothing', async () => {
  const p = (await A.post('/api/v1/statuses', { status: 'followers only', visibility: 'private' })).body;
  await A.put(`/api/v1/statuses/${p.id}`, { status: 'followers only, hi @carol', visibility: 'public' });
  const after = (await A.get(`/api/v1/statuses/${p.id}`)).body;
  assert.equal(after.visibility, 'private', 'visibility cannot be changed by an edit');
  assert.deepEqual(after.mentions.map((m: any) => m.username), ['carol']);
  assert.equal((await C.get(`/api/v1/statuses/${p.id}`)).status, 200, 'a mentioned account may see it');
  await A.put(`/api/v1/statuses/${p.id}`, { status: 'followers only, hi again @carol' });
  const notes = (await C.get('/api/v1/notifications?limit=80')).body.filter((n: any) => n.status?.id === p.id);
  assert.deepEqual(notes.map((n: any) => n.type), ['mention']);
  const editsBefore = await count('status_edits');
  assert.equal((await A.put(`/api/v1/statuses/${p.id}`, { status: 'y'.repeat(501) })).status, 422);
  assert.equal((await A.put(`/api/v1/statuses/${p.id}`, { status: '' })).status, 422);
  assert.equal(await count('status_edits'), editsBefore);
  assert.equal((await A.get(`/api/v1/statuses/${p.id}`)).body.content.includes('hi again'), true);
  const history = (await A.get(`/api/v1/statuses/${p.id}/history`)).body;
  assert.equal(history.length, 3);
  assert.equal(history[0].content, '<p>followers only</p>');
  assert.equal((await anon.get(`/api/v1/statuses/${p.id}/history`)).status, 404, 'history is as private as the post');
  assert.equal((await C.put(`/api/v1/statuses/${p.id}`, { status: 'mine now' })).status, 404);
  const never = (await A.post('/api/v1/statuses', { status: 'never edited' })).body;
  assert.equal(never.edited_at, null);
  assert.deepEqual((await A.get(`/api/v1/statuses/${never.id}/history`)).body.map((h: any) => h.content), ['<p>never edited</p>']);
});

test("a boost's id stands for the boosted post; private and direct posts cannot be boosted", async () => {
  const p = (await A.post('/api/v1/statuses', { status: 'boost target' })).body;
  const boost = (await B.post(`/api/v1/statuses/${p.id}/reblog`)).body;
  assert.equal(boost.reblog.id, p.id);
  assert.equal(boost.reblog.reblogged, true);
  const fav = await C.post(`/api/v1/statuses/${boost.id}/favourite`);
  assert.equal(fav.body.id, p.id);
  assert.equal(fav.body.favourites_count, 1);
  assert.equal((await C.post(`/api/v1/statuses/${boost.id}/bookmark`)).body.id, p.id);
  assert.equal((await C.post(`/api/v1/statuses/${boost.id}/reblog`)).body.reblog.id, p.id, 'boosting a boost boosts the post');
  assert.equal((await A.get(`/api/v1/statuses/${p.id}`)).body.reblogs_count, 2);
  const unlisted = (await A.post('/api/v1/statuses', { status: 'quiet', visibility: 'unlisted' })).body;
  assert.equal((await B.post(`/api/v1/statuses/${unlisted.id}/reblog`)).status, 200);
  const dm = (await A.post('/api/v1/statuses', { status: 'dm @bob', visibility: 'direct' })).body;
  assert.equal((await B.post(`/api/v1/statuses/${dm.id}/reblog`)).status, 403);
  assert.equal((await A.post(`/api/v1/statuses/${dm.id}/reblog`)).status, 403, 'not even by its author');
  for (let i = 0; i < 2; i++) {
    const r = await C.post(`/api/v1/statuses/${p.id}/unreblog`);
    assert.equal(r.status, 200);
    assert.equal(r.body.reblogs_count, 1);
    assert.equal(r.body.reblogged, false);
  }
  const favBy = await anon.get(`/api/v1/statuses/${p.id}/favourited_by`);
  assert.deepEqual(favBy.body.map((a: any) => a.username), ['carol']);
  assert.deepEqual((await anon.get(`/api/v1/statuses/${p.id}/reblogged_by`)).body.map((a: any) => a.username), ['bob']);
  const priv = (await A.post('/api/v1/statuses', { status: 'private', visibility: 'private' })).body;
  await B.post(`/api/v1/statuses/${priv.id}/favourite`);
  assert.equal((await C.get(`/api/v1/statuses/${priv.id}/favourited_by`)).status, 404, 'who favourited an invisible post is not told');
  assert.deepEqual((await A.get(`/api/v1/statuses/${priv.id}/favourited_by`)).body.map((a: any) => a.username), ['bob']);
});

test('concurrent favourites, boosts and idempotent posts keep counts exact', async () => {
  const p = (await A.post('/api/v1/statuses', { status: 'popular' })).body;
  const fans = await Promise.all(Array.from({ length: 12 }, (_, i) => seedAccount(s.ctx, `fan${i}`)));
  const clients = fans.map((f) => apiClient(s.url, f.token));
  const favs = await Promise.all(clients.flatMap((c) => [c.post(`/api/v1/statuses/${p.id}/favourite`), c.post(`/api/v1/statuses/${p.id}/favourite`)]));
  assert.ok(favs.every((r) => r.status === 200));
  assert.equal((await A.get(`/api/v1/statuses/${p.id}`)).body.favourites_count, 12);
  await Promise.all(clients.map((c) => c.post(`/api/v1/statuses/${p.id}/unfavourite`)));
  assert.equal((await A.get(`/api/v1/statuses/${p.id}`)).body.favourites_count, 0);
  const fan = clients[0];
  const boosts = await Promise.all(Array.from({ length: 6 }, () => fan.post(`/api/v1/statuses/${p.id}/reblog`)));
  assert.ok(boosts.every((r) => r.status === 200));
  assert.equal(new Set(boosts.map((r) => r.body.id)).size, 1, 'one boost however many requests');
  assert.equal((await A.get(`/api/v1/statuses/${p.id}`)).body.reblogs_count, 1);
  assert.equal(await statusesCount(fan), 1);
  const posts = await Promise.all(Array.from({ length: 5 }, () => fan.post('/api/v1/statuses', { status: 'retry storm' }, { 'idempotency-key': 'same-key' })));
  assert.ok(posts.every((r) => r.status === 200));
  assert.equal(new Set(posts.map((r) => r.body.id)).size, 1);
  assert.equal(await statusesCount(fan), 2);
});

test('an Idempotency-Key is remembered for a day, and a long key works like a short one', async () => {
  const long = 'k'.repeat(300);
  const first = (await A.post('/api/v1/statuses', { status: 'daily' }, { 'idempotency-key': long })).body;
  assert.equal((await A.post('/api/v1/statuses', { status: 'daily' }, { 'idempotency-key': long })).body.id, first.id);
  clockOffsetMs = 2 * 86_400_000;
  try {
    const later = (await A.post('/api/v1/statuses', { status: 'daily' }, { 'idempotency-key': long })).body;
    assert.notEqual(later.id, first.id, 'two days later the key makes a new post');
    assert.equal((await A.post('/api/v1/statuses', { status: 'daily' }, { 'idempotency-key': long })).body.id, later.id);
  } finally {
    clockOffsetMs = 0;
  }
});

test('rendering a page of posts takes the same number of queries for 3 posts as for 40', async () => {
  const made: string[] = [];
  for (let i = 0; i < 40; i++) {
    const r = await (i % 2 ? B : A).post('/api/v1/statuses', { status: `batch ${i} @carol #batch`, ...(i % 5 === 0 ? { visibility: 'unlisted' } : {}) });
    made.push(r.body.id);
  }
  for (const id of made.slice(0, 10)) await C.post(`/api/v1/statuses/${id}/reblog`);
  const boostIds = (await s.ctx.db.selectFrom('statuses').select('id').where('reblog_of_id', 'in', made.slice(0, 10)).execute()).map((r) => r.id);
  const queriesFor = async (pageIds: string[]) => {
    let n = 0;
    // Counted per result: a statement with subqueries or UNION ALL is one round trip.
    const counter: KyselyPlugin = { transformQuery: (a) => a.node, transformResult: async (a) => { n++; return a.result; } };
    const rendered = await renderStatuses({ ...s.ctx, db: s.ctx.db.withPlugin(counter) }, carol.account.id, pageIds);
    assert.equal(rendered.length, pageIds.length);
    return n;
  };
  const small = await queriesFor([boostIds[0], ...made.slice(10, 12)]);
  const large = await queriesFor([...boostIds, ...made.slice(10)]);
  assert.equal(large, small, 'a boost page costs the same whatever its size');
  assert.ok(small <= 5, `${small} queries: posts with what they boost, authors, media, and mentions, tags and the viewer's flags together`);
  assert.equal(await queriesFor(made.slice(10, 13)), small, 'the same without boosts');
});

test('posting needs a write token and is rate limited per account', async () => {
  const readOnly = await s.ctx.sessions.issue({ kind: 'oauth', accountId: alice.account.id, appId: null, scopes: ['read'], ttlDays: 1 });
  assert.equal((await apiClient(s.url, readOnly.token).post('/api/v1/statuses', { status: 'x' })).status, 403);
  assert.equal((await anon.post('/api/v1/statuses', { status: 'x' })).status, 401);
  const limited = await startTestServer({ env: { RATE_LIMITS: 'true' } });
  try {
    const dan = await seedAccount(limited.ctx, 'dan');
    const eve = await seedAccount(limited.ctx, 'eve');
    const { RATE_LIMITS } = await import('../security/rate-limit.js');
    for (let i = 0; i < RATE_LIMITS.post.max; i++) await limited.ctx.rateLimiter.allow('post', `account:${dan.account.id}`, RATE_LIMITS.post);
    const r = await apiClient(limited.url, dan.token).post('/api/v1/statuses', { status: 'one too many' });
    assert.equal(r.status, 429);
    assert.equal((await limited.ctx.db.selectFrom('statuses').select('id').execute()).length, 0);
    assert.equal((await apiClient(limited.url, eve.token).post('/api/v1/statuses', { status: 'eve is fine' })).status, 200);
  } finally {
    await limited.close();
  }
});

test('ids that cannot exist and unsupported fields are 4xx with nothing written', async () => {
  const before = await count('statuses');
  for (const p of ['/api/v1/statuses/99999999999999999999', '/api/v1/statuses/9223372036854775808/context', '/api/v1/statuses/12abc/history', '/api/v1/statuses/%20/favourited_by']) {
    assert.equal((await B.get(p)).status, 404, p);
  }
  for (const p of ['favourite', 'reblog', 'bookmark', 'unfavourite']) assert.equal((await B.post(`/api/v1/statuses/abc/${p}`)).status, 404, p);
  assert.equal((await B.put('/api/v1/statuses/abc', { status: 'x' })).status, 404);
  assert.equal((await B.delete('/api/v1/statuses/99999999999999999999')).status, 404);
  assert.equal((await B.post('/api/v1/statuses', { status: 'x', in_reply_to_id: 'abc' })).status, 422);
  assert.equal((await B.post('/api/v1/statuses', { status: 'x', media_ids: ['99999999999999999999'] })).status, 422);
  assert.equal((await B.post('/api/v1/statuses', { status: 'x', poll: { options: ['a', 'b'], expires_in: 300 } })).status, 422);
  assert.equal((await B.post('/api/v1/statuses', { status: 'x', scheduled_at: '2030-01-01T00:00:00Z' })).status, 422);
  assert.equal((await B.post('/api/v1/statuses', { status: 'x', language: 'not a language' })).status, 422);
  assert.equal((await B.post('/api/v1/statuses', { status: 'x', sensitive: 'maybe' })).status, 422);
  assert.equal((await B.get('/api/v1/statuses/1/favourited_by?limit=-1')).status, 404, 'an unknown post comes before a bad limit');
  assert.equal(await count('statuses'), before);
  const form = await fetch(`${s.url}/api/v1/statuses`, {
    method: 'POST', headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'status=from+a+form&visibility=unlisted&sensitive=true&spoiler_text=cw',
  });
  const made = await form.json();
  assert.equal(form.status, 200);
  assert.deepEqual([made.content, made.visibility, made.sensitive, made.spoiler_text], ['<p>from a form</p>', 'unlisted', true, 'cw']);
});
