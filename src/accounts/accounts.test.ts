import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, startTestServer, apiClient, PASSPHRASE, seedAccount, type TestContext, type TestServer } from '../../test/harness.js';
import { PubliusError } from '../errors.js';

let t: TestContext;
before(async () => { t = await createTestContext(); });
after(async () => { await t.close(); });

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; return 'ok'; } catch (e) { if (e instanceof PubliusError) return e.code; throw e; }
}

test('sign-up takes a handle and a passphrase and returns ten recovery codes, stored only as hashes', async () => {
  const { account, recoveryCodes } = await t.ctx.accounts.signUp({ handle: 'Speaker_1', passphrase: PASSPHRASE });
  assert.equal(account.handle, 'Speaker_1');
  assert.equal(recoveryCodes.length, 10);
  assert.equal(new Set(recoveryCodes).size, 10);
  const stored = await t.ctx.db.selectFrom('recovery_codes').select('code_hash').where('account_id', '=', account.id).execute();
  assert.equal(stored.length, 10);
  for (const code of recoveryCodes) assert.ok(!stored.some((s) => s.code_hash.includes(code)));
  assert.match(account.passphrase_hash, /^\$argon2id\$/);
  assert.match(account.created_on, /^\d{4}-\d{2}-\d{2}$/);
});

test('handles are unique case-insensitively and limited to [a-z0-9_]{1,30}', async () => {
  await t.ctx.accounts.signUp({ handle: 'unique_one', passphrase: PASSPHRASE });
  assert.equal(await code(t.ctx.accounts.signUp({ handle: 'UNIQUE_ONE', passphrase: PASSPHRASE })), 'HANDLE_TAKEN');
  for (const bad of ['', 'has space', 'dash-ed', 'a'.repeat(31), 'émile', 'x@y']) {
    assert.equal(await code(t.ctx.accounts.signUp({ handle: bad, passphrase: PASSPHRASE })), 'HANDLE_INVALID', bad);
  }
  assert.equal(await code(t.ctx.accounts.signUp({ handle: 'a'.repeat(30), passphrase: PASSPHRASE })), 'ok');
});

test('passphrases shorter than 12 characters or on the common-passwords list are refused', async () => {
  assert.equal(await code(t.ctx.accounts.signUp({ handle: 'shortpw', passphrase: 'abc123def' })), 'PASSPHRASE_WEAK');
  assert.equal(await code(t.ctx.accounts.signUp({ handle: 'commonpw', passphrase: 'qwerty123456' })), 'PASSPHRASE_WEAK');
  assert.equal(await code(t.ctx.accounts.signUp({ handle: 'commonpw', passphrase: 'aaaaaaaaaaaaaa' })), 'PASSPHRASE_WEAK');
  assert.equal(await t.ctx.accounts.byHandle('commonpw'), undefined, 'nothing is written for a refused sign-up');
});

test('login checks the passphrase; a recovery code works once and replaces the passphrase', async () => {
  const { recoveryCodes } = await t.ctx.accounts.signUp({ handle: 'recoverme', passphrase: PASSPHRASE });
  assert.equal((await t.ctx.accounts.checkLogin('RecoverMe', PASSPHRASE)).handle, 'recoverme');
  assert.equal(await code(t.ctx.accounts.checkLogin('recoverme', 'wrong passphrase here')), 'LOGIN_FAILED');
  assert.equal(await code(t.ctx.accounts.checkLogin('nobody_here', PASSPHRASE)), 'LOGIN_FAILED');
  const next = 'a whole new passphrase 99';
  await t.ctx.accounts.recover('recoverme', recoveryCodes[3], next);
  assert.equal(await code(t.ctx.accounts.recover('recoverme', recoveryCodes[3], 'yet another passphrase 7')), 'LOGIN_FAILED');
  assert.equal(await code(t.ctx.accounts.checkLogin('recoverme', PASSPHRASE)), 'LOGIN_FAILED');
  assert.equal((await t.ctx.accounts.checkLogin('recoverme', next)).handle, 'recoverme');
  assert.equal(await t.ctx.accounts.remainingRecoveryCodes((await t.ctx.accounts.byHandle('recoverme'))!.id), 9);
});

