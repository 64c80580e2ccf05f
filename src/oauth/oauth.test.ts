import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../../test/harness.js';
import {
  REDIRECT, registerApp, formPost, pkce, openAuthorize, authorizeQuery, authorizeCode, exchangeCode, type TestApp,
} from '../../test/oauth.js';

/**
 * OAuth 2 as a Mastodon client and a browser drive it, over real HTTP: app registration, the authorisation-code
 * flow with PKCE through the HTML form (CSRF included), token exchange, refresh, revocation and scopes.
 */

let s: TestServer;

before(async () => {
  s = await startTestServer();
  await seedAccount(s.ctx, 'oauth_user');
});
after(async () => { await s.close(); });

async function codeCount(): Promise<number> {
  const row = await s.ctx.db.selectFrom('oauth_codes').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const authorize = (app: TestApp, opts: Parameters<typeof authorizeCode>[2] = {}) => authorizeCode(s.url, app, opts);
const exchange = (app: TestApp, code: string, extra: Record<string, string> = {}) => exchangeCode(s.url, app, code, extra);

/** A stand-in for the client app's redirect endpoint: answers with the query string it received. */
async function startCallbackServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(Object.fromEntries(new URL(req.url!, 'http://x').searchParams)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, close: () => new Promise((r) => server.close(() => r())) };
}

test('the full authorization-code flow with PKCE: form, CSRF, redirect followed to the app, exchange, use, refresh, revoke', async () => {
  const callback = await startCallbackServer();
  try {
    const app = await registerApp(s.url, { redirect: [REDIRECT, callback.url] });
    assert.deepEqual(app.scopes, ['read', 'write', 'follow']);
    assert.deepEqual(app.redirect_uris, [REDIRECT, callback.url]);
    const { verifier, challenge } = pkce();

    const page = await openAuthorize(s.url, {
      response_type: 'code', client_id: app.client_id, redirect_uri: callback.url, scope: 'read write', state: 'xyz-state&=1',
      code_challenge: challenge, code_challenge_method: 'S256',
    });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    // Browsers apply form-action to the redirect answering the form: the app's origin must be allowed, nothing more.
    assert.match(csp, new RegExp(`form-action 'self' ${new URL(callback.url).origin.replace(/\./g, '\\.')}(;|$)`));
    assert.match(page.text, /<form class="card" method="post" action="\/oauth\/authorize">/);
    assert.match(page.text, /<link rel="stylesheet" href="\/static\/publius.css">/);
    assert.ok(!/<script|style=/i.test(page.text), 'no inline script or style');
    assert.match(page.text, /Authorize Test Client/);
    assert.match(page.text, /<code>read<\/code>/);
    assert.match(page.text, /<code>write<\/code>/);
    assert.ok(page.csrf, 'the form carries a CSRF token');
    assert.match(page.cookie ?? '', /^publius_csrf=/);
    assert.equal(page.hidden.code_challenge, challenge);
    assert.equal(page.hidden.state, 'xyz-state&=1');

    // The browser posts the form and follows the redirect to the app, which receives code and state.
    const res = await fetch(`${s.url}/oauth/authorize`, {
      method: 'POST', redirect: 'follow', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.cookie! },
      body: new URLSearchParams({ ...page.hidden, handle: 'oauth_user', passphrase: PASSPHRASE }).toString(),
    });
    assert.equal(res.status, 200);
    assert.ok(res.redirected);
    assert.equal(res.url.split('?')[0], callback.url);
    const received = await res.json() as Record<string, string>;
    assert.equal(received.state, 'xyz-state&=1');
    const code = received.code;
    assert.ok(code && code.length >= 40);
    const stored = await s.ctx.db.selectFrom('oauth_codes').selectAll().execute();
    assert.ok(!JSON.stringify(stored).includes(code), 'the code is stored only as a hash');

    const tok = await exchange(app, code, { code_verifier: verifier, redirect_uri: callback.url });
    assert.equal(tok.status, 200, tok.text);
    assert.equal(tok.headers.get('cache-control'), 'no-store');
    assert.equal(tok.json.token_type, 'Bearer');
    assert.equal(tok.json.scope, 'read write');
    assert.ok(tok.json.access_token && tok.json.refresh_token);
    assert.ok(Math.abs(tok.json.created_at - Date.now() / 1000) < 60, 'created_at is the time of issue, in seconds');
    assert.equal(tok.json.expires_in, s.config.tokenTtlDays * 86_400);

    const me = await apiClient(s.url, tok.json.access_token).get('/api/v1/accounts/verify_credentials');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'oauth_user');
    const verifyApp = await apiClient(s.url, tok.json.access_token).get('/api/v1/apps/verify_credentials');
    assert.equal(verifyApp.body.name, 'Test Client');

    const again = await exchange(app, code, { code_verifier: verifier, redirect_uri: callback.url });
    assert.equal(again.status, 400, 'a code works once');
    assert.equal(again.json.error, 'invalid_grant');
    assert.equal(typeof again.json.error_description, 'string');

    const refreshed = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', client_id: app.client_id, client_secret: app.client_secret, refresh_token: tok.json.refresh_token });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.equal(refreshed.json.scope, 'read write');
    assert.equal((await apiClient(s.url, tok.json.access_token).get('/api/v1/accounts/verify_credentials')).status, 401, 'the old token died with the refresh');
    const newApi = apiClient(s.url, refreshed.json.access_token);
    assert.equal((await newApi.get('/api/v1/accounts/verify_credentials')).status, 200);

    const revoked = await formPost(s.url, '/oauth/revoke', { client_id: app.client_id, client_secret: app.client_secret, token: refreshed.json.access_token });
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.json, {});
    assert.equal((await newApi.get('/api/v1/accounts/verify_credentials')).status, 401);
    const refreshAfterRevoke = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', client_id: app.client_id, client_secret: app.client_secret, refresh_token: refreshed.json.refresh_token });
    assert.equal(refreshAfterRevoke.status, 400, 'revoking the access token ends its refresh token too');
  } finally { await callback.close(); }
});

