import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, PASSPHRASE, type TestServer } from '../../../../test/harness.js';
import { WebClient, type WebResponse } from '../../../../test/web.js';
import sharp from 'sharp';
import { INVENTORY } from '../../../privacy/inventory.js';

const EVIL_TEXT = '<script>alert(1)</script> hello #webtest';
const EVIL_NAME = '<b onmouseover="x()">Ally</b> & "co"';

/** What every page must be: landmarks present, nothing inline for the CSP to block, no handlers. */
function assertWellFormedPage(res: WebResponse, label: string) {
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/, label);
  for (const landmark of [/<header class="site"/, /<nav aria-label="Main"/, /<main id="main"/, /<footer class="site"/]) {
    assert.match(res.text, landmark, `${label}: landmark ${landmark}`);
  }
  assert.doesNotMatch(res.text, /<script(?![^>]*\ssrc=)/i, `${label}: no inline script`);
  assert.doesNotMatch(res.text, /<style/i, `${label}: no style block`);
  // Attribute values are blanked first: an escaped display name may well contain the text ` onmouseover=`.
  const markup = res.text.replace(/"[^"]*"/g, '""');
  assert.doesNotMatch(markup, /<[^>]+\sstyle=/i, `${label}: no style attribute`);
  assert.doesNotMatch(markup, /<[^>]+\son[a-z]+\s*=/i, `${label}: no event handler attribute`);
}

async function world(s: TestServer) {
  const alice = (await seedAccount(s.ctx, 'alice')).account;
  const bob = (await seedAccount(s.ctx, 'bob')).account;
  const carol = (await seedAccount(s.ctx, 'carol')).account;
  await s.ctx.accounts.updateProfile(alice.id, { display_name: EVIL_NAME, bio: 'Bio with <i>tags</i>' });
  await s.ctx.graph.follow(bob, alice.id);
  const evil = await s.ctx.posts.create(alice, { text: EVIL_TEXT });
  const secret = await s.ctx.posts.create(alice, { text: 'only for my followers', visibility: 'private' });
  const cw = await s.ctx.posts.create(alice, { text: 'behind the warning', spoilerText: 'spoilers <ahead>' });
  const reply = await s.ctx.posts.create(bob, { text: '@alice a reply in the thread', inReplyToId: evil.id });
  return { alice: (await s.ctx.accounts.byId(alice.id))!, bob, carol, evil, secret, cw, reply };
}

