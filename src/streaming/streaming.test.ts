import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';
import { authorChannel, hashtagChannel, PUBLIC_CHANNEL, userChannel } from '../events/channels.js';

/**
 * The streaming API over the wire, as Mastodon clients use it: WebSocket (token as subprotocol or parameter,
 * subscribe/unsubscribe messages) and Server-Sent Events; what each viewer may and may not receive.
 */

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

interface Frame { stream?: string[]; event?: string; payload?: string; error?: string; status?: number }
type Client = ReturnType<typeof apiClient>;

const wsUrl = (query = '') => `${s.url.replace('http', 'ws')}/api/v1/streaming${query}`;

/** A WebSocket client that records frames. */
async function wsClient(token: string | null, query = '') {
  const frames: Frame[] = [];
  const ws = new WebSocket(wsUrl(query), token ? [token] : []);
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
  });
  const updates = (stream?: string) => frames
    .filter((f) => f.event === 'update' && (!stream || f.stream?.[0] === stream))
    .map((f) => JSON.parse(f.payload!));
  return { ws, frames, updates, send: (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}

/** Opens a WebSocket that the server should refuse; resolves with the HTTP status of the refusal. */
function refusedStatus(url: string, protocols: string[] = [], headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
    ws.once('open', () => { ws.close(); reject(new Error('the connection was accepted')); });
    ws.once('error', () => undefined);
  });
}