test('a wrong, missing or malformed code_verifier is invalid_grant, and the code is spent', async () => {
  const app = await registerApp(s.url);
  const { challenge, verifier } = pkce();
  const code = await authorize(app, { challenge });
  const wrong = await exchange(app, code, { code_verifier: pkce().verifier });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error, 'invalid_grant');
  assert.equal((await exchange(app, code, { code_verifier: verifier })).status, 400, 'a failed exchange cannot be retried with the right verifier');

  const missing = await exchange(app, await authorize(app, { challenge }));
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error, 'invalid_grant');
  const tooShort = await exchange(app, await authorize(app, { challenge: pkce().challenge }), { code_verifier: 'abc' });
  assert.equal(tooShort.json.error, 'invalid_grant');
});

test('the code only works with its redirect URI, its client and its secret, and only for ten minutes', async () => {
  const app = await registerApp(s.url, { redirect: [REDIRECT, 'https://client.example/other'] });
  const other = await registerApp(s.url);
  const wrongRedirect = await exchange(app, await authorize(app), { redirect_uri: 'https://client.example/other' });
  assert.equal(wrongRedirect.status, 400);
  assert.equal(wrongRedirect.json.error, 'invalid_grant');

  const code = await authorize(app);
  const otherClient = await formPost(s.url, '/oauth/token', { grant_type: 'authorization_code', client_id: other.client_id, client_secret: other.client_secret, redirect_uri: REDIRECT, code });
  assert.equal(otherClient.status, 400);
  assert.equal(otherClient.json.error, 'invalid_grant');
  const badSecret = await exchange(app, code, { client_secret: 'wrong-secret' });
  assert.equal(badSecret.status, 401);
  assert.equal(badSecret.json.error, 'invalid_client');
  const ok = await exchange(app, code);
  assert.equal(ok.status, 200, 'a code without PKCE is exchanged by its own client');

  const late = await authorize(app);
  await s.ctx.db.updateTable('oauth_codes').set({ expires_at: new Date(Date.now() - 1000) }).execute();
  const expired = await exchange(app, late);
  assert.equal(expired.status, 400);
  assert.equal(expired.json.error, 'invalid_grant');
});