test('public pages: landmarks, no inline script or style, user text escaped everywhere', async () => {
  const s = await startTestServer();
  try {
    const w = await world(s);
    const anon = new WebClient(s.url);
    const pages = ['/', '/public', '/public?media=1', '/@alice', '/@alice?tab=replies', '/@alice?tab=media', `/@alice/${w.evil.id}`,
      '/@alice/followers', '/@bob/following', '/tags/webtest', '/search', '/search?q=alice', '/about/rules', '/about/privacy'];
    for (const path of pages) {
      const res = await anon.get(path);
      assert.equal(res.status, 200, `${path}: ${res.text.slice(0, 300)}`);
      assertWellFormedPage(res, path);
      assert.ok(!res.text.includes('<script>alert(1)'), `${path}: post text is escaped`);
      assert.ok(!res.text.includes('<b onmouseover'), `${path}: display name is escaped`);
      assert.ok(!res.text.includes('<i>tags</i>'), `${path}: bio is escaped`);
    }
    const local = await anon.get('/public');
    assert.ok(local.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the text is shown, as text');
    assert.ok(local.text.includes('&lt;b onmouseover=&quot;x()&quot;&gt;Ally&lt;/b&gt; &amp; &quot;co&quot;'), 'the display name is shown, as text');
    assert.match(local.text, new RegExp(`<a href="/@alice/${w.evil.id}" class="permalink"><time datetime="[^"]+">`), 'time links to the post');
    assert.match(local.text, /<a href="\/@alice" class="author">/);
    assert.doesNotMatch(local.text, /<form method="post" action="\/posts\//, 'anonymous readers get no action forms');

    const followers = await anon.get('/@alice/followers');
    assert.match(followers.text, /<a href="\/@bob">/, 'bob is listed among the followers of alice');
    assert.match((await anon.get('/@bob/following')).text, /<a href="\/@alice">/);
    const found = await anon.get('/search?q=alice');
    assert.match(found.text, /<a href="\/@alice">/, 'search finds the account');
    const reflected = await anon.get('/search?q=%22%3E%3Cscript%3Ealert(2)%3C%2Fscript%3E');
    assert.equal(reflected.status, 200);
    assert.ok(!reflected.text.includes('<script>alert(2)'), 'the query is escaped where it is echoed');
    assert.ok(reflected.text.includes('value="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"'));
    const tagged = await anon.get('/tags/webtest');
    assert.ok(tagged.text.includes(`/@alice/${w.evil.id}`), 'the tag page lists the tagged post');
  } finally {
    await s.close();
  }
});

test('visibility: followers-only posts only for followers; anonymous and non-followers get the not-found page', async () => {
  const s = await startTestServer();
  try {
    const w = await world(s);
    const anon = new WebClient(s.url);
    const carol = new WebClient(s.url);
    await carol.logIn('carol', PASSPHRASE);
    const bob = new WebClient(s.url);
    await bob.logIn('bob', PASSPHRASE);

    for (const [who, client] of [['anonymous', anon], ['a non-follower', carol]] as const) {
      const profile = await client.get('/@alice');
      assert.equal(profile.status, 200);
      assert.ok(!profile.text.includes('only for my followers'), `${who}: not on the profile`);
      const page = await client.get(`/@alice/${w.secret.id}`);
      assert.equal(page.status, 404, `${who}: the post's page is not found`);
      assert.ok(!page.text.includes('only for my followers'));
      assertWellFormedPage(page, `${who} 404`);
    }
    const profile = await bob.get('/@alice');
    assert.ok(profile.text.includes('only for my followers'), 'a follower sees it on the profile');
    assert.match(profile.text, /<span class="badge">Followers only<\/span>/);
    const page = await bob.get(`/@alice/${w.secret.id}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('only for my followers'));
    assert.doesNotMatch(page.text, new RegExp(`action="/posts/${w.secret.id}/boost"`), 'a followers-only post offers no boost');

    // Signed in: CSRF-carrying action forms that come back to the page, and the profile's relationship buttons.
    assert.match(page.text, new RegExp(`<form method="post" action="/posts/${w.secret.id}/favourite" class="inline"><input type="hidden" name="_csrf" value="[^"]+"><input type="hidden" name="back" value="/@alice/${w.secret.id}#post-${w.secret.id}">`));
    assert.match(page.text, new RegExp(`href="/posts/${w.secret.id}/report"`));
    assert.match(profile.text, /<form method="post" action="\/@alice\/unfollow" class="inline"><input type="hidden" name="_csrf"/, 'bob follows alice: unfollow');
    assert.match(profile.text, /action="\/@alice\/mute"/);
    assert.match(profile.text, /action="\/@alice\/block"/);
    assert.match(profile.text, /href="\/@alice\/report"/);
    const carolView = await carol.get('/@alice');
    assert.match(carolView.text, /action="\/@alice\/follow"/, 'carol may follow');
    const own = await new WebClient(s.url);
    await own.logIn('alice', PASSPHRASE);
    const mine = await own.get(`/@alice/${w.evil.id}`);
    assert.match(mine.text, new RegExp(`action="/posts/${w.evil.id}/delete"`), 'own posts can be deleted');
    assert.doesNotMatch(mine.text, /action="\/@alice\/follow"/);
  } finally {
    await s.close();
  }
});

test('a post page shows its thread; content warnings are details; unknown handles and posts are 404 pages', async () => {
  const s = await startTestServer();
  try {
    const w = await world(s);
    const anon = new WebClient(s.url);
    const thread = await anon.get(`/@alice/${w.evil.id}`);
    assert.equal(thread.status, 200);
    assert.ok(thread.text.includes('a reply in the thread'), 'replies are shown');
    const replyPage = await anon.get(`/@bob/${w.reply.id}`);
    assert.ok(replyPage.text.indexOf('&lt;script&gt;') < replyPage.text.indexOf('a reply in the thread'), 'the ancestor comes first');

    const cw = await anon.get(`/@alice/${w.cw.id}`);
    assert.match(cw.text, /<details class="cw"><summary>spoilers &lt;ahead&gt;<\/summary><div class="content"[^>]*>.*behind the warning/s);

    const wrongHandle = await anon.get(`/@bob/${w.evil.id}`);
    assert.equal(wrongHandle.status, 301, 'a post is reached under its author only');
    assert.equal(wrongHandle.location, `/@alice/${w.evil.id}`);

    for (const path of ['/@nobody', '/@nobody/1', `/@alice/999999999`, '/@alice/notanid', '/@%3Cscript%3E']) {
      const res = await anon.get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.text, /<h1>Not found<\/h1>/, path);
      assertWellFormedPage(res, path);
    }

    await s.ctx.accounts.setSuspended('alice', true);
    const suspended = await anon.get('/@alice');
    assert.equal(suspended.status, 410);
    assert.match(suspended.text, /suspended/);
    assert.ok(!suspended.text.includes('Ally'), 'nothing of the profile is shown');
  } finally {
    await s.close();
  }
});

test('the local timeline pages by 20 under 50 KB; older and newer links work', async () => {
  const s = await startTestServer();
  try {
    const { account } = await seedAccount(s.ctx, 'writer');
    await s.ctx.accounts.updateProfile(account.id, { display_name: 'A writer with a fairly long display name' });
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const p = await s.ctx.posts.create(account, { text: `Post number ${i}: ${'a reasonably long sentence of text for a microblog post. '.repeat(4)} #paging` });
      ids.push(p.id);
    }
    const browser = new WebClient(s.url);
    await browser.logIn('writer', PASSPHRASE);
    const first = await browser.get('/public');
    assert.equal((first.text.match(/<article class="post"/g) ?? []).length, 20);
    const size = Buffer.byteLength(first.text);
    assert.ok(size < 50_000, `one page of 20 posts with action forms is ${size} bytes`);
    assert.ok(first.text.includes('Post number 24:') && !first.text.includes('Post number 4:'), 'newest first');
    assert.doesNotMatch(first.text, /rel="prev"/, 'the first page has nothing newer');
    const older = /<a href="([^"]+)" rel="next">Older posts<\/a>/.exec(first.text);
    assert.ok(older, 'an older link');
    const second = await browser.get(older[1].replace(/&amp;/g, '&'));
    assert.equal((second.text.match(/<article class="post"/g) ?? []).length, 5);
    assert.ok(second.text.includes('Post number 4:') && second.text.includes('Post number 0:'));
    assert.doesNotMatch(second.text, /rel="next"/, 'the last page has nothing older');
    const newer = /<a href="([^"]+)" rel="prev">Newer posts<\/a>/.exec(second.text);
    assert.ok(newer, 'a newer link');
    const back = await browser.get(newer[1].replace(/&amp;/g, '&'));
    assert.ok(back.text.includes('Post number 5:') && back.text.includes('Post number 24:'), 'newer goes back to the posts above');
    assert.equal((back.text.match(/<article class="post"/g) ?? []).length, 20);

    const profile = await browser.get('/@writer?max_id=not-a-number');
    assert.equal(profile.status, 200, 'a mangled cursor is the first page, not an error');
  } finally {
    await s.close();
  }
});

