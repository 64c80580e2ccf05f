import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../../../../../test/harness.js';
import { WebClient } from '../../../../../test/web.js';
import { authorChannel } from '../../../../events/channels.js';

/**
 * The web session cookie on the streaming API: accepted for Server-Sent Events from this site's own pages
 * (Sec-Fetch-Site: same-origin, no token given) so the home page can update itself; refused everywhere else.
 */

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

/** A reader signed in through the log-in form: the client holds the session cookie and nothing else. */
async function webReader(handle: string) {
  const { account, token } = await seedAccount(s.ctx, handle);
  const web = new WebClient(s.url);
  await web.logIn(handle, PASSPHRASE);
  const cookie = [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return { account, api: apiClient(s.url, token), cookie };
}

/** Opens the user stream with the given headers; the status, and the events read until stopped. */
async function openStream(headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(`${s.url}/api/v1/streaming/user`, { headers, signal: controller.signal });
  const events: Array<{ event: string; data: string }> = [];
  if (res.status !== 200) {
    const body = await res.json();
    return { status: res.status, body, events, stop: async () => undefined };
  }
  assert.match(res.headers.get('content-type')!, /text\/event-stream/);
  const done = (async () => {
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
  return { status: res.status, body: null, events, stop: () => { controller.abort(); return done; } };
}

async function until(cond: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('the session cookie, from a same-origin page, streams the home timeline: a followed account posts, the reader hears of it', async () => {
  const reader = await webReader('live_reader');
  const { account: author, token } = await seedAccount(s.ctx, 'live_author');
  assert.equal((await reader.api.post(`/api/v1/accounts/${author.id}/follow`)).status, 200);

  const stream = await openStream({ cookie: reader.cookie, 'sec-fetch-site': 'same-origin' });
  assert.equal(stream.status, 200);
  try {
    await until(() => s.ctx.streaming.listeners(authorChannel(author.id)) === 1, 'the stream to listen');
    const posted = await apiClient(s.url, token).post('/api/v1/statuses', { status: 'live from the harbor' });
    assert.equal(posted.status, 200);
    await until(() => stream.events.some((e) => e.event === 'update'), 'the update');
    const update = JSON.parse(stream.events.find((e) => e.event === 'update')!.data);
    assert.equal(update.id, posted.body.id);
    assert.match(update.content, /live from the harbor/);
  } finally {
    await stream.stop();
  }
});

test('the cookie alone, without Sec-Fetch-Site: same-origin, is a 401', async () => {
  const reader = await webReader('cross_reader');
  for (const site of ['cross-site', 'same-site', 'none', null]) {
    const headers: Record<string, string> = { cookie: reader.cookie };
    if (site) headers['sec-fetch-site'] = site;
    const res = await openStream(headers);
    assert.equal(res.status, 401, `Sec-Fetch-Site: ${site ?? '(missing)'}`);
    assert.equal(typeof res.body.error, 'string', 'the API\'s usual JSON error');
    await res.stop();
  }
});

test('a WebSocket never accepts the session cookie, even marked same-origin', async () => {
  const reader = await webReader('ws_cookie_reader');
  const url = `${s.url.replace('http', 'ws')}/api/v1/streaming?stream=user`;
  const frames: Array<{ error?: string; status?: number }> = [];
  // The upgrade itself may be refused, or the socket opened anonymously with the user stream refused: either way
  // no home timeline.
  const outcome = await new Promise<string>((resolve) => {
    const ws = new WebSocket(url, { headers: { cookie: reader.cookie, 'sec-fetch-site': 'same-origin', origin: s.url } });
    ws.once('unexpected-response', (_req, res) => { resolve(`http ${res.statusCode}`); ws.terminate(); });
    ws.on('message', (d) => {
      frames.push(JSON.parse(String(d)));
      ws.close();
      resolve('frame');
    });
    ws.once('error', () => resolve('error'));
    // An accepted subscription answers nothing: silence would mean the cookie opened the home stream.
    setTimeout(() => { resolve('silence'); ws.terminate(); }, 2000);
  });
  assert.equal(outcome, 'frame');
  assert.deepEqual(frames[0], { status: 401, error: 'Missing access token' });
});

test('a suspended account cannot stream with its session cookie', async () => {
  const reader = await webReader('suspended_reader');
  await s.ctx.accounts.setSuspended('suspended_reader', true);
  const res = await openStream({ cookie: reader.cookie, 'sec-fetch-site': 'same-origin' });
  assert.equal(res.status, 401);
  await res.stop();
});

test('a token given alongside the cookie is what counts: a bad one is a 401 even from a same-origin page', async () => {
  const reader = await webReader('token_reader');
  const res = await openStream({ cookie: reader.cookie, 'sec-fetch-site': 'same-origin', authorization: 'Bearer not-a-token' });
  assert.equal(res.status, 401);
  await res.stop();
});
