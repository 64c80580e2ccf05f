import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../../test/harness.js';

/**
 * OAuth 2 as a Mastodon client drives it, over real HTTP: app registration, the authorization-code flow with
 * PKCE through the HTML form (CSRF included), token exchange, refresh, revocation, scopes, and registration
 * through the API in each sign-up mode.
 */

const REDIRECT = 'https://client.example/cb';
let s: TestServer;

before(async () => {
  s = await startTestServer();
  await seedAccount(s.ctx, 'oauth_user');
});
after(async () => { await s.close(); });

interface App { client_id: string; client_secret: string; id: string; scopes: string[]; redirect_uris: string[] }

async function registerApp(base: string, scopes = 'read write follow', redirect = REDIRECT): Promise<App> {
  const res = await apiClient(base).post('/api/v1/apps', { client_name: 'Test Client', redirect_uris: redirect, scopes, website: 'https://client.example' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function formPost(base: string, p: string, fields: Record<string, string>, cookie?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(base + p, { method: 'POST', headers, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* HTML */ }
  return { status: res.status, headers: res.headers, text, json };
}

function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** Loads the authorize page: its hidden fields and the CSRF cookie. */
async function openAuthorize(base: string, query: Record<string, string>) {
  const res = await fetch(`${base}/oauth/authorize?${new URLSearchParams(query)}`, { redirect: 'manual' });
  const text = await res.text();
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('publius_csrf='));
  const cookie = setCookie ? setCookie.split(';')[0] : undefined;
  const hidden: Record<string, string> = {};
  for (const m of text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[m[1]] = decodeEntities(m[2]);
  return { status: res.status, text, cookie, hidden, csrf: hidden._csrf };
}

function decodeEntities(v: string): string {
  return v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

async function codeCount(base: TestServer = s): Promise<number> {
  const row = await base.ctx.db.selectFrom('oauth_codes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs the browser part of the flow and returns the code from the redirect. */
async function authorize(app: App, opts: { scope?: string; state?: string; challenge?: string; handle?: string } = {}): Promise<string> {
  const query: Record<string, string> = { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: opts.scope ?? 'read write follow', state: opts.state ?? 'st' };
  if (opts.challenge) Object.assign(query, { code_challenge: opts.challenge, code_challenge_method: 'S256' });
  const page = await openAuthorize(s.url, query);
  assert.equal(page.status, 200);
  const res = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: opts.handle ?? 'oauth_user', passphrase: PASSPHRASE }, page.cookie);
  assert.equal(res.status, 302, res.text);
  const loc = new URL(res.headers.get('location')!);
  return loc.searchParams.get('code')!;
}

async function exchange(app: App, code: string, extra: Record<string, string> = {}) {
  return formPost(s.url, '/oauth/token', { grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, redirect_uri: REDIRECT, code, ...extra });
}

test('the full authorization-code flow with PKCE S256 over HTTP', async () => {
  const app = await registerApp(s.url);
  assert.deepEqual(app.scopes, ['read', 'write', 'follow']);
  assert.deepEqual(app.redirect_uris, [REDIRECT]);
  assert.ok(app.client_id && app.client_secret);
  const { verifier, challenge } = pkce();

  const page = await openAuthorize(s.url, {
    response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read write', state: 'xyz-state&=1',
    code_challenge: challenge, code_challenge_method: 'S256',
  });
  assert.equal(page.status, 200);
  assert.match(page.text, /<form[^>]+method="post"[^>]+action="\/oauth\/authorize"/);
  assert.match(page.text, /Test Client/);
  assert.ok(page.csrf, 'the form carries a CSRF token');
  assert.ok(page.cookie, 'the CSRF cookie is set');
  assert.equal(page.hidden.code_challenge, challenge);
  assert.equal(page.hidden.state, 'xyz-state&=1');

  const post = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'oauth_user', passphrase: PASSPHRASE }, page.cookie);
  assert.equal(post.status, 302, post.text);
  const loc = new URL(post.headers.get('location')!);
  assert.equal(`${loc.origin}${loc.pathname}`, REDIRECT);
  assert.equal(loc.searchParams.get('state'), 'xyz-state&=1');
  const code = loc.searchParams.get('code')!;
  assert.ok(code && code.length >= 20);
  const stored = await s.ctx.db.selectFrom('oauth_codes').selectAll().execute();
  assert.ok(!stored.some((r) => JSON.stringify(r).includes(code)), 'the code is stored only as a hash');

  const tok = await exchange(app, code, { code_verifier: verifier });
  assert.equal(tok.status, 200, tok.text);
  assert.equal(tok.json.token_type, 'Bearer');
  assert.equal(tok.json.scope, 'read write');
  assert.ok(tok.json.access_token && tok.json.refresh_token);
  assert.equal(typeof tok.json.created_at, 'number');

  const me = await apiClient(s.url, tok.json.access_token).get('/api/v1/accounts/verify_credentials');
  assert.equal(me.status, 200);
  assert.equal(me.body.username, 'oauth_user');

  const again = await exchange(app, code, { code_verifier: verifier });
  assert.equal(again.status, 400);
  assert.equal(again.json.error, 'invalid_grant');
});

test('a wrong or missing code_verifier is invalid_grant', async () => {
  const app = await registerApp(s.url);
  const { challenge } = pkce();
  const wrong = await exchange(app, await authorize(app, { challenge }), { code_verifier: pkce().verifier });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error, 'invalid_grant');
  const missing = await exchange(app, await authorize(app, { challenge }));
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error, 'invalid_grant');
});

test('the code only works with its redirect URI, its client and its secret', async () => {
  const app = await registerApp(s.url);
  const other = await registerApp(s.url);
  const wrongRedirect = await exchange(app, await authorize(app), { redirect_uri: 'https://client.example/other' });
  assert.equal(wrongRedirect.status, 400);
  assert.equal(wrongRedirect.json.error, 'invalid_grant');

  const code = await authorize(app);
  const otherClient = await formPost(s.url, '/oauth/token', { grant_type: 'authorization_code', client_id: other.client_id, client_secret: other.client_secret, redirect_uri: REDIRECT, code });
  assert.equal(otherClient.status, 400);
  assert.equal(otherClient.json.error, 'invalid_grant');
  const badSecret = await exchange(app, code, { client_secret: 'wrong-secret' });
  assert.ok(badSecret.status === 400 || badSecret.status === 401, String(badSecret.status));
  assert.equal(badSecret.json.error, 'invalid_client');
  const ok = await exchange(app, code);
  assert.equal(ok.status, 200, 'a code without PKCE is exchanged by its own client');

  const noCode = await formPost(s.url, '/oauth/token', { grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, redirect_uri: REDIRECT });
  assert.equal(noCode.status, 400);
  assert.equal(noCode.json.error, 'invalid_request');
  const badGrant = await formPost(s.url, '/oauth/token', { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret });
  assert.equal(badGrant.status, 400);
  assert.equal(badGrant.json.error, 'unsupported_grant_type');
});

test('the authorize page refuses an unregistered redirect URI and plain PKCE', async () => {
  const app = await registerApp(s.url);
  const evil = await openAuthorize(s.url, { response_type: 'code', client_id: app.client_id, redirect_uri: 'https://evil.example/cb' });
  assert.equal(evil.status, 400);
  assert.equal(evil.csrf, undefined, 'no form is shown');
  const plain = await openAuthorize(s.url, { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
  assert.equal(plain.status, 400);
  const unknownClient = await openAuthorize(s.url, { response_type: 'code', client_id: 'nope', redirect_uri: REDIRECT });
  assert.equal(unknownClient.status, 400);
  const tooWide = await openAuthorize(s.url, { response_type: 'code', client_id: (await registerApp(s.url, 'read')).client_id, redirect_uri: REDIRECT, scope: 'read write' });
  assert.equal(tooWide.status, 400, 'scopes beyond the app registration are refused');
});

test('a missing or forged CSRF token is 403 and issues no code', async () => {
  const app = await registerApp(s.url);
  const page = await openAuthorize(s.url, { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read' });
  const before = await codeCount();
  const fields: Record<string, string> = { ...page.hidden, handle: 'oauth_user', passphrase: PASSPHRASE };

  const noCookie = await formPost(s.url, '/oauth/authorize', fields);
  assert.equal(noCookie.status, 403);
  const withoutToken = { ...fields };
  delete withoutToken._csrf;
  const noToken = await formPost(s.url, '/oauth/authorize', withoutToken, page.cookie);
  assert.equal(noToken.status, 403);
  const forged = await formPost(s.url, '/oauth/authorize', { ...fields, _csrf: crypto.randomBytes(32).toString('base64url') }, page.cookie);
  assert.equal(forged.status, 403);
  const otherCookie = await formPost(s.url, '/oauth/authorize', fields, `publius_csrf=${crypto.randomBytes(24).toString('base64url')}`);
  assert.equal(otherCookie.status, 403, 'a token is bound to its cookie');
  for (const r of [noCookie, noToken, forged, otherCookie]) assert.equal(r.headers.get('location'), null);
  assert.equal(await codeCount(), before);
});

test('a wrong passphrase shows the form again with 401 and writes no code', async () => {
  const app = await registerApp(s.url);
  const page = await openAuthorize(s.url, { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read' });
  const before = await codeCount();
  const res = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'oauth_user', passphrase: 'not the right passphrase' }, page.cookie);
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('location'), null);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  assert.match(res.text, /role="alert"/);
  assert.match(res.text, /name="_csrf"/, 'the form is shown again');
  assert.ok(!res.text.includes('not the right passphrase'), 'the passphrase is not echoed');
  const unknown = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'nobody_at_all', passphrase: PASSPHRASE }, page.cookie);
  assert.equal(unknown.status, 401);
  assert.equal(await codeCount(), before);
});

test('the refresh grant rotates both tokens; the old access and refresh tokens stop working', async () => {
  const app = await registerApp(s.url);
  const first = (await exchange(app, await authorize(app))).json;
  const refreshed = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', client_id: app.client_id, client_secret: app.client_secret, refresh_token: first.refresh_token });
  assert.equal(refreshed.status, 200, refreshed.text);
  assert.notEqual(refreshed.json.access_token, first.access_token);
  assert.notEqual(refreshed.json.refresh_token, first.refresh_token);
  assert.equal(refreshed.json.scope, first.scope);

  assert.equal((await apiClient(s.url, first.access_token).get('/api/v1/accounts/verify_credentials')).status, 401);
  assert.equal((await apiClient(s.url, refreshed.json.access_token).get('/api/v1/accounts/verify_credentials')).status, 200);
  const reuse = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', client_id: app.client_id, client_secret: app.client_secret, refresh_token: first.refresh_token });
  assert.equal(reuse.status, 400);
  assert.equal(reuse.json.error, 'invalid_grant');

  const other = await registerApp(s.url);
  const stolen = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', client_id: other.client_id, client_secret: other.client_secret, refresh_token: refreshed.json.refresh_token });
  assert.equal(stolen.status, 400, 'another client cannot use the refresh token');
  assert.equal((await apiClient(s.url, refreshed.json.access_token).get('/api/v1/accounts/verify_credentials')).status, 200);
});

test('POST /oauth/revoke answers 200 and the token stops working', async () => {
  const app = await registerApp(s.url);
  const tok = (await exchange(app, await authorize(app))).json;
  const other = await registerApp(s.url);
  const wrongClient = await formPost(s.url, '/oauth/revoke', { client_id: other.client_id, client_secret: other.client_secret, token: tok.access_token });
  assert.equal(wrongClient.status, 200);
  assert.equal((await apiClient(s.url, tok.access_token).get('/api/v1/accounts/verify_credentials')).status, 200, 'another client cannot revoke it');

  const res = await formPost(s.url, '/oauth/revoke', { client_id: app.client_id, client_secret: app.client_secret, token: tok.access_token });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, {});
  assert.equal((await apiClient(s.url, tok.access_token).get('/api/v1/accounts/verify_credentials')).status, 401);
  const unknown = await formPost(s.url, '/oauth/revoke', { client_id: app.client_id, client_secret: app.client_secret, token: 'never-issued' });
  assert.equal(unknown.status, 200);
});

test('registration with an app token returns a token and ten recovery codes; the email is stored nowhere', async () => {
  const app = await registerApp(s.url);
  const cc = await formPost(s.url, '/oauth/token', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow' });
  assert.equal(cc.status, 200, cc.text);
  assert.equal(cc.json.refresh_token, undefined);
  const appApi = apiClient(s.url, cc.json.access_token);
  assert.equal((await appApi.get('/api/v1/accounts/verify_credentials')).status, 401, 'an app token is not a user');
  const verifyApp = await appApi.get('/api/v1/apps/verify_credentials');
  assert.equal(verifyApp.status, 200);
  assert.equal(verifyApp.body.name, 'Test Client');

  const EMAIL = 'distinct.person.4q7z@example.invalid';
  const reg = await appApi.post('/api/v1/accounts', { username: 'new_signup', password: PASSPHRASE, agreement: true, locale: 'en', email: EMAIL });
  assert.equal(reg.status, 200, JSON.stringify(reg.body));
  assert.ok(reg.body.access_token);
  assert.equal(reg.body.token_type, 'Bearer');
  assert.equal(reg.body.recovery_codes.length, 10);
  assert.equal(new Set(reg.body.recovery_codes).size, 10);
  const me = await apiClient(s.url, reg.body.access_token).get('/api/v1/accounts/verify_credentials');
  assert.equal(me.status, 200);
  assert.equal(me.body.username, 'new_signup');

  const tables = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(s.ctx.db);
  assert.ok(tables.rows.some((r) => r.t === 'accounts'), 'the scan sees the tables');
  let sawHandle = false;
  for (const { t } of tables.rows) {
    const rows = await sql<{ j: string }>`select row_to_json(x)::text as j from ${sql.table(t)} x`.execute(s.ctx.db);
    for (const { j } of rows.rows) {
      assert.ok(!j.toLowerCase().includes('distinct.person'), `the email is in table ${t}`);
      assert.ok(!j.toLowerCase().includes('4q7z@'), `part of the email is in table ${t}`);
      if (j.includes('new_signup')) sawHandle = true;
    }
  }
  assert.ok(sawHandle, 'the scan reads real rows');

  const dup = await appApi.post('/api/v1/accounts', { username: 'NEW_SIGNUP', password: PASSPHRASE, agreement: true, locale: 'en' });
  assert.equal(dup.status, 422);
  const weak = await appApi.post('/api/v1/accounts', { username: 'weak_pw', password: 'short', agreement: true, locale: 'en' });
  assert.equal(weak.status, 422);
  const noAgreement = await appApi.post('/api/v1/accounts', { username: 'no_agree', password: PASSPHRASE, agreement: false, locale: 'en' });
  assert.equal(noAgreement.status, 422);
  assert.equal(await s.ctx.accounts.byHandle('no_agree'), undefined);
});

test('registration needs an app token: a user token or none is 401', async () => {
  const { token } = await seedAccount(s.ctx, 'already_here');
  const body = { username: 'via_user_token', password: PASSPHRASE, agreement: true, locale: 'en', email: 'x@example.invalid' };
  const withUser = await apiClient(s.url, token).post('/api/v1/accounts', body);
  assert.equal(withUser.status, 401);
  assert.equal(typeof withUser.body.error, 'string');
  assert.equal((await apiClient(s.url).post('/api/v1/accounts', body)).status, 401);
  assert.equal(await s.ctx.accounts.byHandle('via_user_token'), undefined);
});

async function appToken(base: string): Promise<string> {
  const app = await registerApp(base);
  const cc = await formPost(base, '/oauth/token', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write' });
  assert.equal(cc.status, 200, cc.text);
  return cc.json.access_token;
}

test('SIGNUP_MODE invite: no code 422, a fresh code 200, a reused code 422', async () => {
  const inv = await startTestServer({ env: { SIGNUP_MODE: 'invite' } });
  try {
    const api = apiClient(inv.url, await appToken(inv.url));
    const body = (username: string, invite_code?: string) => ({ username, password: PASSPHRASE, agreement: true, locale: 'en', ...(invite_code ? { invite_code } : {}) });
    const none = await api.post('/api/v1/accounts', body('no_invite'));
    assert.equal(none.status, 422, JSON.stringify(none.body));
    const invite = await inv.ctx.accounts.createInvite(null);
    const ok = await api.post('/api/v1/accounts', body('with_invite', invite));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.recovery_codes.length, 10);
    const reused = await api.post('/api/v1/accounts', body('reused_invite', invite));
    assert.equal(reused.status, 422);
    const bogus = await api.post('/api/v1/accounts', body('bogus_invite', 'not-a-real-invite'));
    assert.equal(bogus.status, 422);
    assert.equal(await inv.ctx.accounts.byHandle('reused_invite'), undefined);

    const v2 = await apiClient(inv.url).get('/api/v2/instance');
    assert.equal(v2.body.registrations.enabled, true);
    assert.equal(typeof v2.body.registrations.message, 'string');
    assert.equal((await apiClient(inv.url).get('/api/v1/instance')).body.invites_enabled, true);
  } finally { await inv.close(); }
});

test('SIGNUP_MODE closed: registration is 403 and the instance says so', async () => {
  const closed = await startTestServer({ env: { SIGNUP_MODE: 'closed' } });
  try {
    const api = apiClient(closed.url, await appToken(closed.url));
    const res = await api.post('/api/v1/accounts', { username: 'closed_out', password: PASSPHRASE, agreement: true, locale: 'en' });
    assert.equal(res.status, 403);
    assert.equal(typeof res.body.error, 'string');
    assert.equal(await closed.ctx.accounts.byHandle('closed_out'), undefined);
    assert.equal((await apiClient(closed.url).get('/api/v2/instance')).body.registrations.enabled, false);
    assert.equal((await apiClient(closed.url).get('/api/v1/instance')).body.registrations, false);
  } finally { await closed.close(); }
});

test('scopes are enforced: a read-only token reads but cannot post', async () => {
  const app = await registerApp(s.url);
  const tok = (await exchange(app, await authorize(app, { scope: 'read' }))).json;
  assert.equal(tok.scope, 'read');
  const api = apiClient(s.url, tok.access_token);
  assert.equal((await api.get('/api/v1/accounts/verify_credentials')).status, 200);
  assert.equal((await api.get('/api/v1/timelines/home')).status, 200);
  const post = await api.post('/api/v1/statuses', { status: 'should not be posted' });
  assert.equal(post.status, 403, JSON.stringify(post.body));
  assert.equal(typeof post.body.error, 'string');
  const cred = await api.patch('/api/v1/accounts/update_credentials', { display_name: 'nope' });
  assert.equal(cred.status, 403);

  const narrow = (await exchange(app, await authorize(app, { scope: 'read:accounts write:statuses' }))).json;
  const n = apiClient(s.url, narrow.access_token);
  assert.equal((await n.post('/api/v1/statuses', { status: 'narrow scope post' })).status, 200);
  assert.equal((await n.get('/api/v1/timelines/home')).status, 403, 'read:accounts does not cover the home timeline');

  const cc = await formPost(s.url, '/oauth/token', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'admin:write' });
  assert.equal(cc.status, 400);
  assert.equal(cc.json.error, 'invalid_scope');
});

test('POST /api/v1/apps validates scopes, names and redirect URIs', async () => {
  const api = apiClient(s.url);
  const unknown = await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: REDIRECT, scopes: 'read sudo' });
  assert.equal(unknown.status, 422);
  assert.match(unknown.body.error, /sudo/);
  assert.equal((await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: 'javascript:alert(1)', scopes: 'read' })).status, 422);
  assert.equal((await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: 'not a uri', scopes: 'read' })).status, 422);
  assert.equal((await api.post('/api/v1/apps', { client_name: '', redirect_uris: REDIRECT })).status, 422);
  assert.equal((await api.post('/api/v1/apps', { redirect_uris: REDIRECT })).status, 422);
  const dflt = await api.post('/api/v1/apps', { client_name: 'default scopes', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' });
  assert.equal(dflt.status, 200);
  assert.deepEqual(dflt.body.scopes, ['read']);
  const fine = await api.post('/api/v1/apps', { client_name: 'fine', redirect_uris: [REDIRECT, 'https://client.example/cb2'], scopes: 'read:statuses write:media' });
  assert.equal(fine.status, 200, JSON.stringify(fine.body));
  assert.deepEqual(fine.body.redirect_uris, [REDIRECT, 'https://client.example/cb2']);
  const rows = await s.ctx.db.selectFrom('oauth_apps').select('client_secret_hash').where('client_id', '=', fine.body.client_id).execute();
  assert.notEqual(rows[0].client_secret_hash, fine.body.client_secret, 'the secret is stored hashed');
});

