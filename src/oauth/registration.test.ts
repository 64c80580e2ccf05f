import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../../test/harness.js';
import { appToken, formPost, openAuthorize, authorizeQuery, registerApp } from '../../test/oauth.js';

/**
 * Registration through the Mastodon API (POST /api/v1/accounts with an app token), in each sign-up mode, with
 * its rate limit, and the promise that an email sent by the client is stored nowhere.
 */

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

const signup = (username: string, extra: Record<string, unknown> = {}) => ({ username, password: PASSPHRASE, agreement: true, locale: 'en', ...extra });

async function accountCount(t: TestServer): Promise<number> {
  return (await t.ctx.db.selectFrom('accounts').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

test('client_credentials then registration: a Token entity with ten recovery codes; the email is stored nowhere', async () => {
  const app = await registerApp(s.url);
  const cc = await formPost(s.url, '/oauth/token', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow' });
  assert.equal(cc.status, 200, cc.text);
  assert.equal(cc.json.refresh_token, undefined, 'an app token has no refresh token');
  const appApi = apiClient(s.url, cc.json.access_token);
  assert.equal((await appApi.get('/api/v1/accounts/verify_credentials')).status, 401, 'an app token is not a user');
  const verifyApp = await appApi.get('/api/v1/apps/verify_credentials');
  assert.equal(verifyApp.status, 200);
  assert.equal(verifyApp.body.name, 'Test Client');
  assert.equal(verifyApp.body.client_secret, undefined, 'the secret is never shown again');

  const EMAIL = 'distinct.person.4q7z@example.invalid';
  const reg = await appApi.post('/api/v1/accounts', signup('new_signup', { email: EMAIL, reason: 'because', invite_code: '' }));
  assert.equal(reg.status, 200, JSON.stringify(reg.body));
  assert.equal(reg.body.token_type, 'Bearer');
  assert.equal(reg.body.scope, 'read write follow', 'the user token gets the app token\'s scopes');
  assert.ok(reg.body.access_token && reg.body.refresh_token);
  assert.equal(typeof reg.body.created_at, 'number');
  assert.equal(reg.body.recovery_codes.length, 10);
  assert.equal(new Set(reg.body.recovery_codes).size, 10);
  for (const c of reg.body.recovery_codes) assert.match(c, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  const me = await apiClient(s.url, reg.body.access_token).get('/api/v1/accounts/verify_credentials');
  assert.equal(me.status, 200);
  assert.equal(me.body.username, 'new_signup');

  // Scan every row of every table for any part of the address.
  const tables = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(s.ctx.db);
  assert.ok(tables.rows.some((r) => r.t === 'accounts'), 'the scan sees the tables');
  let sawHandle = false;
  for (const { t } of tables.rows) {
    const rows = await sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(t)} x`.execute(s.ctx.db);
    for (const { j } of rows.rows) {
      const lower = j.toLowerCase();
      for (const needle of ['distinct.person', '4q7z@', 'example.invalid', 'because']) assert.ok(!lower.includes(needle), `"${needle}" is in table ${t}`);
      if (j.includes('new_signup')) sawHandle = true;
    }
  }
  assert.ok(sawHandle, 'the scan reads real rows');
  assert.ok(!s.logs.join('').includes('distinct.person'), 'nor is it in the logs');
  const stored = await s.ctx.db.selectFrom('recovery_codes').selectAll().execute();
  assert.ok(!JSON.stringify(stored).includes(reg.body.recovery_codes[0]), 'recovery codes are stored only as hashes');
});

test('registration refuses duplicates, weak passphrases, bad handles and a missing agreement, writing nothing', async () => {
  const api = apiClient(s.url, await appToken(s.url));
  await seedAccount(s.ctx, 'taken_name');
  const before = await accountCount(s);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['duplicate (case-insensitive)', signup('TAKEN_NAME')],
    ['weak passphrase', signup('weak_pw', { password: 'short' })],
    ['bad handle', signup('no spaces allowed')],
    ['agreement false', signup('no_agree', { agreement: false })],
    ['agreement missing', { username: 'no_agree2', password: PASSPHRASE, locale: 'en' }],
    ['agreement as a string false', signup('no_agree3', { agreement: 'false' })],
    ['no username', { password: PASSPHRASE, agreement: true }],
    ['no password', { username: 'no_password', agreement: true }],
    ['username not a string', signup('x', { username: { $ne: null } })],
  ];
  for (const [name, body] of cases) {
    const res = await api.post('/api/v1/accounts', body);
    assert.equal(res.status, 422, `${name}: ${JSON.stringify(res.body)}`);
    assert.equal(typeof res.body.error, 'string', name);
  }
  assert.equal(await accountCount(s), before);
});

test('registration needs an app token with write:accounts: a user token or none is 401, a read-only app token 403', async () => {
  const { token } = await seedAccount(s.ctx, 'already_here');
  const body = signup('via_user_token', { email: 'x@example.invalid' });
  const withUser = await apiClient(s.url, token).post('/api/v1/accounts', body);
  assert.equal(withUser.status, 401);
  assert.equal(typeof withUser.body.error, 'string');
  assert.equal((await apiClient(s.url).post('/api/v1/accounts', body)).status, 401);
  assert.equal((await apiClient(s.url, 'not-a-token').post('/api/v1/accounts', body)).status, 401);
  const readOnly = await apiClient(s.url, await appToken(s.url, 'read')).post('/api/v1/accounts', body);
  assert.equal(readOnly.status, 403);
  const narrow = await apiClient(s.url, await appToken(s.url, 'write:accounts')).post('/api/v1/accounts', signup('narrow_scope'));
  assert.equal(narrow.status, 200, JSON.stringify(narrow.body));
  assert.equal(await s.ctx.accounts.byHandle('via_user_token'), undefined);
});

test('SIGNUP_MODE invite: no code 422, a fresh code 200, a reused or unknown code 422', async () => {
  const inv = await startTestServer({ env: { SIGNUP_MODE: 'invite' } });
  try {
    const api = apiClient(inv.url, await appToken(inv.url));
    const none = await api.post('/api/v1/accounts', signup('no_invite'));
    assert.equal(none.status, 422, JSON.stringify(none.body));
    const invite = await inv.ctx.accounts.createInvite(null);
    const ok = await api.post('/api/v1/accounts', signup('with_invite', { invite_code: invite }));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.recovery_codes.length, 10);
    assert.equal((await api.post('/api/v1/accounts', signup('reused_invite', { invite_code: invite }))).status, 422);
    assert.equal((await api.post('/api/v1/accounts', signup('bogus_invite', { invite_code: 'not-a-real-invite' }))).status, 422);
    assert.equal(await inv.ctx.accounts.byHandle('reused_invite'), undefined);
    assert.equal(await inv.ctx.accounts.byHandle('no_invite'), undefined);

    const v2 = await apiClient(inv.url).get('/api/v2/instance');
    assert.equal(v2.body.registrations.enabled, true);
    assert.match(v2.body.registrations.message, /invite/);
    assert.equal((await apiClient(inv.url).get('/api/v1/instance')).body.invites_enabled, true);
  } finally { await inv.close(); }
});

test('SIGNUP_MODE closed: registration is 403, even with an invite, and the instance says so', async () => {
  const closed = await startTestServer({ env: { SIGNUP_MODE: 'closed' } });
  try {
    const api = apiClient(closed.url, await appToken(closed.url));
    const invite = await closed.ctx.accounts.createInvite(null);
    const before = await accountCount(closed);
    for (const body of [signup('closed_out'), signup('closed_invited', { invite_code: invite })]) {
      const res = await api.post('/api/v1/accounts', body);
      assert.equal(res.status, 403);
      assert.equal(typeof res.body.error, 'string');
    }
    assert.equal(await accountCount(closed), before);
    const v2 = (await apiClient(closed.url).get('/api/v2/instance')).body;
    assert.equal(v2.registrations.enabled, false);
    assert.equal(typeof v2.registrations.message, 'string');
    assert.equal((await apiClient(closed.url).get('/api/v1/instance')).body.registrations, false);
    assert.equal((await apiClient(closed.url).get('/nodeinfo/2.0')).body.openRegistrations, false);
  } finally { await closed.close(); }
});

test('rate limits: the sixth sign-up attempt from one address in an hour is 429; so is the 21st login on the authorize form', async () => {
  const limited = await startTestServer({ env: { RATE_LIMITS: 'true' } });
  try {
    await seedAccount(limited.ctx, 'oauth_user');
    const api = apiClient(limited.url, await appToken(limited.url));
    for (let i = 0; i < 5; i++) {
      const res = await api.post('/api/v1/accounts', signup(`limited_${i}`));
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const sixth = await api.post('/api/v1/accounts', signup('limited_5'));
    assert.equal(sixth.status, 429);
    assert.equal(await limited.ctx.accounts.byHandle('limited_5'), undefined);

    const app = await registerApp(limited.url);
    const page = await openAuthorize(limited.url, authorizeQuery(app));
    const attempt = () => formPost(limited.url, '/oauth/authorize', { ...page.hidden, handle: 'oauth_user', passphrase: 'wrong passphrase entirely' }, { cookie: page.cookie! });
    for (let i = 0; i < 20; i++) assert.equal((await attempt()).status, 401);
    const blocked = await formPost(limited.url, '/oauth/authorize', { ...page.hidden, handle: 'oauth_user', passphrase: PASSPHRASE }, { cookie: page.cookie! });
    assert.equal(blocked.status, 429, 'even the right passphrase waits');
    assert.match(blocked.text, /role="alert">Too many requests</);
    assert.match(blocked.text, /name="_csrf"/, 'the form is shown again');
    assert.equal(blocked.headers.get('location'), null);
  } finally { await limited.close(); }
});
