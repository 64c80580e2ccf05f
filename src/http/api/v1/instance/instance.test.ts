import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRestAPIClient } from 'masto';
import { startTestServer, seedAccount, apiClient, type TestServer } from '../../../../../test/harness.js';
import { isoDate, addDays } from '../../../../clock.js';

/** The instance endpoints: Mastodon's v1 and v2 shapes (as masto.js 7 reads them), rules, NodeInfo. */

let s: TestServer;
before(async () => {
  s = await startTestServer({ env: { MEDIA_MAX_BYTES: String(8 * 1024 * 1024), INSTANCE_NAME: 'Quiet Square' } });
  await s.ctx.db.insertInto('instance_rules').values([
    { text: 'Second rule', hint: 'why', position: 2 },
    { text: 'First rule <b>', position: 1 },
  ]).execute();
  const today = s.ctx.clock.now();
  const seen = await seedAccount(s.ctx, 'seen_today');
  const away = await seedAccount(s.ctx, 'seen_long_ago');
  await seedAccount(s.ctx, 'never_seen');
  await s.ctx.db.updateTable('accounts').set({ last_seen_on: isoDate(today), statuses_count: 3 }).where('id', '=', seen.account.id).execute();
  await s.ctx.db.updateTable('accounts').set({ last_seen_on: isoDate(addDays(today, -60)), statuses_count: 2 }).where('id', '=', away.account.id).execute();
  await s.ctx.db.updateTable('accounts').set({ last_seen_on: null }).where('handle', '=', 'never_seen').execute();
});
after(async () => { await s.close(); });

test('GET /api/v2/instance has Mastodon\'s shape and Publius\'s limits', async () => {
  const res = await apiClient(s.url).get('/api/v2/instance');
  assert.equal(res.status, 200);
  const v2 = res.body;
  assert.equal(v2.domain, 'localhost:8080');
  assert.equal(v2.title, 'Quiet Square');
  assert.match(v2.version, /^4\.3\.0 \(compatible; Publius \d+\.\d+\.\d+\)$/);
  assert.equal(typeof v2.source_url, 'string');
  assert.equal(typeof v2.description, 'string');
  assert.equal(v2.usage.users.active_month, 1, 'only the account seen in the last 30 days');
  assert.equal(typeof v2.thumbnail.url, 'string');
  assert.deepEqual(v2.icon, []);
  assert.deepEqual(v2.languages, ['en']);
  const c = v2.configuration;
  assert.equal(c.urls.streaming, 'ws://localhost:8080');
  assert.equal(c.vapid.public_key, '');
  assert.deepEqual(c.statuses, { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 });
  assert.deepEqual(c.media_attachments.supported_mime_types.slice().sort(), ['image/gif', 'image/jpeg', 'image/png', 'image/webp']);
  assert.equal(c.media_attachments.image_size_limit, 8 * 1024 * 1024, 'config.mediaMaxBytes');
  assert.equal(c.media_attachments.video_size_limit, 0);
  assert.equal(typeof c.accounts.max_featured_tags, 'number');
  assert.equal(typeof c.polls.max_options, 'number');
  assert.equal(c.translation.enabled, false);
  assert.deepEqual(v2.registrations, { enabled: true, approval_required: false, message: null, url: null, min_age: null, reason_required: false });
  assert.deepEqual(v2.api_versions, { mastodon: 2 });
  assert.deepEqual(v2.contact, { email: '', account: null });
  assert.deepEqual(v2.rules.map((r: { text: string; hint: string }) => [r.text, r.hint]), [['First rule <b>', ''], ['Second rule', 'why']]);
  assert.equal(typeof v2.rules[0].id, 'string');
});

test('GET /api/v1/instance has the deprecated v1 shape', async () => {
  const res = await apiClient(s.url).get('/api/v1/instance');
  assert.equal(res.status, 200);
  const v1 = res.body;
  assert.equal(v1.uri, 'localhost:8080');
  assert.equal(v1.title, 'Quiet Square');
  assert.equal(v1.email, '');
  assert.match(v1.version, /^4\./);
  assert.equal(v1.urls.streaming_api, 'ws://localhost:8080');
  assert.deepEqual(v1.stats, { user_count: 3, status_count: 5, domain_count: 1 });
  assert.equal(v1.registrations, true);
  assert.equal(v1.approval_required, false);
  assert.equal(v1.invites_enabled, false);
  assert.equal(v1.configuration.statuses.max_characters, 500);
  assert.equal(v1.configuration.media_attachments.image_size_limit, 8 * 1024 * 1024);
  assert.equal(v1.contact_account, null);
  assert.equal(v1.rules.length, 2);
});

test('masto.js 7 reads both instance versions', async () => {
  const client = createRestAPIClient({ url: s.url });
  const v2 = await client.v2.instance.fetch();
  assert.equal(v2.configuration.statuses.maxCharacters, 500);
  assert.equal(v2.configuration.mediaAttachments.imageSizeLimit, 8 * 1024 * 1024);
  assert.equal(v2.configuration.urls.streaming, 'ws://localhost:8080');
  assert.equal(v2.registrations.enabled, true);
  assert.equal(v2.rules[0].text, 'First rule <b>');
  const v1 = await client.v1.instance.fetch();
  assert.equal(v1.stats.userCount, 3);
  assert.equal(v1.urls.streamingApi, 'ws://localhost:8080');
  assert.equal(v1.rules?.length, 2);
  assert.deepEqual(await client.v1.instance.peers.list(), []);
  assert.deepEqual(await client.v1.instance.activity.list(), []);
  assert.deepEqual(await client.v1.customEmojis.list(), []);
});

test('rules, peers, activity and custom emojis need no token', async () => {
  const api = apiClient(s.url);
  const rules = await api.get('/api/v1/instance/rules');
  assert.equal(rules.status, 200);
  assert.deepEqual(rules.body.map((r: { text: string }) => r.text), ['First rule <b>', 'Second rule']);
  for (const p of ['/api/v1/instance/peers', '/api/v1/instance/activity', '/api/v1/custom_emojis']) {
    const res = await api.get(p);
    assert.equal(res.status, 200, p);
    assert.deepEqual(res.body, [], p);
  }
});

test('NodeInfo: discovery document and 2.0 with totals only', async () => {
  const wk = await apiClient(s.url).get('/.well-known/nodeinfo');
  assert.equal(wk.status, 200);
  assert.deepEqual(wk.body.links, [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: 'http://localhost:8080/nodeinfo/2.0' }]);
  const ni = await apiClient(s.url).get('/nodeinfo/2.0');
  assert.equal(ni.status, 200);
  assert.match(ni.headers.get('content-type') ?? '', /^application\/json; profile=/);
  assert.equal(ni.body.version, '2.0');
  assert.equal(ni.body.software.name, 'publius');
  assert.match(ni.body.software.version, /^\d+\.\d+\.\d+/);
  assert.equal(ni.body.openRegistrations, true);
  assert.deepEqual(ni.body.usage, { users: { total: 3, activeMonth: 1, activeHalfyear: 2 }, localPosts: 5 });
  assert.equal(ni.body.metadata.nodeName, 'Quiet Square');
});

test('a suspended account is not counted', async () => {
  const t = await startTestServer();
  try {
    await seedAccount(t.ctx, 'counted');
    await seedAccount(t.ctx, 'not_counted');
    await t.ctx.accounts.setSuspended('not_counted', true);
    assert.equal((await apiClient(t.url).get('/api/v1/instance')).body.stats.user_count, 1);
  } finally { await t.close(); }
});