test('/about/privacy lists every inventory table and what is never collected; the landing page gives the promise', async () => {
  const s = await startTestServer();
  try {
    const anon = new WebClient(s.url);
    const privacy = await anon.get('/about/privacy');
    for (const [table, entry] of Object.entries(INVENTORY)) {
      assert.ok(privacy.text.includes(`id="table-${table}"`), `table ${table} is listed`);
      for (const column of Object.keys(entry.columns)) assert.ok(privacy.text.includes(`<code>${column}</code>`), `${table}.${column}`);
    }
    const never = /<ul class="never-held">([\s\S]*?)<\/ul>/.exec(privacy.text)?.[1] ?? '';
    for (const word of ['email', 'phone', 'IP addresses']) assert.ok(never.includes(word), `never collected: ${word}`);

    await s.ctx.db.insertInto('instance_rules').values({ text: 'Be <kind>', hint: 'No harassment', position: 1 } as never).execute();
    const rules = await anon.get('/about/rules');
    assert.match(rules.text, /<strong>Be &lt;kind&gt;<\/strong>/);

    const landing = await anon.get('/');
    const promise = /<ul class="never-held">([\s\S]*?)<\/ul>/.exec(landing.text)?.[1] ?? '';
    assert.ok(promise.includes('email') && promise.includes('IP addresses'));
    assert.match(landing.text, /has not published a warrant canary/);
    assert.match(landing.text, /href="\/signup"/);
    assert.match(landing.text, /href="\/public"/);
  } finally {
    await s.close();
  }
});

