import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

const OLD = 'first passphrase of river 1';
const NEW = 'second passphrase of river 2';

test('recover on the web: a recovery code sets a new passphrase once, signs out every session, and bad input changes nothing', async () => {
  const s = await startTestServer();
  try {
    const { account, recoveryCodes } = await s.ctx.accounts.signUp({ handle: 'river', passphrase: OLD, bypassSignupMode: true });
    const signedIn = new WebClient(s.url);
    await signedIn.logIn('river', OLD);
    assert.equal((await signedIn.get('/home')).status, 200);

    const browser = new WebClient(s.url);
    const login = await browser.get('/login');
    assert.match(login.text, /href="\/recover"/, 'the log-in page leads here');
    const form = await browser.get('/recover');
    assert.equal(form.status, 200);
    for (const field of ['handle', 'code', 'passphrase', 'passphrase_confirm']) assert.match(form.text, new RegExp(`<label for="${field}">`));

    const forged = await browser.post('/recover', { handle: 'river', code: recoveryCodes[0], passphrase: NEW, passphrase_confirm: NEW }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    await browser.get('/recover');
    const differ = await browser.post('/recover', { handle: 'river', code: recoveryCodes[0], passphrase: NEW, passphrase_confirm: 'not the same one' });
    assert.equal(differ.status, 422);
    assert.match(differ.text, /passphrases differ/);
    await browser.get('/recover');
    const wrong = await browser.post('/recover', { handle: 'river', code: 'not-a-code', passphrase: NEW, passphrase_confirm: NEW });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /Invalid handle or recovery code/);
    await browser.get('/recover');
    const nobody = await browser.post('/recover', { handle: 'nobody_here', code: recoveryCodes[0], passphrase: NEW, passphrase_confirm: NEW });
    assert.equal(nobody.text.match(/role="alert"[^>]*>([^<]*)/)?.[1], wrong.text.match(/role="alert"[^>]*>([^<]*)/)?.[1], 'an unknown handle reads like a wrong code');
    await browser.get('/recover');
    const weak = await browser.post('/recover', { handle: 'river', code: recoveryCodes[0], passphrase: 'password', passphrase_confirm: 'password' });
    assert.equal(weak.status, 422);
    await s.ctx.accounts.checkLogin('river', OLD); // nothing above changed the passphrase
    assert.equal((await signedIn.get('/home')).status, 200, 'nor signed anyone out');

    await browser.get('/recover');
    const done = await browser.post('/recover', { handle: '@River', code: recoveryCodes[0], passphrase: NEW, passphrase_confirm: NEW });
    assert.equal(done.status, 200, done.text.slice(0, 400));
    assert.match(done.text, /Passphrase changed/);
    assert.equal((await s.ctx.accounts.checkLogin('river', NEW)).id, account.id);
    await assert.rejects(s.ctx.accounts.checkLogin('river', OLD));
    assert.equal((await signedIn.get('/home')).status, 303, 'the old session is signed out');

    await browser.get('/recover');
    const again = await browser.post('/recover', { handle: 'river', code: recoveryCodes[0], passphrase: OLD, passphrase_confirm: OLD });
    assert.equal(again.status, 401, 'a code works once');
  } finally {
    await s.close();
  }
});