test('passphrase change needs the current passphrase', async () => {
  const { account } = await t.ctx.accounts.signUp({ handle: 'changer', passphrase: PASSPHRASE });
  assert.equal(await code(t.ctx.accounts.changePassphrase(account.id, 'not the current one', 'brand new passphrase 1')), 'LOGIN_FAILED');
  await t.ctx.accounts.changePassphrase(account.id, PASSPHRASE, 'brand new passphrase 1');
  assert.equal((await t.ctx.accounts.checkLogin('changer', 'brand new passphrase 1')).handle, 'changer');
});

test('invite mode needs a valid single-use invite code', async () => {
  const tc = await createTestContext({ env: { SIGNUP_MODE: 'invite' } });
  try {
    assert.equal(await code(tc.ctx.accounts.signUp({ handle: 'noinvite', passphrase: PASSPHRASE })), 'INVITE_INVALID');
    const invite = await tc.ctx.accounts.createInvite(null);
    assert.equal(await code(tc.ctx.accounts.signUp({ handle: 'invited', passphrase: PASSPHRASE, inviteCode: invite })), 'ok');
    assert.equal(await code(tc.ctx.accounts.signUp({ handle: 'invited2', passphrase: PASSPHRASE, inviteCode: invite })), 'INVITE_INVALID');
    const user = (await tc.ctx.accounts.byHandle('invited'))!;
    assert.equal(await code(tc.ctx.accounts.createInvite(user)), 'FORBIDDEN', 'users may not invite unless enabled');
  } finally { await tc.close(); }
});

test('closed mode refuses every sign-up', async () => {
  const tc = await createTestContext({ env: { SIGNUP_MODE: 'closed' } });
  try {
    assert.equal(await code(tc.ctx.accounts.signUp({ handle: 'closedout', passphrase: PASSPHRASE })), 'SIGNUP_CLOSED');
  } finally { await tc.close(); }
});

test('sessions are stored as hashes with dates only, can be listed and revoked, and expire', async () => {
  const { account, token } = await seedAccount(t.ctx, 'sessionuser');
  const rows = await t.ctx.db.selectFrom('access_tokens').selectAll().where('account_id', '=', account.id).execute();
  assert.equal(rows.length, 1);
  assert.notEqual(rows[0].token_hash, token);
  assert.ok(!JSON.stringify(rows).includes(token));
  assert.ok((await t.ctx.sessions.authenticate(token))?.account?.id === account.id);
  const listed = await t.ctx.sessions.list(account.id);
  assert.equal(listed.length, 1);
  const other = await seedAccount(t.ctx, 'othersession');
  assert.equal(await code(t.ctx.sessions.revokeById(other.account.id, listed[0].id)), 'NOT_FOUND', "cannot revoke another account's session");
  await t.ctx.sessions.revokeById(account.id, listed[0].id);
  assert.equal(await t.ctx.sessions.authenticate(token), null);
  await t.ctx.db.updateTable('access_tokens').set({ expires_on: '2000-01-01' }).where('account_id', '=', other.account.id).execute();
  assert.equal(await t.ctx.sessions.authenticate(other.token), null, 'expired tokens do not authenticate');
});

test('verify_credentials answers the bearer of a valid token and 401s otherwise', async () => {
  const s: TestServer = await startTestServer();
  try {
    const { token } = await seedAccount(s.ctx, 'verifier');
    const ok = await apiClient(s.url, token).get('/api/v1/accounts/verify_credentials');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.username, 'verifier');
    assert.equal(ok.body.source.note, '');
    const bad = await apiClient(s.url, 'not-a-token').get('/api/v1/accounts/verify_credentials');
    assert.equal(bad.status, 401);
    assert.equal(typeof bad.body.error, 'string');
    const none = await apiClient(s.url).get('/api/v1/accounts/verify_credentials');
    assert.equal(none.status, 401);
  } finally { await s.close(); }
});