test('cards: media with alt text linking to the full size, boosted-by line, direct posts only for participants, actions come back to the page', async () => {
  const s = await startTestServer();
  try {
    const w = await world(s);
    const data = await sharp({ create: { width: 12, height: 8, channels: 3, background: { r: 20, g: 90, b: 200 } } }).png().toBuffer();
    const image = await s.ctx.media.ingest(w.alice.id, { data, description: 'a blue <rectangle>' });
    const pictured = await s.ctx.posts.create(w.alice, { text: 'a picture', mediaIds: [image.id] });
    const sensitive = await s.ctx.posts.create(w.alice, { text: 'careful', mediaIds: [(await s.ctx.media.ingest(w.alice.id, { data, description: '' })).id], sensitive: true });
    const direct = await s.ctx.posts.create(w.alice, { text: '@bob just between us', visibility: 'direct' });
    await s.ctx.posts.reblog(w.bob, w.evil.id);

    const anon = new WebClient(s.url);
    const media = await anon.get('/@alice?tab=media');
    assert.match(media.text, new RegExp(`<a href="/media/${image.file_key}"><img src="/media/${image.file_key}" alt="a blue &lt;rectangle&gt;" width="12" height="8"`), 'same-site path, escaped alt');
    assert.ok(media.text.includes(`/@alice/${pictured.id}`));
    const folded = await anon.get(`/@alice/${sensitive.id}`);
    assert.match(folded.text, /<details class="sensitive-media"><summary>Sensitive media \(1\)<\/summary><ul class="media" role="list"><li><a [^>]+><img [^>]*alt="Image without a description"/);

    const bobs = await anon.get('/@bob?tab=replies');
    assert.match(bobs.text, /<p class="boosted-by muted"><a href="\/@bob">bob<\/a> boosted<\/p>/);
    assert.ok(bobs.text.includes('&lt;script&gt;alert(1)'), 'the boosted post is shown');

    const carol = new WebClient(s.url);
    await carol.logIn('carol', PASSPHRASE);
    assert.equal((await carol.get(`/@alice/${direct.id}`)).status, 404, 'a direct post is not found by someone it does not mention');
    assert.equal((await anon.get(`/@alice/${direct.id}`)).status, 404);
    const bob = new WebClient(s.url);
    await bob.logIn('bob', PASSPHRASE);
    const seen = await bob.get(`/@alice/${direct.id}`);
    assert.equal(seen.status, 200, 'the mentioned account sees it');
    assert.match(seen.text, /<span class="badge">Direct<\/span>/);

    // The favourite button on a page, pressed: back to the same page at the same post, now offering to undo.
    const page = await bob.get(`/@alice/${pictured.id}`);
    assert.match(page.text, new RegExp(`action="/posts/${pictured.id}/favourite"`));
    const pressed = await bob.post(`/posts/${pictured.id}/favourite`, { back: `/@alice/${pictured.id}#post-${pictured.id}` });
    assert.equal(pressed.status, 303);
    assert.equal(pressed.location, `/@alice/${pictured.id}#post-${pictured.id}`);
    const after = await bob.get(`/@alice/${pictured.id}`);
    assert.match(after.text, new RegExp(`action="/posts/${pictured.id}/unfavourite"`));
    assert.match(after.text, /<span>1 favourite<\/span>/);
  } finally {
    await s.close();
  }
});
