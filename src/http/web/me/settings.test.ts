import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

const NEW_PASSPHRASE = 'an entirely different passphrase 7';

test('anonymous visits to every signed-in page go to the log-in page and come back', async () => {
  const s = await startTestServer();
  try {
    const anonymous = new WebClient(s.url);
    for (const path of ['/home', '/home?reply_to=1', '/notifications', '/follow_requests', '/bookmarks', '/favourites', '/settings',
      '/settings/profile', '/settings/passphrase', '/settings/recovery-codes', '/settings/sessions', '/settings/data', '/settings/delete', '/legal-notices']) {
      const r = await anonymous.get(path);
      assert.equal(r.status, 303, path);
      assert.equal(r.location, `/login?next=${encodeURIComponent(path)}`, path);
    }
    // Posting anonymously changes nothing either (the log-in redirect comes before anything is read).
    const { account } = await seedAccount(s.ctx, 'quill');
    const post = await s.ctx.posts.create(account, { text: 'x', visibility: 'public' });
    const r = await anonymous.post(`/posts/${post.id}/delete`, {}, { csrf: null });
    assert.equal(r.status, 303);
    assert.ok(await s.ctx.db.selectFrom('statuses').select('id').where('id', '=', post.id).executeTakeFirst());
  } finally {
    await s.close();
  }
});

test('profile settings: text, locked, an avatar upload; escaped back into the form', async () => {
  const s = await startTestServer();
  try {
    const { account } = await seedAccount(s.ctx, 'quill');
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    const form = await browser.get('/settings/profile');
    assert.match(form.text, /<label for="display_name">/);
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#336699' } }).png().toBuffer();
    const saved = await browser.post('/settings/profile', {
      display_name: 'Q "<Quill>"', bio: 'Writes <script>alert(1)</script>', locked: 'yes', avatar: new Blob([png], { type: 'image/png' }),
    });
    assert.equal(saved.status, 303, saved.text.slice(0, 300));
    const a = (await s.ctx.accounts.byId(account.id))!;
    assert.equal(a.display_name, 'Q "<Quill>"');
    assert.equal(a.locked, true);
    assert.ok(a.avatar_media_id, 'the avatar was stored');
    const page = await browser.get('/settings/profile?done=1');
    assert.match(page.text, /value="Q &quot;&lt;Quill&gt;&quot;"/);
    assert.match(page.text, /Writes &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/textarea>/);
    assert.match(page.text, /name="locked" value="yes" checked/);
    assert.match(page.text, /role="status">Your profile was saved/);

    // Unticking "locked" and sending no file keeps the avatar and unlocks.
    const again = await browser.post('/settings/profile', { display_name: 'Quill', bio: '' });
    assert.equal(again.status, 303);
    const b = (await s.ctx.accounts.byId(account.id))!;
    assert.equal(b.locked, false);
    assert.equal(b.avatar_media_id, a.avatar_media_id);
  } finally {
    await s.close();
  }
});

test('change passphrase: the wrong current one is refused on the form; other sessions end, this one stays', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'quill');
    const elsewhere = new WebClient(s.url);
    await elsewhere.logIn('quill', PASSPHRASE);
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    await browser.get('/settings/passphrase');
    const wrong = await browser.post('/settings/passphrase', { current: 'not my passphrase at all', passphrase: NEW_PASSPHRASE, passphrase_confirm: NEW_PASSPHRASE });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /role="alert"[^>]*>The current passphrase is wrong/);
    const differ = await browser.post('/settings/passphrase', { current: PASSPHRASE, passphrase: NEW_PASSPHRASE, passphrase_confirm: 'something else' });
    assert.equal(differ.status, 422);
    const ok = await browser.post('/settings/passphrase', { current: PASSPHRASE, passphrase: NEW_PASSPHRASE, passphrase_confirm: NEW_PASSPHRASE });
    assert.equal(ok.status, 303);
    assert.equal((await browser.get('/settings/passphrase?done=1')).status, 200, 'this browser is still signed in');
    assert.equal((await elsewhere.get('/home')).status, 303, 'the other browser was signed out');
    await assert.rejects(s.ctx.accounts.checkLogin('quill', PASSPHRASE));
    await s.ctx.accounts.checkLogin('quill', NEW_PASSPHRASE);
  } finally {
    await s.close();
  }
});

