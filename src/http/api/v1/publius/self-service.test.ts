import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../../../../../test/harness.js';
import { appToken, authorizeCode, exchangeCode, registerApp } from '../../../../../test/oauth.js';

/**
 * Account self-service without email (Publius extensions the web UI reuses): sessions, passphrase, recovery
 * codes, recovery and invites — each for the caller's own account only.
 */

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

const NEW_PASSPHRASE = 'a completely different passphrase 58';

/** An account registered through the API, so the recovery codes are known. */
async function register(t: TestServer, username: string): Promise<{ token: string; codes: string[]; id: string }> {
  const res = await apiClient(t.url, await appToken(t.url)).post('/api/v1/accounts', { username, password: PASSPHRASE, agreement: true, locale: 'en' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const me = await apiClient(t.url, res.body.access_token).get('/api/v1/accounts/verify_credentials');
  return { token: res.body.access_token, codes: res.body.recovery_codes, id: me.body.id };
}

async function sessionCount(accountId: string): Promise<number> {
  return (await s.ctx.db.selectFrom('access_tokens').select(sql<number>`count(*)::int`.as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()).n;
}

test('GET /api/v1/publius/sessions lists the caller\'s live sessions with app names and marks the current one', async () => {
  const { account, token } = await seedAccount(s.ctx, 'lister');
  await seedAccount(s.ctx, 'lister_other');
  const app = await registerApp(s.url, { name: 'Phone App' });
  const viaApp = (await exchangeCode(s.url, app, await authorizeCode(s.url, app, { handle: 'lister' }))).json.access_token;
  const expired = await s.ctx.sessions.issue({ kind: 'web', accountId: account.id, appId: null, scopes: [], ttlDays: 1 });
  await s.ctx.db.updateTable('access_tokens').set({ expires_on: '2001-01-01' }).where('id', '=', expired.row.id).execute();

  const res = await apiClient(s.url, viaApp).get('/api/v1/publius/sessions');
  assert.equal(res.status, 200);
  assert.equal(res.body.length, 2, 'own live sessions only: not the expired one, not another account\'s');
  const [newest, oldest] = res.body;
  assert.equal(newest.app_name, 'Phone App');
  assert.equal(newest.kind, 'oauth');
  assert.deepEqual(newest.scopes, ['read', 'write', 'follow']);
  assert.equal(newest.current, true);
  assert.match(newest.created_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(newest.last_used_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(newest.expires_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(oldest.app_name, null);
  assert.equal(oldest.current, false);
  assert.deepEqual(Object.keys(newest).sort(), ['app_name', 'created_on', 'current', 'expires_on', 'id', 'kind', 'last_used_on', 'scopes']);
  assert.ok(!JSON.stringify(res.body).includes(token), 'no token or hash is shown');

  assert.equal((await apiClient(s.url).get('/api/v1/publius/sessions')).status, 401);
  assert.equal((await apiClient(s.url, await appToken(s.url)).get('/api/v1/publius/sessions')).status, 401, 'an app token has no account');
});

test('DELETE /api/v1/publius/sessions/:id signs out one own session; another account\'s is a 404', async () => {
  const { account, token } = await seedAccount(s.ctx, 'deleter');
  const second = await s.ctx.sessions.issue({ kind: 'oauth', accountId: account.id, appId: null, scopes: ['read'], ttlDays: 1 });
  const other = await seedAccount(s.ctx, 'deleter_other');
  const otherId = (await s.ctx.sessions.list(other.account.id))[0].id;
  const api = apiClient(s.url, token);

  assert.equal((await api.delete(`/api/v1/publius/sessions/${otherId}`)).status, 404);
  assert.equal((await apiClient(s.url, other.token).get('/api/v1/accounts/verify_credentials')).status, 200, 'still signed in');
  for (const bad of ['abc', '99999999999999999999999', '-1', '1.5']) assert.equal((await api.delete(`/api/v1/publius/sessions/${bad}`)).status, 404, bad);
  assert.equal((await apiClient(s.url, second.token).delete(`/api/v1/publius/sessions/${second.row.id}`)).status, 403, 'a read-only token cannot sign sessions out');

  const res = await api.delete(`/api/v1/publius/sessions/${second.row.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, {});
  assert.equal((await apiClient(s.url, second.token).get('/api/v1/accounts/verify_credentials')).status, 401);
  assert.equal((await api.delete(`/api/v1/publius/sessions/${second.row.id}`)).status, 404, 'already gone');
  assert.equal((await apiClient(s.url).delete(`/api/v1/publius/sessions/${second.row.id}`)).status, 401);
});

test('POST /api/v1/publius/passphrase needs the current passphrase, refuses weak ones, and signs other sessions out', async () => {
  const { account, token } = await seedAccount(s.ctx, 'changer');
  const other = await s.ctx.sessions.issue({ kind: 'web', accountId: account.id, appId: null, scopes: [], ttlDays: 1 });
  const api = apiClient(s.url, token);

  const wrong = await api.post('/api/v1/publius/passphrase', { current: 'not the passphrase at all', new: NEW_PASSPHRASE });
  assert.equal(wrong.status, 401);
  const weak = await api.post('/api/v1/publius/passphrase', { current: PASSPHRASE, new: 'password' });
  assert.equal(weak.status, 422);
  assert.equal((await api.post('/api/v1/publius/passphrase', { current: PASSPHRASE })).status, 422);
  assert.equal((await api.post('/api/v1/publius/passphrase', { current: PASSPHRASE, new: 'x'.repeat(2000) })).status, 422);
  assert.equal((await s.ctx.accounts.checkLogin('changer', PASSPHRASE)).id, account.id, 'unchanged after refusals');
  assert.equal(await sessionCount(account.id), 2);

  const ok = await api.post('/api/v1/publius/passphrase', { current: PASSPHRASE, new: NEW_PASSPHRASE });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal((await s.ctx.accounts.checkLogin('changer', NEW_PASSPHRASE)).id, account.id);
  assert.equal((await api.get('/api/v1/accounts/verify_credentials')).status, 200, 'the session that changed it stays');
  assert.equal(await s.ctx.sessions.authenticate(other.token), null, 'every other session is signed out');
  assert.equal((await apiClient(s.url).post('/api/v1/publius/passphrase', { current: NEW_PASSPHRASE, new: PASSPHRASE })).status, 401);
});

test('recovery codes: regenerating needs the passphrase and replaces all ten; the count of unused ones is readable', async () => {
  const me = await register(s, 'regen_user');
  const api = apiClient(s.url, me.token);
  assert.deepEqual((await api.get('/api/v1/publius/recovery_codes')).body, { remaining: 10 });

  const wrong = await api.post('/api/v1/publius/recovery_codes', { passphrase: 'not the passphrase at all' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.recovery_codes, undefined);
  assert.equal((await api.post('/api/v1/publius/recovery_codes', {})).status, 422);

  const res = await api.post('/api/v1/publius/recovery_codes', { passphrase: PASSPHRASE });
  assert.equal(res.status, 200);
  assert.equal(res.body.recovery_codes.length, 10);
  assert.ok(res.body.recovery_codes.every((c: string) => !me.codes.includes(c)));
  const old = await apiClient(s.url).post('/api/v1/publius/recover', { handle: 'regen_user', recovery_code: me.codes[0], new_passphrase: NEW_PASSPHRASE });
  assert.equal(old.status, 401, 'the old codes stopped working');
  assert.deepEqual((await api.get('/api/v1/publius/recovery_codes')).body, { remaining: 10 });
  assert.equal((await apiClient(s.url).post('/api/v1/publius/recovery_codes', { passphrase: PASSPHRASE })).status, 401);
});

test('POST /api/v1/publius/recover: handle, code and new passphrase; the code works once and every session ends', async () => {
  const me = await register(s, 'recover_user');
  const anon = apiClient(s.url);
  const wrongCode = await anon.post('/api/v1/publius/recover', { handle: 'recover_user', recovery_code: 'aaaa-bbbb-cccc', new_passphrase: NEW_PASSPHRASE });
  assert.equal(wrongCode.status, 401);
  const wrongHandle = await anon.post('/api/v1/publius/recover', { handle: 'nobody_here', recovery_code: me.codes[0], new_passphrase: NEW_PASSPHRASE });
  assert.equal(wrongHandle.status, 401);
  assert.equal(wrongHandle.body.error, wrongCode.body.error, 'a wrong handle and a wrong code look the same');
  const weak = await anon.post('/api/v1/publius/recover', { handle: 'recover_user', recovery_code: me.codes[0], new_passphrase: 'password' });
  assert.equal(weak.status, 422);
  assert.equal((await anon.post('/api/v1/publius/recover', { handle: 'recover_user' })).status, 422);
  assert.deepEqual((await apiClient(s.url, me.token).get('/api/v1/publius/recovery_codes')).body, { remaining: 10 }, 'refusals spend no code');

  const ok = await anon.post('/api/v1/publius/recover', { handle: 'RECOVER_USER', recovery_code: ` ${me.codes[0].toUpperCase()} `, new_passphrase: NEW_PASSPHRASE });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal((await apiClient(s.url, me.token).get('/api/v1/accounts/verify_credentials')).status, 401, 'every session ended');
  assert.equal((await s.ctx.accounts.checkLogin('recover_user', NEW_PASSPHRASE)).handle, 'recover_user');
  const again = await anon.post('/api/v1/publius/recover', { handle: 'recover_user', recovery_code: me.codes[0], new_passphrase: 'and yet another passphrase 31' });
  assert.equal(again.status, 401, 'a code works once');
  assert.equal(await s.ctx.accounts.remainingRecoveryCodes(me.id), 9);
});

test('recovery shares the login rate limit: the 21st attempt from an address is 429', async () => {
  const limited = await startTestServer({ env: { RATE_LIMITS: 'true' } });
  try {
    const me = await register(limited, 'limited_recover');
    const anon = apiClient(limited.url);
    for (let i = 0; i < 20; i++) {
      const res = await anon.post('/api/v1/publius/recover', { handle: 'limited_recover', recovery_code: `guess-${i}`, new_passphrase: NEW_PASSPHRASE });
      assert.equal(res.status, 401);
    }
    const blocked = await anon.post('/api/v1/publius/recover', { handle: 'limited_recover', recovery_code: me.codes[0], new_passphrase: NEW_PASSPHRASE });
    assert.equal(blocked.status, 429, 'even the right code waits');
    assert.equal(await limited.ctx.accounts.remainingRecoveryCodes(me.id), 10);
  } finally { await limited.close(); }
});

test('POST /api/v1/publius/invites: admins always, users only with USER_INVITES; the code signs someone up once', async () => {
  const inv = await startTestServer({ env: { SIGNUP_MODE: 'invite' } });
  try {
    const admin = await seedAccount(inv.ctx, 'the_admin', { role: 'admin' });
    const user = await seedAccount(inv.ctx, 'plain_user');
    const refused = await apiClient(inv.url, user.token).post('/api/v1/publius/invites', {});
    assert.equal(refused.status, 403);
    assert.equal((await apiClient(inv.url).post('/api/v1/publius/invites', {})).status, 401);
    for (const days of [0, 91, 'soon']) assert.equal((await apiClient(inv.url, admin.token).post('/api/v1/publius/invites', { days })).status, 422, String(days));

    const res = await apiClient(inv.url, admin.token).post('/api/v1/publius/invites', { days: 3 });
    assert.equal(res.status, 200);
    assert.equal(res.body.valid_days, 3);
    assert.equal(typeof res.body.code, 'string');
    const invites = await inv.ctx.db.selectFrom('invites').selectAll().execute();
    assert.ok(!JSON.stringify(invites).includes(res.body.code), 'stored only as a hash');

    const signupApi = apiClient(inv.url, await appToken(inv.url));
    const body = (username: string) => ({ username, password: PASSPHRASE, agreement: true, locale: 'en', invite_code: res.body.code });
    assert.equal((await signupApi.post('/api/v1/accounts', body('invited_one'))).status, 200);
    assert.equal((await signupApi.post('/api/v1/accounts', body('invited_two'))).status, 422);
  } finally { await inv.close(); }

  const open = await startTestServer({ env: { USER_INVITES: 'true' } });
  try {
    const user = await seedAccount(open.ctx, 'inviting_user');
    assert.equal((await apiClient(open.url, user.token).post('/api/v1/publius/invites', {})).status, 200);
  } finally { await open.close(); }
});