test('the token endpoint answers OAuth errors for missing and unsupported parameters', async () => {
  const app = await registerApp(s.url);
  const creds = { client_id: app.client_id, client_secret: app.client_secret };
  const noCode = await formPost(s.url, '/oauth/token', { grant_type: 'authorization_code', ...creds, redirect_uri: REDIRECT });
  assert.equal(noCode.status, 400);
  assert.equal(noCode.json.error, 'invalid_request');
  const noGrant = await formPost(s.url, '/oauth/token', creds);
  assert.equal(noGrant.json.error, 'invalid_request');
  const password = await formPost(s.url, '/oauth/token', { grant_type: 'password', ...creds, username: 'oauth_user', password: PASSPHRASE });
  assert.equal(password.status, 400);
  assert.equal(password.json.error, 'unsupported_grant_type');
  const noRefresh = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', ...creds });
  assert.equal(noRefresh.json.error, 'invalid_request');
  const noClient = await formPost(s.url, '/oauth/token', { grant_type: 'client_credentials' });
  assert.equal(noClient.status, 401);
  assert.equal(noClient.json.error, 'invalid_client');
  const huge = await formPost(s.url, '/oauth/token', { grant_type: 'authorization_code', ...creds, redirect_uri: REDIRECT, code: 'x'.repeat(5000) });
  assert.equal(huge.status, 400);
  assert.equal(huge.json.error, 'invalid_request');
  const wide = await formPost(s.url, '/oauth/token', { grant_type: 'client_credentials', ...creds, scope: 'admin:write' });
  assert.equal(wide.status, 400);
  assert.equal(wide.json.error, 'invalid_scope');
});

test('the authorize page refuses unknown clients, unregistered redirect URIs, wide scopes, plain PKCE and malformed requests', async () => {
  const app = await registerApp(s.url);
  const cases: Array<[string, Record<string, string>]> = [
    ['unregistered redirect', { response_type: 'code', client_id: app.client_id, redirect_uri: 'https://evil.example/cb' }],
    ['plain PKCE', { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }],
    ['PKCE without a method', { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, code_challenge: 'a'.repeat(43) }],
    ['malformed challenge', { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, code_challenge: 'short', code_challenge_method: 'S256' }],
    ['unknown client', { response_type: 'code', client_id: 'nope', redirect_uri: REDIRECT }],
    ['unknown scope', { response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope: 'read sudo' }],
    ['token response type', { response_type: 'token', client_id: app.client_id, redirect_uri: REDIRECT }],
    ['no client', { response_type: 'code', redirect_uri: REDIRECT }],
  ];
  for (const [name, query] of cases) {
    const page = await openAuthorize(s.url, query);
    assert.equal(page.status, 400, name);
    assert.equal(page.csrf, undefined, `${name}: no form is shown`);
    assert.match(page.text, /role="alert"/, name);
    assert.equal(page.headers.get('location'), null, `${name}: no redirect to an unchecked URI`);
  }
  const readOnly = await registerApp(s.url, { scopes: 'read' });
  const tooWide = await openAuthorize(s.url, { response_type: 'code', client_id: readOnly.client_id, redirect_uri: REDIRECT, scope: 'read write' });
  assert.equal(tooWide.status, 400, 'scopes beyond the app registration are refused');
  const implied = await openAuthorize(s.url, { response_type: 'code', client_id: readOnly.client_id });
  assert.equal(implied.status, 200, 'the redirect URI may be left out when the app registered only one');
  assert.equal(implied.hidden.redirect_uri, REDIRECT);
  assert.equal(implied.hidden.scope, 'read', 'the default scope is read');
});

test('a missing, forged, foreign or cross-site CSRF token is a 403 page and issues no code', async () => {
  const app = await registerApp(s.url);
  const page = await openAuthorize(s.url, authorizeQuery(app, { scope: 'read' }));
  const before = await codeCount();
  const fields: Record<string, string> = { ...page.hidden, handle: 'oauth_user', passphrase: PASSPHRASE };
  const withoutToken = { ...fields };
  delete withoutToken._csrf;

  const attempts = {
    noCookie: await formPost(s.url, '/oauth/authorize', fields),
    noToken: await formPost(s.url, '/oauth/authorize', withoutToken, { cookie: page.cookie! }),
    forged: await formPost(s.url, '/oauth/authorize', { ...fields, _csrf: crypto.randomBytes(32).toString('base64url') }, { cookie: page.cookie! }),
    otherCookie: await formPost(s.url, '/oauth/authorize', fields, { cookie: `publius_csrf=${crypto.randomBytes(24).toString('base64url')}` }),
    crossSite: await formPost(s.url, '/oauth/authorize', fields, { cookie: page.cookie!, 'sec-fetch-site': 'cross-site' }),
    arrayToken: await formPost(s.url, '/oauth/authorize', { ...fields, '_csrf[]': page.csrf! }, { cookie: page.cookie! }),
  };
  for (const [name, r] of Object.entries(attempts)) {
    assert.equal(r.status, 403, name);
    assert.equal(r.headers.get('location'), null, name);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/, `${name}: a page, not JSON`);
  }
  assert.equal(await codeCount(), before);
  const sameOrigin = await formPost(s.url, '/oauth/authorize', fields, { cookie: page.cookie!, 'sec-fetch-site': 'same-origin' });
  assert.equal(sameOrigin.status, 302, 'the genuine form still works');
});

