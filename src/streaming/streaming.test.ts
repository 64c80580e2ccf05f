import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../test/harness.js';

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

interface Frame { stream: string[]; event: string; payload: string }

/** A WebSocket client that records frames; resolves once the server holds its subscription. */
async function wsClient(token: string | null, query = '') {
  const frames: Frame[] = [];
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/streaming${query}`, token ? [token] : []);
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); ws.once('unexpected-response', () => reject(new Error('refused'))); });
  return { ws, frames, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}

async function until(cond: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reads Server-Sent Events from a streaming endpoint until stopped. */
function sseClient(path: string, token: string) {
  const events: Array<{ event: string; data: string }> = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    assert.equal(res.status, 200);
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
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) events.push({ event, data });
      }
    }
  })().catch(() => undefined);
  return { events, stop: () => { controller.abort(); return done; } };
}

test('a user stream over WebSocket receives posts of followed accounts, not others, and notifications', async () => {
  const a = await seedAccount(s.ctx, 'ws_alice'); const b = await seedAccount(s.ctx, 'ws_bob'); const c = await seedAccount(s.ctx, 'ws_carol');
  const A = apiClient(s.url, a.token), B = apiClient(s.url, b.token), C = apiClient(s.url, c.token);
  await B.post(`/api/v1/accounts/${a.account.id}/follow`);
  const client = await wsClient(b.token);
  client.send({ type: 'subscribe', stream: 'user' });
  await until(() => s.ctx.bus.localSubscribers(`author:${a.account.id}`) > 0, 'subscription');

  const post = (await A.post('/api/v1/statuses', { status: 'streamed hello' })).body;
  await C.post('/api/v1/statuses', { status: 'carol is not followed' });
  await C.post('/api/v1/statuses', { status: 'hi @ws_bob' });
  await until(() => client.frames.some((f) => f.event === 'update') && client.frames.some((f) => f.event === 'notification'), 'update and notification');
  const updates = client.frames.filter((f) => f.event === 'update').map((f) => JSON.parse(f.payload));
  assert.deepEqual(updates.map((u) => u.id), [post.id]);
  assert.deepEqual(client.frames.find((f) => f.event === 'update')!.stream, ['user']);
  assert.equal(updates[0].account.username, 'ws_alice');
  const note = JSON.parse(client.frames.find((f) => f.event === 'notification')!.payload);
  assert.equal(note.type, 'mention');

  await A.delete(`/api/v1/statuses/${post.id}`);
  await until(() => client.frames.some((f) => f.event === 'delete'), 'delete');
  assert.equal(client.frames.find((f) => f.event === 'delete')!.payload, post.id);
  client.ws.close();
});

test('a follow made while streaming starts delivery; followers-only posts go to followers only', async () => {
  const a = await seedAccount(s.ctx, 'wf_alice'); const b = await seedAccount(s.ctx, 'wf_bob'); const c = await seedAccount(s.ctx, 'wf_carol');
  const A = apiClient(s.url, a.token), B = apiClient(s.url, b.token);
  const bob = await wsClient(b.token, '?stream=user');
  const carol = await wsClient(c.token);
  carol.send({ type: 'subscribe', stream: 'public' });
  await until(() => s.ctx.bus.localSubscribers(`user:${b.account.id}`) > 0 && s.ctx.bus.localSubscribers('timeline:public') > 0, 'subscriptions');
  await B.post(`/api/v1/accounts/${a.account.id}/follow`);
  await until(() => s.ctx.bus.localSubscribers(`author:${a.account.id}`) > 0, 'the stream to follow the new author');
  const priv = (await A.post('/api/v1/statuses', { status: 'followers only', visibility: 'private' })).body;
  const pub = (await A.post('/api/v1/statuses', { status: 'for everyone' })).body;
  await until(() => bob.frames.filter((f) => f.event === 'update').length === 2 && carol.frames.some((f) => f.event === 'update'), 'deliveries');
  assert.deepEqual(bob.frames.filter((f) => f.event === 'update').map((f) => JSON.parse(f.payload).id).sort(), [priv.id, pub.id].sort());
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(carol.frames.filter((f) => f.event === 'update').map((f) => JSON.parse(f.payload).id), [pub.id], 'the public stream never carries a followers-only post');
  bob.ws.close(); carol.ws.close();
});

test('hashtag streams and unsubscribe', async () => {
  const a = await seedAccount(s.ctx, 'wt_alice'); const b = await seedAccount(s.ctx, 'wt_bob');
  const A = apiClient(s.url, a.token);
  const client = await wsClient(b.token);
  client.send({ type: 'subscribe', stream: 'hashtag', tag: 'Surge' });
  await until(() => s.ctx.bus.localSubscribers('hashtag:surge') > 0, 'hashtag subscription');
  const tagged = (await A.post('/api/v1/statuses', { status: 'the #surge begins' })).body;
  await A.post('/api/v1/statuses', { status: 'no tag here' });
  await until(() => client.frames.some((f) => f.event === 'update'), 'tagged post');
  assert.deepEqual(client.frames.map((f) => JSON.parse(f.payload).id), [tagged.id]);
  assert.deepEqual(client.frames[0].stream, ['hashtag', 'Surge']);
  client.send({ type: 'unsubscribe', stream: 'hashtag', tag: 'Surge' });
  await until(() => s.ctx.bus.localSubscribers('hashtag:surge') === 0, 'unsubscription');
  client.send({ type: 'subscribe', stream: 'nonsense' });
  await until(() => client.frames.some((f: any) => f.error), 'error frame');
  client.ws.close();
});

test('a bad token is refused; user streams need a token', async () => {
  const bad = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/streaming`, ['not-a-valid-token']);
  const code = await new Promise<number>((resolve) => { bad.on('close', (c) => resolve(c)); bad.on('error', () => undefined); });
  assert.equal(code, 4001);
  assert.equal((await fetch(`${s.url}/api/v1/streaming/user`)).status, 401);
  assert.equal((await fetch(`${s.url}/api/v1/streaming/user`, { headers: { authorization: 'Bearer nope' } })).status, 401);
  assert.equal((await fetch(`${s.url}/api/v1/streaming/health`).then((r) => r.text())), 'OK');
});

test('Server-Sent Events deliver posts and notifications on the user stream', async () => {
  const a = await seedAccount(s.ctx, 'sse_alice'); const b = await seedAccount(s.ctx, 'sse_bob');
  const A = apiClient(s.url, a.token), B = apiClient(s.url, b.token);
  await B.post(`/api/v1/accounts/${a.account.id}/follow`);
  const client = sseClient('/api/v1/streaming/user', b.token);
  await until(() => s.ctx.bus.localSubscribers(`author:${a.account.id}`) > 0, 'SSE subscription');
  const post = (await A.post('/api/v1/statuses', { status: 'over SSE' })).body;
  await A.post(`/api/v1/accounts/${b.account.id}/follow`);
  await until(() => client.events.some((e) => e.event === 'update') && client.events.some((e) => e.event === 'notification'), 'SSE events');
  assert.equal(JSON.parse(client.events.find((e) => e.event === 'update')!.data).id, post.id);
  assert.equal(JSON.parse(client.events.find((e) => e.event === 'notification')!.data).type, 'follow');
  await client.stop();
});