test('GET /api/v1/instance and /api/v2/instance have Mastodon\'s shapes', async () => {
  const api = apiClient(s.url);
  const v1 = await api.get('/api/v1/instance');
  assert.equal(v1.status, 200);
  assert.equal(typeof v1.body.uri, 'string');
  assert.equal(typeof v1.body.title, 'string');
  assert.match(v1.body.version, /^4\./);
  assert.equal(v1.body.registrations, true);
  assert.equal(v1.body.configuration.statuses.max_characters, 500);
  assert.equal(typeof v1.body.stats.user_count, 'number');
  assert.equal(typeof v1.body.urls.streaming_api, 'string');
  assert.ok(Array.isArray(v1.body.rules));

  const v2 = await api.get('/api/v2/instance');
  assert.equal(v2.status, 200);
  assert.equal(typeof v2.body.domain, 'string');
  assert.equal(v2.body.configuration.statuses.max_characters, 500);
  assert.deepEqual(v2.body.configuration.media_attachments.supported_mime_types.slice().sort(), ['image/gif', 'image/jpeg', 'image/png', 'image/webp']);
  assert.equal(v2.body.registrations.enabled, true);
  assert.equal(v2.body.registrations.approval_required, false);
  assert.equal(typeof v2.body.usage.users.active_month, 'number');
  assert.equal(typeof v2.body.configuration.urls.streaming, 'string');
  assert.ok(Array.isArray(v2.body.rules));
});

test('client credentials may come as HTTP Basic; malformed Basic credentials are invalid_client, not a 500', async () => {
  const app = await registerApp(s.url);
  const basic = (cred: string) => ({ authorization: `Basic ${Buffer.from(cred).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' });
  const ok = await fetch(`${s.url}/oauth/token`, { method: 'POST', headers: basic(`${app.client_id}:${app.client_secret}`), body: 'grant_type=client_credentials&scope=read' });
  assert.equal(ok.status, 200);
  assert.ok((await ok.json()).access_token);
  for (const cred of ['%:x', 'a%zz:b', `${app.client_id}:%E0%A4%A`]) {
    const res = await fetch(`${s.url}/oauth/token`, { method: 'POST', headers: basic(cred), body: 'grant_type=client_credentials' });
    assert.equal(res.status, 401, cred);
    assert.equal((await res.json()).error, 'invalid_client');
    const revoke = await fetch(`${s.url}/oauth/revoke`, { method: 'POST', headers: basic(cred), body: 'token=whatever' });
    assert.equal(revoke.status, 200, `revoke with ${cred}`);
  }
});