test('a wrong passphrase or an unknown handle shows the form again with 401 and writes no code', async () => {
  const app = await registerApp(s.url);
  const page = await openAuthorize(s.url, authorizeQuery(app, { scope: 'read' }));
  const before = await codeCount();
  const res = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'oauth_user', passphrase: 'not the right passphrase' }, { cookie: page.cookie! });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('location'), null);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  assert.match(res.text, /role="alert">Invalid handle or passphrase</);
  assert.match(res.text, /name="_csrf"/, 'the form is shown again');
  assert.ok(!res.text.includes('not the right passphrase'), 'the passphrase is not echoed');
  const unknown = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'nobody_at_all', passphrase: PASSPHRASE }, { cookie: page.cookie! });
  assert.equal(unknown.status, 401);
  const empty = await formPost(s.url, '/oauth/authorize', { ...page.hidden }, { cookie: page.cookie! });
  assert.equal(empty.status, 401, 'no credentials and no web session');
  assert.equal(await codeCount(), before);
});

test('a suspended account cannot authorize', async () => {
  await seedAccount(s.ctx, 'suspended_user');
  await s.ctx.accounts.setSuspended('suspended_user', true);
  const app = await registerApp(s.url);
  const page = await openAuthorize(s.url, authorizeQuery(app));
  const before = await codeCount();
  const res = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'suspended_user', passphrase: PASSPHRASE }, { cookie: page.cookie! });
  assert.equal(res.status, 403);
  assert.match(res.text, /role="alert"/);
  assert.equal(await codeCount(), before);
});

test('Deny sends the person back with error=access_denied and the state, and no code', async () => {
  const app = await registerApp(s.url);
  const page = await openAuthorize(s.url, authorizeQuery(app, { state: 'keep-me' }));
  assert.match(page.text, /name="decision" value="deny"[^>]*formnovalidate/);
  const before = await codeCount();
  const res = await formPost(s.url, '/oauth/authorize', { ...page.hidden, decision: 'deny' }, { cookie: page.cookie! });
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.get('location')!);
  assert.equal(`${loc.origin}${loc.pathname}`, REDIRECT);
  assert.equal(loc.searchParams.get('error'), 'access_denied');
  assert.equal(loc.searchParams.get('state'), 'keep-me');
  assert.equal(loc.searchParams.get('code'), null);
  assert.equal(await codeCount(), before);
});

test('out of band: the code is shown on a page that is never cached, and exchanged with the oob redirect URI', async () => {
  const OOB = 'urn:ietf:wg:oauth:2.0:oob';
  const app = await registerApp(s.url, { redirect: OOB });
  const page = await openAuthorize(s.url, { response_type: 'code', client_id: app.client_id, redirect_uri: OOB, scope: 'read' });
  assert.equal(page.status, 200);
  assert.match(page.text, /shown a code to copy/);
  const res = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'oauth_user', passphrase: PASSPHRASE }, { cookie: page.cookie! });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const code = /<code class="code">([^<]+)<\/code>/.exec(res.text)?.[1];
  assert.ok(code);
  const tok = await formPost(s.url, '/oauth/token', { grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, redirect_uri: OOB, code });
  assert.equal(tok.status, 200, tok.text);
  assert.equal(tok.json.scope, 'read');
});