/** Reads Server-Sent Events from a streaming endpoint until stopped. */
function sseClient(path: string, token: string | null) {
  const events: Array<{ event: string; data: string }> = [];
  const comments: string[] = [];
  const controller = new AbortController();
  let status = 0;
  const done = (async () => {
    const res = await fetch(`${s.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
    status = res.status;
    assert.match(res.headers.get('content-type')!, /text\/event-stream/);
    const reader = res.body!.getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += Buffer.from(value).toString('utf8');
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i); buf = buf.slice(i + 2);
        if (block.startsWith(':')) { comments.push(block); continue; }
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data });
      }
    }
  })().catch(() => undefined);
  return {
    events, comments, status: () => status,
    updates: () => events.filter((e) => e.event === 'update').map((e) => JSON.parse(e.data)),
    stop: () => { controller.abort(); return done; },
  };
}

async function until(cond: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Connections in this process listening to a channel. */
const listening = (channel: string) => s.ctx.streaming.listeners(channel);

/** Gives anything that should NOT arrive a fair chance to arrive. */
const settle = () => new Promise((r) => setTimeout(r, 300));

async function people(...handles: string[]) {
  const out: Array<{ id: string; token: string; api: Client }> = [];
  for (const h of handles) {
    const { account, token } = await seedAccount(s.ctx, h);
    out.push({ id: account.id, token, api: apiClient(s.url, token) });
  }
  return out;
}

async function post(who: { api: Client }, status: string, extra: Record<string, unknown> = {}) {
  const res = await who.api.post('/api/v1/statuses', { status, ...extra });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { id: string };
}

test('a WebSocket home stream gets posts of followed accounts and own posts, not others; then notifications and deletes', async () => {
  const [alice, bob, carol] = await people('ws_alice', 'ws_bob', 'ws_carol');
  await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
  const client = await wsClient(bob.token);
  client.send({ type: 'subscribe', stream: 'user' });
  await until(() => listening(authorChannel(alice.id)) === 1 && listening(authorChannel(bob.id)) === 1, 'the home stream to listen');
  assert.equal(listening(authorChannel(carol.id)), 0, 'no channel for an account bob does not follow');

  const hello = await post(alice, 'streamed hello');
  await post(carol, 'carol is not followed');
  const own = await post(bob, 'my own post');
  await post(carol, 'hi @ws_bob');
  await until(() => client.updates().length === 2 && client.frames.some((f) => f.event === 'notification'), 'two updates and a notification');
  await settle();

  const updates = client.updates();
  assert.deepEqual(updates.map((u) => u.id).sort(), [hello.id, own.id].sort());
  const frame = client.frames.find((f) => f.event === 'update')!;
  assert.deepEqual(frame.stream, ['user']);
  assert.equal(typeof frame.payload, 'string', 'the payload is JSON text, as Mastodon sends it');
  const entity = updates.find((u) => u.id === hello.id);
  assert.equal(entity.account.username, 'ws_alice');
  assert.equal(entity.content.includes('streamed hello'), true);
  assert.equal(entity.favourited, false);
  assert.equal(entity.reblogged, false);
  assert.equal(entity.bookmarked, false);

  const note = JSON.parse(client.frames.find((f) => f.event === 'notification')!.payload!);
  assert.equal(note.type, 'mention');
  assert.equal(note.account.username, 'ws_carol');
  assert.deepEqual(client.frames.find((f) => f.event === 'notification')!.stream, ['user']);

  await alice.api.delete(`/api/v1/statuses/${hello.id}`);
  await until(() => client.frames.some((f) => f.event === 'delete'), 'delete');
  const del = client.frames.find((f) => f.event === 'delete')!;
  assert.equal(del.payload, hello.id);
  assert.deepEqual(del.stream, ['user']);

  client.ws.close();
  await until(() => listening(authorChannel(alice.id)) === 0 && listening(userChannel(bob.id)) === 0, 'unsubscription on close');
  assert.equal(s.ctx.bus.localSubscribers(authorChannel(alice.id)), 0, 'the bus subscription ends with the last connection');
});

test('followers-only posts reach followers only; a follow made while streaming starts delivery, an unfollow stops it', async () => {
  const [alice, bob, carol] = await people('wf_alice', 'wf_bob', 'wf_carol');
  const bobWs = await wsClient(bob.token, '?stream=user');
  const carolWs = await wsClient(carol.token);
  carolWs.send({ type: 'subscribe', stream: 'user' });
  carolWs.send({ type: 'subscribe', stream: 'public' });
  await until(() => listening(userChannel(bob.id)) === 1 && listening(userChannel(carol.id)) === 1 && listening(PUBLIC_CHANNEL) >= 1, 'subscriptions');

  assert.equal((await bob.api.post(`/api/v1/accounts/${alice.id}/follow`)).status, 200);
  await until(() => listening(authorChannel(alice.id)) === 1, 'the stream to follow the new author');
  const priv = await post(alice, 'followers only', { visibility: 'private' });
  const pub = await post(alice, 'for everyone');
  await until(() => bobWs.updates().length === 2 && carolWs.updates('public').length === 1, 'deliveries');
  await settle();
  assert.deepEqual(bobWs.updates().map((u) => u.id).sort(), [priv.id, pub.id].sort());
  assert.equal(bobWs.updates().find((u) => u.id === priv.id).visibility, 'private');
  assert.deepEqual(carolWs.updates('public').map((u) => u.id), [pub.id], 'the public stream never carries a followers-only post');
  assert.deepEqual(carolWs.updates('user'), [], 'carol follows nobody');

  await bob.api.post(`/api/v1/accounts/${alice.id}/unfollow`);
  await until(() => listening(authorChannel(alice.id)) === 0, 'the stream to drop the author');
  await post(alice, 'after the unfollow', { visibility: 'private' });
  await settle();
  assert.equal(bobWs.updates().length, 2);
  bobWs.ws.close(); carolWs.ws.close();
});

test('a direct post reaches the accounts it mentions, not other followers of its author', async () => {
  const [alice, bob, carol] = await people('wd_alice', 'wd_bob', 'wd_carol');
  await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
  await carol.api.post(`/api/v1/accounts/${alice.id}/follow`);
  const bobWs = await wsClient(bob.token, '?stream=user');
  const carolWs = await wsClient(carol.token, '?stream=user');
  await until(() => listening(authorChannel(alice.id)) === 2, 'both home streams');
  const dm = await post(alice, '@wd_carol a secret for you', { visibility: 'direct' });
  await until(() => carolWs.updates().length === 1, 'the direct post');
  await settle();
  assert.equal(carolWs.updates()[0].id, dm.id);
  assert.deepEqual(bobWs.updates(), [], 'a follower who is not mentioned gets nothing');

  await alice.api.delete(`/api/v1/statuses/${dm.id}`);
  const pub = await post(alice, 'a public post after the deletion');
  await alice.api.delete(`/api/v1/statuses/${pub.id}`);
  await until(() => carolWs.frames.filter((f) => f.event === 'delete').length === 2 && bobWs.frames.some((f) => f.event === 'delete'), 'deletions');
  await settle();
  assert.deepEqual(carolWs.frames.filter((f) => f.event === 'delete').map((f) => f.payload), [dm.id, pub.id]);
  assert.deepEqual(bobWs.frames.filter((f) => f.event === 'delete').map((f) => f.payload), [pub.id], 'nor learns that a direct post was deleted');
  bobWs.ws.close(); carolWs.ws.close();
});

test('mutes, blocks and boosts: muted authors and blocked originals are filtered, show_reblogs=false hides boosts', async () => {
  const [alice, bob, dave, mallory] = await people('wm_alice', 'wm_bob', 'wm_dave', 'wm_mallory');
  await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
  await bob.api.post(`/api/v1/accounts/${dave.id}/follow`, { reblogs: false });
  await bob.api.post(`/api/v1/accounts/${mallory.id}/follow`);
  const bobWs = await wsClient(bob.token, '?stream=user');
  await until(() => listening(authorChannel(mallory.id)) === 1, 'home stream');

  assert.equal((await bob.api.post(`/api/v1/accounts/${mallory.id}/mute`)).status, 200);
  const muted = await post(mallory, 'from a muted account');
  const fine = await post(alice, 'from alice');
  await until(() => bobWs.updates().length >= 1, 'alice post');

  // Alice boosts a post by an account bob blocks: filtered. Dave boosts: bob turned dave's boosts off.
  const [eve] = await people('wm_eve');
  const evePost = await post(eve, 'eve writes');
  await bob.api.post(`/api/v1/accounts/${eve.id}/block`);
  await alice.api.post(`/api/v1/statuses/${evePost.id}/reblog`);
  const davesBoost = await dave.api.post(`/api/v1/statuses/${fine.id}/reblog`);
  assert.equal(davesBoost.status, 200);
  const davesOwn = await post(dave, 'dave writes');
  const other = await post(alice, 'another public post');
  const alicesBoost = (await alice.api.post(`/api/v1/statuses/${davesOwn.id}/reblog`)).body;
  await until(() => bobWs.updates().length === 4, 'four deliveries');
  await settle();
  const ids = bobWs.updates().map((u) => u.id);
  assert.deepEqual(ids.sort(), [fine.id, davesOwn.id, other.id, alicesBoost.id].sort());
  assert.ok(!ids.includes(muted.id));
  const boost = bobWs.updates().find((u) => u.id === alicesBoost.id);
  assert.equal(boost.reblog.id, davesOwn.id);
  assert.equal(boost.reblog.reblogged, false);
  bobWs.ws.close();
});

test('an edit arrives as status.update with the viewer\'s own flags', async () => {
  const [alice, bob] = await people('we_alice', 'we_bob');
  await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
  const original = await post(alice, 'first version');
  await bob.api.post(`/api/v1/statuses/${original.id}/favourite`);
  const bobWs = await wsClient(bob.token, '?stream=user');
  await until(() => listening(authorChannel(alice.id)) === 1, 'home stream');
  assert.equal((await alice.api.put(`/api/v1/statuses/${original.id}`, { status: 'second version' })).status, 200);
  await until(() => bobWs.frames.some((f) => f.event === 'status.update'), 'status.update');
  const edited = JSON.parse(bobWs.frames.find((f) => f.event === 'status.update')!.payload!);
  assert.equal(edited.id, original.id);
  assert.match(edited.content, /second version/);
  assert.equal(edited.favourited, true, 'bob favourited it');
  assert.ok(edited.edited_at);
  bobWs.ws.close();
});

test('public streams carry public posts only: no unlisted, followers-only, direct posts or boosts; anonymous viewers too', async () => {
  const [alice, bob] = await people('wp_alice', 'wp_bob');
  const anon = await wsClient(null, '?stream=public');
  const local = await wsClient(bob.token, '?stream=public:local');
  const media = await wsClient(bob.token, '?stream=public:media');
  await until(() => listening(PUBLIC_CHANNEL) >= 3, 'public subscriptions');
  const pub = await post(alice, 'a public post');
  await post(alice, 'an unlisted post', { visibility: 'unlisted' });
  await post(alice, 'a private post', { visibility: 'private' });
  await post(alice, '@wp_bob a direct post', { visibility: 'direct' });
  await bob.api.post(`/api/v1/statuses/${pub.id}/reblog`);
  const last = await post(alice, 'the last public post');
  await until(() => anon.updates().length === 2 && local.updates().length === 2, 'public deliveries');
  await settle();
  assert.deepEqual(anon.updates().map((u) => u.id), [pub.id, last.id]);
  assert.deepEqual(local.updates().map((u) => u.id), [pub.id, last.id]);
  assert.deepEqual(local.frames.find((f) => f.event === 'update')!.stream, ['public:local']);
  assert.equal('favourited' in anon.updates()[0], false, 'an anonymous viewer gets no viewer flags');
  assert.equal(local.updates()[0].favourited, false);
  assert.deepEqual(media.updates(), [], 'the media stream skips posts without media');
  anon.ws.close(); local.ws.close(); media.ws.close();
});

test('hashtag streams, subscribe and unsubscribe messages, and refused messages', async () => {
  const [alice, bob] = await people('wt_alice', 'wt_bob');
  const client = await wsClient(bob.token);
  client.send({ type: 'subscribe', stream: 'hashtag', tag: 'Surge' });
  client.send({ type: 'subscribe', stream: 'hashtag:local', tag: 'other' });
  await until(() => listening(hashtagChannel('surge')) === 1 && listening(hashtagChannel('other')) === 1, 'hashtag subscriptions');
  const tagged = await post(alice, 'the #SURGE begins');
  await post(alice, 'no tag here');
  await post(alice, 'a private #surge', { visibility: 'private' });
  const other = await post(alice, 'something #other');
  await until(() => client.updates().length === 2, 'tagged posts');
  await settle();
  assert.deepEqual(client.updates().map((u) => u.id), [tagged.id, other.id]);
  assert.deepEqual(client.frames.find((f) => f.event === 'update')!.stream, ['hashtag', 'Surge']);
  assert.deepEqual(client.frames.filter((f) => f.event === 'update')[1].stream, ['hashtag:local', 'other']);

  client.send({ type: 'unsubscribe', stream: 'hashtag', tag: 'surge' });
  await until(() => listening(hashtagChannel('surge')) === 0, 'unsubscription');
  await post(alice, 'more #surge');
  await settle();
  assert.equal(client.updates().length, 2);

  for (const bad of [{ type: 'subscribe', stream: 'nonsense' }, { type: 'subscribe', stream: 'hashtag' }, { type: 'subscribe', stream: 'hashtag', tag: 'a b' }, { type: 'dance' }, 'not json', '[]', 'null']) {
    const before = client.frames.filter((f) => f.error).length;
    client.send(bad);
    await until(() => client.frames.filter((f) => f.error).length === before + 1, `an error frame for ${JSON.stringify(bad)}`);
    assert.equal(client.frames.at(-1)!.status, 400);
  }
  assert.equal(client.ws.readyState, WebSocket.OPEN, 'a refused message does not close the connection');
  client.ws.close();
});

test('tokens: a bad token is refused with 401 before the upgrade; user streams need one; scopes are enforced', async () => {
  assert.equal(await refusedStatus(wsUrl(), ['not-a-valid-token']), 401);
  assert.equal(await refusedStatus(wsUrl('?access_token=nope&stream=public')), 401);
  assert.equal(await refusedStatus(wsUrl('?stream=public'), [], { authorization: 'Bearer nope' }), 401);
  assert.equal((await fetch(`${s.url}/api/v1/streaming/user`)).status, 401);
  assert.equal((await fetch(`${s.url}/api/v1/streaming/user`, { headers: { authorization: 'Bearer nope' } })).status, 401);
  assert.equal((await fetch(`${s.url}/api/v1/streaming/public?access_token=nope`)).status, 401);
  const health = await fetch(`${s.url}/api/v1/streaming/health`);
  assert.equal(health.status, 200);
  assert.equal(await health.text(), 'OK');

  const anon = await wsClient(null);
  anon.send({ type: 'subscribe', stream: 'user' });
  await until(() => anon.frames.some((f) => f.error), 'an error frame');
  assert.deepEqual(anon.frames[0], { error: 'Missing access token', status: 401 });
  anon.ws.close();

  // The token as a parameter works as well as the subprotocol.
  const [alice] = await people('wk_alice');
  const byParam = await wsClient(null, `?access_token=${alice.token}&stream=user`);
  await until(() => listening(userChannel(alice.id)) === 1, 'the parameter token subscribes');
  byParam.ws.close();

  // A token without read:statuses may not open the home stream; without read:notifications it gets no notifications.
  const writeOnly = (await s.ctx.sessions.issue({ kind: 'oauth', accountId: alice.id, appId: null, scopes: ['write'], ttlDays: 1 })).token;
  const sse = await fetch(`${s.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${writeOnly}` } });
  assert.equal(sse.status, 403);
  const ws = await wsClient(writeOnly, '?stream=user');
  await until(() => ws.frames.some((f) => f.error), 'a scope error');
  assert.equal(ws.frames[0].status, 403);
  ws.ws.close();

  const [bob] = await people('wk_bob');
  const statusesOnly = (await s.ctx.sessions.issue({ kind: 'oauth', accountId: alice.id, appId: null, scopes: ['read:statuses'], ttlDays: 1 })).token;
  const limited = await wsClient(statusesOnly, '?stream=user');
  await until(() => listening(userChannel(alice.id)) === 1, 'home stream');
  await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
  const own = await post(alice, 'still streamed');
  await until(() => limited.updates().length === 1, 'the post');
  await settle();
  assert.equal(limited.updates()[0].id, own.id);
  assert.equal(limited.frames.some((f) => f.event === 'notification'), false, 'no notifications without read:notifications');
  limited.ws.close();
});

test('Server-Sent Events: the home stream gets posts and notifications, the public and hashtag streams theirs', async () => {
  const [alice, bob] = await people('sse_alice', 'sse_bob');
  await bob.api.post(`/api/v1/accounts/${alice.id}/follow`);
  const home = sseClient('/api/v1/streaming/user', bob.token);
  const notes = sseClient('/api/v1/streaming/user/notification', bob.token);
  const pub = sseClient('/api/v1/streaming/public', null);
  const tag = sseClient('/api/v1/streaming/hashtag?tag=ssetag', bob.token);
  const priv = sseClient('/api/v1/streaming/public/local', alice.token);
  await until(() => listening(authorChannel(alice.id)) === 1 && listening(userChannel(bob.id)) === 2 && listening(hashtagChannel('ssetag')) === 1, 'SSE subscriptions');

  const first = await post(alice, 'over SSE #ssetag');
  const secret = await post(alice, 'followers only over SSE', { visibility: 'private' });
  await alice.api.post(`/api/v1/accounts/${bob.id}/follow`);
  await until(() => home.updates().length === 2 && home.events.some((e) => e.event === 'notification') && notes.events.length === 1
    && tag.updates().length === 1 && pub.updates().some((u) => u.id === first.id), 'SSE events');
  await settle();
  assert.deepEqual(home.updates().map((u) => u.id).sort(), [first.id, secret.id].sort());
  assert.equal(JSON.parse(home.events.find((e) => e.event === 'notification')!.data).type, 'follow');
  assert.equal(notes.events[0].event, 'notification', 'the notification stream carries notifications only');
  assert.deepEqual(tag.updates().map((u) => u.id), [first.id]);
  assert.ok(!pub.updates().some((u) => u.id === secret.id));
  assert.ok(!priv.updates().some((u) => u.id === secret.id));
  assert.equal(home.status(), 200);

  await Promise.all([home.stop(), notes.stop(), pub.stop(), tag.stop(), priv.stop()]);
  await until(() => listening(authorChannel(alice.id)) === 0 && listening(userChannel(bob.id)) === 0 && listening(hashtagChannel('ssetag')) === 0, 'SSE unsubscription on close');
});

test('Server-Sent Events: bad parameters are 4xx; a heartbeat comment opens the stream', async () => {
  const [alice] = await people('ssb_alice');
  const auth = { authorization: `Bearer ${alice.token}` };
  for (const path of ['/api/v1/streaming/hashtag', '/api/v1/streaming/hashtag?tag=', '/api/v1/streaming/hashtag?tag=a%20b', '/api/v1/streaming/hashtag/local?tag[]=x']) {
    const res = await fetch(`${s.url}${path}`, { headers: auth });
    assert.equal(res.status, 400, path);
    assert.equal(typeof (await res.json()).error, 'string');
  }
  const stream = sseClient('/api/v1/streaming/public', alice.token);
  await until(() => stream.comments.length >= 1, 'the opening comment');
  await stream.stop();
  const logs = s.logs.join('');
  assert.ok(!logs.includes(alice.token), 'tokens never reach the log');
});

test('a revoked token or a suspended account ends its streams', async () => {
  const [alice, bob] = await people('wr_alice', 'wr_bob');
  const ws = await wsClient(alice.token, '?stream=user');
  const sse = sseClient('/api/v1/streaming/user', bob.token);
  const anonymous = await wsClient(null, '?stream=public');
  await until(() => listening(userChannel(alice.id)) === 1 && listening(userChannel(bob.id)) === 1, 'streams');
  const closed = new Promise<number>((resolve) => ws.ws.once('close', (code) => resolve(code)));

  await s.ctx.streaming.sweepTokens();
  assert.equal(ws.ws.readyState, WebSocket.OPEN, 'valid tokens keep their streams');

  const [session] = await s.ctx.sessions.list(alice.id);
  await s.ctx.sessions.revokeById(alice.id, session.id);
  await s.ctx.db.updateTable('accounts').set({ suspended: true }).where('id', '=', bob.id).execute();
  await s.ctx.streaming.sweepTokens();
  assert.equal(await closed, 1008);
  await until(() => listening(userChannel(alice.id)) === 0 && listening(userChannel(bob.id)) === 0, 'both streams to end');
  await sse.stop();
  assert.equal(anonymous.ws.readyState, WebSocket.OPEN, 'anonymous streams are not affected');
  anonymous.ws.close();
});
