import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

async function tinyPng(): Promise<Blob> {
  const png = await sharp({ create: { width: 4, height: 3, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
  return new Blob([png], { type: 'image/png' });
}

/** The checks every page of the web UI must pass: no inline script or style, nothing from elsewhere. */
function assertNoInlineCode(page: string, publicUrl: string): void {
  assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)/i, 'no inline <script> block');
  assert.doesNotMatch(page, /<style/i, 'no <style> block');
  assert.doesNotMatch(page, /\sstyle=/i, 'no style= attribute');
  assert.doesNotMatch(page, /\son[a-z]+=/i, 'no on…= handler');
  // Absolute links are to this server's public address (hashtags, media); anything else is another site.
  const foreign = [...page.matchAll(/(?:src|href|action)="((?:https?:)?\/\/[^"]*)"/gi)].map((m) => m[1]).filter((u) => !u.startsWith(`${publicUrl}/`));
  assert.deepEqual(foreign, [], 'nothing from another site');
}

test('compose on /home: a post with an image and its alt text, by a multipart form, then on the timeline', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'quill');
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    const home = await browser.get('/home');
    assert.equal(home.status, 200);
    assert.match(home.text, /<form method="post" action="\/home" enctype="multipart\/form-data"/);
    assert.match(home.text, /<label for="alt1">/, 'each image has a labelled description field');
    assert.match(home.text, /<script src="\/static\/app.js" defer><\/script>/);
    assertNoInlineCode(home.text, s.ctx.config.publicUrl);
    const script = await fetch(`${s.url}/static/app.js`);
    assert.equal(script.status, 200, 'the enhancement script is served from this site');
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);

    const posted = await browser.post('/home', {
      status: 'Printing press <b>works</b> & more', spoiler_text: '', visibility: 'public',
      image1: await tinyPng(), alt1: 'A small red "square"',
    });
    assert.equal(posted.status, 303, posted.text.slice(0, 400));
    assert.equal(posted.location, '/home');
    const after = await browser.get('/home');
    assert.match(after.text, /Printing press &lt;b&gt;works&lt;\/b&gt; &amp; more/, 'the text is escaped');
    assert.match(after.text, /<img src="[^"]+" alt="A small red &quot;square&quot;"/, 'the image carries its alt text');
    const [row] = await s.ctx.db.selectFrom('media').select(['description', 'status_id']).execute();
    assert.equal(row.description, 'A small red "square"');
    assert.ok(row.status_id, 'attached to the post');

    // A browser sends a part for every file input, chosen or not: empty ones mean "no image".
    await browser.get('/home');
    const empty = () => new File([], '', { type: 'application/octet-stream' });
    const textOnly = await browser.post('/home', { status: 'Words alone', visibility: 'unlisted', image1: empty(), alt1: '', image2: empty(), alt2: '' });
    assert.equal(textOnly.status, 303, textOnly.text.slice(0, 300));
    assert.equal((await s.ctx.db.selectFrom('media').select('id').execute()).length, 1, 'no upload made of an empty input');

    // A failed post keeps what was typed, and leaves no orphan upload behind.
    await browser.get('/home');
    const tooLong = await browser.post('/home', { status: 'x'.repeat(600), visibility: 'public', image1: await tinyPng(), alt1: 'kept' });
    assert.equal(tooLong.status, 422);
    assert.match(tooLong.text, /role="alert"/);
    assert.match(tooLong.text, /x{600}<\/textarea>/);
    assert.match(tooLong.text, /name="alt1" maxlength="1500" value="kept"/);
    assert.equal((await s.ctx.db.selectFrom('media').select('id').execute()).length, 1, 'the refused upload was discarded');
  } finally {
    await s.close();
  }
});