test('signed in on the web, the form asks only for consent; force_login asks for the passphrase again', async () => {
  const { account } = await seedAccount(s.ctx, 'web_user');
  const web = await s.ctx.sessions.issue({ kind: 'web', accountId: account.id, appId: null, scopes: [], ttlDays: 1 });
  const app = await registerApp(s.url);
  const first = await openAuthorize(s.url, authorizeQuery(app));
  const cookie = `${first.cookie}; publius_session=${web.token}`;

  const consent = await openAuthorize(s.url, authorizeQuery(app), cookie);
  assert.equal(consent.status, 200);
  assert.match(consent.text, /Signed in as <strong>@web_user<\/strong>/);
  assert.ok(!consent.text.includes('name="passphrase"'));
  const res = await formPost(s.url, '/oauth/authorize', { ...consent.hidden }, { cookie });
  assert.equal(res.status, 302, res.text);
  const tok = await exchange(app, new URL(res.headers.get('location')!).searchParams.get('code')!);
  assert.equal((await apiClient(s.url, tok.json.access_token).get('/api/v1/accounts/verify_credentials')).body.username, 'web_user');

  const forced = await openAuthorize(s.url, { ...authorizeQuery(app), force_login: 'true' }, cookie);
  assert.match(forced.text, /name="passphrase"/);
  assert.equal(forced.hidden.force_login, 'true');
  const noPassphrase = await formPost(s.url, '/oauth/authorize', { ...forced.hidden }, { cookie });
  assert.equal(noPassphrase.status, 401, 'force_login ignores the web session');
  const other = await formPost(s.url, '/oauth/authorize', { ...forced.hidden, handle: 'oauth_user', passphrase: PASSPHRASE }, { cookie });
  assert.equal(other.status, 302);
  const otherTok = await exchange(app, new URL(other.headers.get('location')!).searchParams.get('code')!);
  assert.equal((await apiClient(s.url, otherTok.json.access_token).get('/api/v1/accounts/verify_credentials')).body.username, 'oauth_user');
});

