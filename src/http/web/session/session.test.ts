import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

test('sign up on the web: recovery codes shown once, signed in by an HttpOnly cookie, log out revokes the session', async () => {
  const s = await startTestServer();
  try {
    const browser = new WebClient(s.url);
    const page = await browser.get('/signup');
    assert.equal(page.status, 200);
    assert.match(page.text, /<label for="handle">/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src/);

    const mismatch = await browser.post('/signup', { handle: 'river', passphrase: PASSPHRASE, passphrase_confirm: 'something else entirely', agree: 'yes' });
    assert.equal(mismatch.status, 422);
    assert.match(mismatch.text, /passphrases differ/);
    assert.equal(await s.ctx.accounts.store.byHandle('river'), undefined, 'nothing was created');

    const forged = await browser.post('/signup', { handle: 'river', passphrase: PASSPHRASE, passphrase_confirm: PASSPHRASE, agree: 'yes' }, { csrf: 'forged' });
    assert.equal(forged.status, 403, 'a form without the right CSRF token changes nothing');

    await browser.get('/signup');
    const created = await browser.post('/signup', { handle: 'river', passphrase: PASSPHRASE, passphrase_confirm: PASSPHRASE, agree: 'yes' });
    assert.equal(created.status, 201, created.text.slice(0, 500));
    assert.equal((created.text.match(/<li><code>/g) ?? []).length, 10, 'ten recovery codes, shown once');
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const cookie = created.headers.getSetCookie().find((c) => c.startsWith('publius_session='));
    assert.ok(cookie && /HttpOnly/i.test(cookie) && /SameSite=Lax/i.test(cookie));
    assert.match(created.text, /aria-label="Main"[\s\S]*Log out/, 'the navigation knows who is signed in');

    await browser.get('/login');
    const out = await browser.post('/logout', {});
    assert.equal(out.status, 303);
    assert.equal(browser.cookies.has('publius_session'), false);
    assert.equal((await s.ctx.sessions.list((await s.ctx.accounts.checkLogin('river', PASSPHRASE)).id)).filter((x) => x.kind === 'web').length, 0, 'the session is revoked, not only forgotten');
  } finally {
    await s.close();
  }
});

test('log in: wrong passphrase is a page with the error; next= only returns to this site', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'lake');
    const browser = new WebClient(s.url);
    await browser.get('/login?next=/settings');
    const wrong = await browser.post('/login', { handle: 'lake', passphrase: 'not the passphrase at all', next: '/settings' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /role="alert"[^>]*>Invalid handle or passphrase/);
    const ok = await browser.post('/login', { handle: '@Lake', passphrase: PASSPHRASE, next: '/settings' });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/settings');

    const other = new WebClient(s.url);
    await other.get('/login');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const r = await other.post('/login', { handle: 'lake', passphrase: PASSPHRASE, next });
      assert.equal(r.location, '/home', `${next} is not followed`);
      await other.get('/login');
    }
  } finally {
    await s.close();
  }
});
