import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import WebSocket from 'ws';
import { createOAuthAPIClient, createRestAPIClient, createStreamingAPIClient, type mastodon } from 'masto';
import { startTestServer, PASSPHRASE, type TestServer } from '../harness.js';

/**
 * An unmodified Mastodon client library (masto.js 7) against a real Publius server: it registers, posts with
 * media, follows, reads the home timeline, searches and receives a streamed post.
 */
let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

async function register(app: mastodon.v1.Client, username: string): Promise<{ client: mastodon.rest.Client; token: string }> {
  const oauth = createOAuthAPIClient({ url: s.url });
  const appToken = await oauth.token.create({
    grantType: 'client_credentials', clientId: app.clientId!, clientSecret: app.clientSecret!,
    redirectUri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read write follow push',
  });
  const appClient = createRestAPIClient({ url: s.url, accessToken: appToken.accessToken });
  // masto's types demand an email; Publius ignores it and stores none (asserted below).
  const userToken = await appClient.v1.accounts.create({
    username, password: PASSPHRASE, email: `${username}@example.invalid`, agreement: true, locale: 'en',
  });
  return { client: createRestAPIClient({ url: s.url, accessToken: userToken.accessToken }), token: userToken.accessToken };
}

test('masto.js registers, posts with media, follows, reads home, searches and receives a streamed post', async () => {
  const anon = createRestAPIClient({ url: s.url });
  const instance = await anon.v2.instance.fetch();
  assert.equal(instance.configuration.statuses.maxCharacters, 500);

  const app = await anon.v1.apps.create({ clientName: 'masto e2e', redirectUris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' });
  const { client: alice } = await register(app as mastodon.v1.Client, 'alice');
  const { client: bob, token: bobToken } = await register(app as mastodon.v1.Client, 'bob');

  const me = await alice.v1.accounts.verifyCredentials();
  assert.equal(me.username, 'alice');

  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).png().toBuffer();
  const media = await alice.v2.media.create({ file: new Blob([png], { type: 'image/png' }), description: 'a green rectangle' });
  assert.equal(media.type, 'image');
  assert.equal(media.description, 'a green rectangle');

  const bobMe = await bob.v1.accounts.verifyCredentials();
  const aliceAccount = await bob.v1.accounts.lookup({ acct: 'alice' });
  const rel = await bob.v1.accounts.$select(aliceAccount.id).follow();
  assert.equal(rel.following, true);
  assert.equal((await alice.v1.accounts.$select(me.id).fetch()).followersCount, 1);

  // Bob opens his user stream before Alice posts.
  const streaming = createStreamingAPIClient({
    streamingApiUrl: s.url.replace('http', 'ws'), accessToken: bobToken,
    implementation: WebSocket, retry: false,
  });
  const subscription = streaming.user.subscribe();
  const received = (async () => {
    for await (const event of subscription) {
      if (event.event === 'update') return event.payload;
    }
    throw new Error('stream ended before an update arrived');
  })();
  // masto.js connects lazily; wait until the server holds Bob's subscription to Alice's posts.
  for (let i = 0; i < 100 && s.ctx.bus.localSubscribers(`author:${me.id}`) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(s.ctx.bus.localSubscribers(`author:${me.id}`) > 0, 'the user stream subscribed');

  const status = await alice.v1.statuses.create({ status: 'Hello from #publius with a picture', mediaIds: [media.id], visibility: 'public' });
  assert.equal(status.mediaAttachments.length, 1);
  assert.match(status.content, /#<span>publius<\/span>|publius/);

  const streamed = await Promise.race([received, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no streamed post within 10 s')), 10_000))]);
  assert.equal(streamed.id, status.id);
  subscription.unsubscribe();
  streaming.close();

  const home = await bob.v1.timelines.home.list({ limit: 20 });
  assert.ok(home.some((s) => s.id === status.id), "Alice's post is on Bob's home timeline");

  const found = await bob.v2.search.list({ q: 'picture', type: 'statuses' });
  assert.ok(found.statuses.some((s) => s.id === status.id));
  const accounts = await bob.v2.search.list({ q: 'alice', type: 'accounts' });
  assert.ok(accounts.accounts.some((a) => a.id === me.id));

  const notifications = await alice.v1.notifications.list();
  assert.ok(notifications.some((n) => n.type === 'follow' && n.account.id === bobMe.id));

  // No email was stored anywhere.
  const { rows } = await (await import('kysely')).sql<{ t: string }>`select row_to_json(a)::text as t from accounts a`.execute(s.ctx.db);
  assert.ok(rows.length >= 2 && rows.every((r) => !r.t.includes('example.invalid')));
});