test('the app name, state and redirect URI are escaped on the page', async () => {
  const nasty = '<script>alert("x")</script>&"\'';
  const redirect = 'https://client.example/cb?a="><img/src=x>';
  const app = await registerApp(s.url, { name: nasty, redirect });
  const page = await openAuthorize(s.url, { response_type: 'code', client_id: app.client_id, redirect_uri: redirect, state: '"><script>alert(2)</script>' });
  assert.equal(page.status, 200);
  assert.ok(!page.text.includes('<script'), 'no script element');
  assert.ok(!page.text.includes('<img'), 'no injected element');
  assert.match(page.text, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;&quot;&#39;/);
  assert.equal(page.hidden.state, '"><script>alert(2)</script>', 'the state round-trips intact');
  assert.equal(page.hidden.redirect_uri, redirect);
  const res = await formPost(s.url, '/oauth/authorize', { ...page.hidden, handle: 'oauth_user', passphrase: 'wrong passphrase entirely' }, { cookie: page.cookie! });
  assert.equal(res.status, 401);
  assert.ok(!res.text.includes('<script'), 'the re-rendered form escapes too');
});

test('the consent page\'s CSP lets the form lead only to the app\'s redirect target', async () => {
  const app = await registerApp(s.url, { redirect: [REDIRECT, 'myapp://oauth-callback', 'urn:ietf:wg:oauth:2.0:oob'] });
  const formAction = async (redirect: string) => {
    const page = await openAuthorize(s.url, { ...authorizeQuery(app), redirect_uri: redirect });
    assert.equal(page.status, 200);
    return /form-action ([^;]*)/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
  };
  assert.equal(await formAction(REDIRECT), "'self' https://client.example");
  assert.equal(await formAction('myapp://oauth-callback'), "'self' myapp:");
  assert.equal(await formAction('urn:ietf:wg:oauth:2.0:oob'), "'self'", 'out of band the form stays here');
  const elsewhere = await fetch(`${s.url}/api/v2/instance`);
  assert.match(elsewhere.headers.get('content-security-policy') ?? '', /form-action 'self'(;|$)/, 'other responses keep the strict policy');
});

test('the refresh grant rotates both tokens and only for the client that holds them', async () => {
  const app = await registerApp(s.url);
  const first = (await exchange(app, await authorize(app))).json;
  const refreshed = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', client_id: app.client_id, client_secret: app.client_secret, refresh_token: first.refresh_token });
  assert.equal(refreshed.status, 200, refreshed.text);
  assert.notEqual(refreshed.json.access_token, first.access_token);
  assert.notEqual(refreshed.json.refresh_token, first.refresh_token);
  assert.equal(refreshed.json.scope, first.scope);

  assert.equal((await apiClient(s.url, first.access_token).get('/api/v1/accounts/verify_credentials')).status, 401);
  const reuse = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', client_id: app.client_id, client_secret: app.client_secret, refresh_token: first.refresh_token });
  assert.equal(reuse.status, 400);
  assert.equal(reuse.json.error, 'invalid_grant');

  const other = await registerApp(s.url);
  const stolen = await formPost(s.url, '/oauth/token', { grant_type: 'refresh_token', client_id: other.client_id, client_secret: other.client_secret, refresh_token: refreshed.json.refresh_token });
  assert.equal(stolen.status, 400, 'another client cannot use the refresh token');
  assert.equal((await apiClient(s.url, refreshed.json.access_token).get('/api/v1/accounts/verify_credentials')).status, 200);
});

test('POST /oauth/revoke is always 200 {}; it revokes by access or refresh token, only for the owning client', async () => {
  const app = await registerApp(s.url);
  const tok = (await exchange(app, await authorize(app))).json;
  const other = await registerApp(s.url);
  const wrongClient = await formPost(s.url, '/oauth/revoke', { client_id: other.client_id, client_secret: other.client_secret, token: tok.access_token });
  assert.equal(wrongClient.status, 200);
  assert.deepEqual(wrongClient.json, {});
  assert.equal((await apiClient(s.url, tok.access_token).get('/api/v1/accounts/verify_credentials')).status, 200, 'another client cannot revoke it');

  const byRefresh = await formPost(s.url, '/oauth/revoke', { client_id: app.client_id, client_secret: app.client_secret, token: tok.refresh_token, token_type_hint: 'refresh_token' });
  assert.equal(byRefresh.status, 200);
  assert.equal((await apiClient(s.url, tok.access_token).get('/api/v1/accounts/verify_credentials')).status, 401, 'the refresh token names the session');

  for (const body of [
    { client_id: app.client_id, client_secret: app.client_secret, token: 'never-issued' },
    { client_id: app.client_id, client_secret: 'wrong', token: 'never-issued' },
    { token: 'no client at all' },
    {},
  ]) {
    const res = await formPost(s.url, '/oauth/revoke', body as Record<string, string>);
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(res.json, {});
  }
});

test('scopes are enforced: a read-only token reads but cannot write', async () => {
  const app = await registerApp(s.url);
  const tok = (await exchange(app, await authorize(app, { scope: 'read' }))).json;
  assert.equal(tok.scope, 'read');
  const api = apiClient(s.url, tok.access_token);
  assert.equal((await api.get('/api/v1/accounts/verify_credentials')).status, 200);
  assert.equal((await api.get('/api/v1/timelines/home')).status, 200);
  const post = await api.post('/api/v1/statuses', { status: 'should not be posted' });
  assert.equal(post.status, 403, JSON.stringify(post.body));
  assert.equal(typeof post.body.error, 'string');
  assert.equal((await api.patch('/api/v1/accounts/update_credentials', { display_name: 'nope' })).status, 403);
  assert.equal((await api.post('/api/v1/publius/passphrase', { current: PASSPHRASE, new: 'another long passphrase 77' })).status, 403);
  const me = await s.ctx.accounts.byHandle('oauth_user');
  const posts = await s.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', me!.id).execute();
  assert.equal(posts.length, 0, 'nothing was posted');

  const narrow = (await exchange(app, await authorize(app, { scope: 'read:accounts write:statuses' }))).json;
  const n = apiClient(s.url, narrow.access_token);
  assert.equal((await n.post('/api/v1/statuses', { status: 'narrow scope post' })).status, 200);
  assert.equal((await n.get('/api/v1/timelines/home')).status, 403, 'read:accounts does not cover the home timeline');
});

test('POST /api/v1/apps validates scopes, names, websites and redirect URIs; the secret is stored hashed', async () => {
  const api = apiClient(s.url);
  const unknown = await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: REDIRECT, scopes: 'read sudo' });
  assert.equal(unknown.status, 422);
  assert.match(unknown.body.error, /sudo/);
  for (const redirect of ['javascript:alert(1)', 'data:text/html,hi', 'not a uri', 'https://client.example/cb#frag', '']) {
    assert.equal((await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: redirect, scopes: 'read' })).status, 422, redirect);
  }
  assert.equal((await api.post('/api/v1/apps', { client_name: '', redirect_uris: REDIRECT })).status, 422);
  assert.equal((await api.post('/api/v1/apps', { client_name: 'x'.repeat(101), redirect_uris: REDIRECT })).status, 422);
  assert.equal((await api.post('/api/v1/apps', { redirect_uris: REDIRECT })).status, 422);
  assert.equal((await api.post('/api/v1/apps', { client_name: 'x', redirect_uris: REDIRECT, website: 'javascript:alert(1)' })).status, 422);
  const before = await s.ctx.db.selectFrom('oauth_apps').select('id').execute();

  const dflt = await api.post('/api/v1/apps', { client_name: 'default scopes', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' });
  assert.equal(dflt.status, 200);
  assert.deepEqual(dflt.body.scopes, ['read']);
  assert.equal(dflt.body.website, null);
  const fine = await api.post('/api/v1/apps', { client_name: 'fine', redirect_uris: `${REDIRECT}\nmyapp://oauth-callback`, scopes: 'read:statuses write:media', website: 'https://fine.example' });
  assert.equal(fine.status, 200, JSON.stringify(fine.body));
  assert.deepEqual(fine.body.redirect_uris, [REDIRECT, 'myapp://oauth-callback']);
  assert.equal(fine.body.redirect_uri, `${REDIRECT}\nmyapp://oauth-callback`);
  assert.equal(fine.body.website, 'https://fine.example');
  assert.equal(fine.body.client_secret_expires_at, 0);
  assert.equal(typeof fine.body.vapid_key, 'string');
  const asArray = await api.post('/api/v1/apps', { client_name: 'array', redirect_uris: [REDIRECT, 'https://client.example/two'] });
  assert.deepEqual(asArray.body.redirect_uris, [REDIRECT, 'https://client.example/two']);

  const rows = await s.ctx.db.selectFrom('oauth_apps').selectAll().where('client_id', '=', fine.body.client_id).execute();
  assert.equal(rows.length, 1);
  assert.ok(!JSON.stringify(rows).includes(fine.body.client_secret), 'the secret is stored only as a hash');
  assert.equal((await s.ctx.db.selectFrom('oauth_apps').select('id').execute()).length, before.length + 3, 'refused apps were not stored');

  const anon = await api.get('/api/v1/apps/verify_credentials');
  assert.equal(anon.status, 401);
});