test('sessions: listed with dates only; revoking another one signs it out; another account\'s id is not found', async () => {
  const s = await startTestServer();
  try {
    const { account } = await seedAccount(s.ctx, 'quill'); // seedAccount also issues an app token
    await seedAccount(s.ctx, 'other');
    const laptop = new WebClient(s.url);
    await laptop.logIn('quill', PASSPHRASE);
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    const page = await browser.get('/settings/sessions');
    assert.equal((page.text.match(/<tr>\n<td>/g) ?? []).length, 3, 'two browsers and one app');
    assert.match(page.text, /this browser/);
    const sessions = await s.ctx.sessions.list(account.id);
    const laptopId = sessions.filter((x) => x.kind === 'web')[1].id; // newest first: [this browser, laptop]
    const r = await browser.post(`/settings/sessions/${laptopId}/revoke`, {});
    assert.equal(r.location, '/settings/sessions?done=1');
    assert.equal((await laptop.get('/home')).status, 303, 'the laptop is signed out');
    assert.equal((await browser.get('/home')).status, 200);

    const otherClient = new WebClient(s.url);
    await otherClient.logIn('other', PASSPHRASE);
    await otherClient.get('/settings/sessions');
    const mine = (await s.ctx.sessions.list(account.id))[0].id;
    assert.equal((await otherClient.post(`/settings/sessions/${mine}/revoke`, {})).status, 404);
    assert.equal((await browser.get('/home')).status, 200, 'still signed in');
  } finally {
    await s.close();
  }
});

test('recovery codes: regenerated with the passphrase, shown once, the old ones stop working', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'quill');
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    await browser.get('/settings/recovery-codes');
    const wrong = await browser.post('/settings/recovery-codes', { passphrase: 'wrong passphrase here' });
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(wrong.text, /<li><code>/);
    const made = await browser.post('/settings/recovery-codes', { passphrase: PASSPHRASE });
    assert.equal(made.status, 200);
    assert.equal(made.headers.get('cache-control'), 'no-store');
    const codes = [...made.text.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]);
    assert.equal(codes.length, 10);
    const later = await browser.get('/settings/recovery-codes');
    assert.ok(codes.every((c) => !later.text.includes(c)), 'never shown again');
    assert.match(later.text, /<strong>10<\/strong> unused recovery codes/);
    await s.ctx.accounts.recover('quill', codes[0], NEW_PASSPHRASE);
  } finally {
    await s.close();
  }
});

test('data page lists what is held and downloads the export; deleting the account needs the passphrase and the box', async () => {
  const s = await startTestServer();
  try {
    const { account } = await seedAccount(s.ctx, 'quill');
    await s.ctx.posts.create(account, { text: 'Something <held>', visibility: 'public' });
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    const data = await browser.get('/settings/data');
    assert.equal(data.status, 200);
    assert.match(data.text, /<code>statuses<\/code>/);
    assert.match(data.text, /Something &lt;held&gt;/);
    const zip = await browser.post('/settings/data/export', {});
    assert.equal(zip.status, 200);
    assert.equal(zip.headers.get('content-type'), 'application/zip');
    assert.match(zip.headers.get('content-disposition') ?? '', /attachment; filename="publius-quill-export.zip"/);

    await browser.get('/settings/delete');
    const unconfirmed = await browser.post('/settings/delete', { passphrase: PASSPHRASE });
    assert.equal(unconfirmed.status, 422);
    const wrong = await browser.post('/settings/delete', { passphrase: 'not the passphrase', confirm: 'yes' });
    assert.equal(wrong.status, 401);
    assert.ok(await s.ctx.accounts.byId(account.id));
    const gone = await browser.post('/settings/delete', { passphrase: PASSPHRASE, confirm: 'yes' });
    assert.equal(gone.status, 200);
    assert.match(gone.text, /Your account is deleted/);
    assert.equal(await s.ctx.accounts.byId(account.id), undefined);
    assert.equal(browser.cookies.has('publius_session'), false);
    assert.equal((await browser.get('/home')).status, 303);
  } finally {
    await s.close();
  }
});
