import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { startTestServer, seedAccount, PASSPHRASE, TEST_BACKEND, type TestServer } from '../../../test/harness.js';
import { authorizeQuery, formPost, openAuthorize, registerApp } from '../../../test/oauth.js';
import { createContext, type Context } from '../../context.js';
import { createLogger } from '../../logger.js';
import { buildApp } from '../../app.js';
import { csrf, csrfProtected, CsrfProtection, CSRF_FIELD, CSRF_SECRET_SETTING } from './csrf.js';

/**
 * The CSRF helper every form uses: tokens survive a restart and are accepted by another process on the same
 * database, the cookie is hardened on HTTPS, and the preHandler refuses a POST without a valid token.
 */

/** Another server process on the same database as `t` (a restart when `t` is stopped; a sibling when not). */
async function sibling(t: TestServer): Promise<{ ctx: Context; app: FastifyInstance; url: string; close(): Promise<void> }> {
  const dbTarget = t.databaseUrl ? { url: t.databaseUrl, poolSize: 2 } : { dataDir: path.join(t.dataDir, 'db') };
  const ctx = await createContext(t.config, { logger: createLogger('silent'), dbTarget });
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ctx, app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    async close() { await app.close(); await ctx.close(); },
  };
}

test('a form loaded before a restart still posts after it: the secret is in the database', async () => {
  const first = await startTestServer({ persistentDb: true });
  try {
    await seedAccount(first.ctx, 'oauth_user');
    const app = await registerApp(first.url);
    const page = await openAuthorize(first.url, authorizeQuery(app));
    assert.ok(page.csrf && page.cookie);
    await first.stop();

    const restarted = await sibling(first);
    try {
      const res = await formPost(restarted.url, '/oauth/authorize', { ...page.hidden, handle: 'oauth_user', passphrase: PASSPHRASE }, { cookie: page.cookie! });
      assert.equal(res.status, 302, res.text);
      const rows = await restarted.ctx.db.selectFrom('instance_settings').selectAll().where('key', '=', CSRF_SECRET_SETTING).execute();
      assert.equal(rows.length, 1);
      assert.equal(Buffer.from(rows[0].value, 'base64url').length, 32);
    } finally { await restarted.close(); }
  } finally { await first.cleanup(); }
});

test('several processes on one PostgreSQL database accept each other\'s tokens', { skip: TEST_BACKEND !== 'postgres' && 'PGlite is a single process; run with PUBLIUS_TEST_BACKEND=postgres' }, async () => {
  const a = await startTestServer();
  const b = await sibling(a);
  try {
    await seedAccount(a.ctx, 'oauth_user');
    const app = await registerApp(a.url);
    // Both processes create the secret at once: one row wins, both use it.
    const [pageA, pageB] = await Promise.all([openAuthorize(a.url, authorizeQuery(app)), openAuthorize(b.url, authorizeQuery(app))]);
    const toB = await formPost(b.url, '/oauth/authorize', { ...pageA.hidden, handle: 'oauth_user', passphrase: PASSPHRASE }, { cookie: pageA.cookie! });
    assert.equal(toB.status, 302, toB.text);
    const toA = await formPost(a.url, '/oauth/authorize', { ...pageB.hidden, handle: 'oauth_user', passphrase: PASSPHRASE }, { cookie: pageB.cookie! });
    assert.equal(toA.status, 302, toA.text);
  } finally { await b.close(); await a.close(); }
});

test('two helpers on one database sign alike; a different nonce gets a different token', async () => {
  const t = await startTestServer();
  try {
    const nonce = 'n'.repeat(32);
    const fakeRequest = (value: string, body?: Record<string, unknown>) => ({ headers: {}, cookies: { publius_csrf: value }, body }) as never;
    const fakeReply = { setCookie() { throw new Error('no cookie should be set'); } } as never;
    const one = await new CsrfProtection(t.ctx.db, false).token(fakeRequest(nonce), fakeReply);
    const two = await new CsrfProtection(t.ctx.db, false).token(fakeRequest(nonce), fakeReply);
    assert.equal(one, two);
    assert.notEqual(await new CsrfProtection(t.ctx.db, false).token(fakeRequest('m'.repeat(32)), fakeReply), one);
    await new CsrfProtection(t.ctx.db, false).verify(fakeRequest(nonce, { [CSRF_FIELD]: one }));
    await assert.rejects(new CsrfProtection(t.ctx.db, false).verify(fakeRequest('m'.repeat(32), { [CSRF_FIELD]: one })), /form has expired/);
  } finally { await t.close(); }
});

test('on HTTPS the cookie is __Host-, Secure, HttpOnly and SameSite=Lax; on HTTP it is plain', async () => {
  const secure = await startTestServer({ env: { PUBLIC_URL: 'https://social.example' } });
  try {
    const app = await registerApp(secure.url);
    const res = await fetch(`${secure.url}/oauth/authorize?${new URLSearchParams(authorizeQuery(app))}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-publius_csrf='));
    assert.ok(cookie, res.headers.getSetCookie().join(' | '));
    assert.match(cookie, /; Path=\/(;|$)/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.doesNotMatch(cookie, /Domain=|Expires=|Max-Age=/, 'a session cookie for this host only');
    // A returning browser keeps its nonce: no new cookie.
    const again = await fetch(`${secure.url}/oauth/authorize?${new URLSearchParams(authorizeQuery(app))}`, { headers: { cookie: cookie.split(';')[0] } });
    assert.equal(again.headers.getSetCookie().length, 0);
    await again.text();
  } finally { await secure.close(); }

  const plain = await startTestServer();
  try {
    const app = await registerApp(plain.url);
    const res = await fetch(`${plain.url}/oauth/authorize?${new URLSearchParams(authorizeQuery(app))}`);
    await res.text();
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('publius_csrf='));
    assert.ok(cookie);
    assert.match(cookie, /; HttpOnly/);
    assert.doesNotMatch(cookie, /; Secure/, 'a Secure cookie would never come back over plain HTTP');
  } finally { await plain.close(); }
});

test('csrfProtected() guards a form route: 403 without a valid token, the handler runs with one', async () => {
  const t = await startTestServer();
  const ctx = t.ctx;
  const app = await buildApp(ctx);
  let handled = 0;
  app.get('/test-form', async (request, reply) => ({ token: await csrf(ctx).token(request, reply) }));
  app.post('/test-form', { preHandler: csrfProtected(ctx) }, async () => { handled++; return { ok: true }; });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const get = await fetch(`${url}/test-form`);
    const cookie = get.headers.getSetCookie()[0].split(';')[0];
    const { token } = await get.json() as { token: string };
    const refused = await formPost(url, '/test-form', { [CSRF_FIELD]: 'forged' }, { cookie });
    assert.equal(refused.status, 403);
    assert.equal(typeof refused.json.error, 'string');
    assert.equal((await formPost(url, '/test-form', {}, { cookie })).status, 403);
    assert.equal((await formPost(url, '/test-form', { [CSRF_FIELD]: token })).status, 403, 'no cookie');
    assert.equal(handled, 0);
    const ok = await formPost(url, '/test-form', { [CSRF_FIELD]: token }, { cookie });
    assert.equal(ok.status, 200);
    assert.equal(handled, 1);
    const json = await fetch(`${url}/test-form`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ [CSRF_FIELD]: token }) });
    assert.equal(json.status, 200, 'the token may come in any body format');
  } finally { await app.close(); await t.close(); }
});