test('client credentials may come as HTTP Basic; malformed Basic credentials are invalid_client, not a 500', async () => {
  const app = await registerApp(s.url);
  const basic = (cred: string) => ({ authorization: `Basic ${Buffer.from(cred).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' });
  const ok = await fetch(`${s.url}/oauth/token`, { method: 'POST', headers: basic(`${app.client_id}:${app.client_secret}`), body: 'grant_type=client_credentials&scope=read' });
  assert.equal(ok.status, 200);
  assert.ok((await ok.json()).access_token);
  for (const cred of ['%:x', 'a%zz:b', `${app.client_id}:%E0%A4%A`, 'no-colon', `${app.client_id}:wrong`]) {
    const res = await fetch(`${s.url}/oauth/token`, { method: 'POST', headers: basic(cred), body: 'grant_type=client_credentials' });
    assert.equal(res.status, 401, cred);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Basic/);
    assert.equal((await res.json()).error, 'invalid_client');
    const revoke = await fetch(`${s.url}/oauth/revoke`, { method: 'POST', headers: basic(cred), body: 'token=whatever' });
    assert.equal(revoke.status, 200, `revoke with ${cred}`);
  }
});

test('RFC 8414 metadata names the endpoints and S256 as the only PKCE method', async () => {
  const res = await apiClient(s.url).get('/.well-known/oauth-authorization-server');
  assert.equal(res.status, 200);
  assert.equal(res.body.authorization_endpoint, `${s.config.publicUrl}/oauth/authorize`);
  assert.equal(res.body.token_endpoint, `${s.config.publicUrl}/oauth/token`);
  assert.equal(res.body.revocation_endpoint, `${s.config.publicUrl}/oauth/revoke`);
  assert.deepEqual(res.body.code_challenge_methods_supported, ['S256']);
  assert.ok(res.body.scopes_supported.includes('write:statuses'));
});