test('a reply: ?reply_to= fills in the form; the reply is threaded under the post', async () => {
  const s = await startTestServer();
  try {
    const { account: other } = await seedAccount(s.ctx, 'pamphlet');
    await seedAccount(s.ctx, 'quill');
    const original = await s.ctx.posts.create(other, { text: 'First words', visibility: 'public' });
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    const page = await browser.get(`/home?reply_to=${original.id}`);
    assert.match(page.text, new RegExp(`<input type="hidden" name="reply_to" value="${original.id}">`));
    assert.match(page.text, /Replying to:[\s\S]*First words/);
    assert.match(page.text, />@pamphlet <\/textarea>/);
    const r = await browser.post('/home', { status: '@pamphlet agreed', visibility: 'public', reply_to: original.id });
    assert.equal(r.status, 303);
    const reply = await s.ctx.db.selectFrom('statuses').select(['in_reply_to_id']).where('text', '=', '@pamphlet agreed').executeTakeFirstOrThrow();
    assert.equal(reply.in_reply_to_id, original.id);

    // A post the reader may not see is not offered as a reply target (and says nothing about whether it exists).
    const hidden = await s.ctx.posts.create(other, { text: 'only mentioned', visibility: 'direct' });
    const none = await browser.get(`/home?reply_to=${hidden.id}`);
    assert.equal(none.status, 200);
    assert.doesNotMatch(none.text, /name="reply_to"/);
    assert.doesNotMatch(none.text, /only mentioned/);
  } finally {
    await s.close();
  }
});

test('follow from a profile form, then their posts are on /home', async () => {
  const s = await startTestServer();
  try {
    const { account: author } = await seedAccount(s.ctx, 'broadside');
    await seedAccount(s.ctx, 'quill');
    await s.ctx.posts.create(author, { text: 'Common sense, chapter one', visibility: 'public' });
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    assert.doesNotMatch((await browser.get('/home')).text, /Common sense/);
    const followed = await browser.post('/@broadside/follow', { back: '/home' });
    assert.equal(followed.status, 303);
    assert.equal(followed.location, '/home');
    assert.match((await browser.get('/home')).text, /Common sense, chapter one/);

    // Without a back field the form returns to the profile; a back field to another site is not followed.
    const out = await browser.post('/@broadside/unfollow', { back: '//evil.example/' });
    assert.equal(out.location, '/home', 'safeNext turns another site into /home');
    await browser.get('/home');
    const again = await browser.post('/@broadside/follow', {});
    assert.equal(again.location, '/@broadside');
    const missing = await browser.post('/@nobody_here/follow', {});
    assert.equal(missing.status, 404);
    assert.match(missing.text, /role="alert"/);
    await browser.get('/home');
    const self = await browser.post('/@quill/follow', {});
    assert.equal(self.status, 403, 'following oneself is refused with the domain error, on a page');
  } finally {
    await s.close();
  }
});

test('home with 20 posts is one response under 50 KB, with no inline script or style', async () => {
  const s = await startTestServer();
  try {
    const { account } = await seedAccount(s.ctx, 'quill');
    for (let i = 0; i < 25; i++) {
      await s.ctx.posts.create(account, { text: `Post number ${i} with a #tag and some ordinary words to make it a realistic length for a post, more or less.`, visibility: 'public' });
    }
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    const page = await browser.get('/home');
    assert.equal((page.text.match(/<article class="post"/g) ?? []).length, 20);
    const bytes = Buffer.byteLength(page.text);
    assert.ok(bytes < 50 * 1024, `home is ${bytes} bytes`);
    assertNoInlineCode(page.text, s.ctx.config.publicUrl);
    assert.match(page.text, /rel="next"/, 'older posts are a plain link');
    const older = /href="(\/home\?max_id=\d+)"/.exec(page.text)![1];
    const page2 = await browser.get(older.replace(/&amp;/g, '&'));
    assert.equal((page2.text.match(/<article class="post"/g) ?? []).length, 5);
    assert.match(page2.text, /Post number 0 /);
  } finally {
    await s.close();
  }
});
