import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

test('favourite, boost and bookmark round trips from the buttons on a post', async () => {
  const s = await startTestServer();
  try {
    const { account: author } = await seedAccount(s.ctx, 'broadside');
    const { account: me } = await seedAccount(s.ctx, 'quill');
    const post = await s.ctx.posts.create(author, { text: 'Worth keeping', visibility: 'public' });
    await s.ctx.graph.follow(me, author.id);
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    const count = async (table: 'favourites' | 'bookmarks') => (await s.ctx.db.selectFrom(table).select('id').where('account_id', '=', me.id).where('status_id', '=', post.id).execute()).length;
    const boosts = async () => (await s.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', me.id).where('reblog_of_id', '=', post.id).execute()).length;

    const home = await browser.get('/home');
    assert.match(home.text, new RegExp(`action="/posts/${post.id}/favourite"`));
    const fav = await browser.post(`/posts/${post.id}/favourite`, {});
    assert.equal(fav.status, 303);
    assert.equal(fav.location, `/@broadside/${post.id}`, 'without a back field: the post\'s own page');
    assert.equal(await count('favourites'), 1);
    assert.match((await browser.get('/favourites')).text, /Worth keeping/);
    assert.match((await browser.get('/home')).text, new RegExp(`action="/posts/${post.id}/unfavourite"`), 'the button now undoes it');
    await browser.post(`/posts/${post.id}/unfavourite`, { back: '/home' });
    assert.equal(await count('favourites'), 0);
    assert.doesNotMatch((await browser.get('/favourites')).text, /Worth keeping/);

    const boost = await browser.post(`/posts/${post.id}/boost`, { back: '/home' });
    assert.equal(boost.location, '/home');
    assert.equal(await boosts(), 1);
    await browser.get('/home');
    await browser.post(`/posts/${post.id}/unboost`, { back: '/home' });
    assert.equal(await boosts(), 0);

    await browser.get('/home');
    await browser.post(`/posts/${post.id}/bookmark`, { back: '/bookmarks' });
    assert.equal(await count('bookmarks'), 1);
    const saved = await browser.get('/bookmarks');
    assert.match(saved.text, /Worth keeping/);
    await browser.post(`/posts/${post.id}/unbookmark`, { back: '/bookmarks' });
    assert.equal(await count('bookmarks'), 0);
  } finally {
    await s.close();
  }
});

test('a forged CSRF token is a 403 and changes nothing', async () => {
  const s = await startTestServer();
  try {
    const { account: author } = await seedAccount(s.ctx, 'broadside');
    const { account: me } = await seedAccount(s.ctx, 'quill');
    const post = await s.ctx.posts.create(author, { text: 'Target', visibility: 'public' });
    const mine = await s.ctx.posts.create(me, { text: 'My own', visibility: 'public' });
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    await browser.get('/home');
    for (const [path, fields] of [
      [`/posts/${post.id}/favourite`, {}], [`/posts/${mine.id}/delete`, {}], ['/@broadside/follow', {}], ['/@broadside/block', {}],
      ['/home', { status: 'forged post', visibility: 'public' }], ['/settings/profile', { display_name: 'Forged', bio: '' }],
    ] as const) {
      const r = await browser.post(path, fields, { csrf: 'forged-token' });
      assert.equal(r.status, 403, path);
      const none = await browser.post(path, fields, { csrf: null });
      assert.equal(none.status, 403, `${path} without a token`);
    }
    assert.equal((await s.ctx.db.selectFrom('favourites').select('id').execute()).length, 0);
    assert.ok(await s.ctx.db.selectFrom('statuses').select('id').where('id', '=', mine.id).executeTakeFirst(), 'not deleted');
    assert.equal((await s.ctx.db.selectFrom('follows').select('id').execute()).length, 0);
    assert.equal((await s.ctx.db.selectFrom('blocks').select('id').execute()).length, 0);
    assert.equal((await s.ctx.db.selectFrom('statuses').select('id').where('text', '=', 'forged post').execute()).length, 0);
    assert.notEqual((await s.ctx.accounts.byId(me.id))!.display_name, 'Forged');
  } finally {
    await s.close();
  }
});

test('nobody can delete another account\'s post, or answer another account\'s follow request, by id', async () => {
  const s = await startTestServer();
  try {
    const { account: me } = await seedAccount(s.ctx, 'quill');
    const { account: other } = await seedAccount(s.ctx, 'intruder');
    const { account: locked } = await seedAccount(s.ctx, 'guarded', { locked: true });
    const mine = await s.ctx.posts.create(me, { text: 'Mine to delete', visibility: 'public' });
    const secret = await s.ctx.posts.create(me, { text: 'Followers only', visibility: 'private' });
    await s.ctx.graph.follow(me, locked.id); // a request to @guarded

    const intruder = new WebClient(s.url);
    await intruder.logIn('intruder', PASSPHRASE);
    await intruder.get('/home');
    const del = await intruder.post(`/posts/${mine.id}/delete`, {});
    assert.equal(del.status, 404, 'another account\'s post is "not found" to the delete button');
    assert.match(del.text, /role="alert"/);
    assert.match(del.headers.get('content-type') ?? '', /text\/html/, 'an error page, not JSON');
    assert.ok(await s.ctx.db.selectFrom('statuses').select('id').where('id', '=', mine.id).executeTakeFirst(), 'the post is still there');
    await intruder.get('/home');
    assert.equal((await intruder.post(`/posts/${secret.id}/favourite`, {})).status, 404, 'a post one may not see cannot be favourited');
    await intruder.get('/home');
    assert.equal((await intruder.post('/posts/not-a-number/favourite', {})).status, 404, 'a malformed id is not found, never a 500');
    await intruder.get('/home');
    const answer = await intruder.post(`/follow_requests/${me.id}/authorize`, {});
    assert.equal(answer.status, 404, 'the request was made to @guarded, not to the intruder');
    assert.equal((await s.ctx.db.selectFrom('follows').select('id').execute()).length, 0);
    void other;

    // The owner can delete it, and lands on /home rather than the page of the post that is gone.
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    await browser.get('/home');
    const ok = await browser.post(`/posts/${mine.id}/delete`, { back: `/@quill/${mine.id}` });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/home');
    assert.equal(await s.ctx.db.selectFrom('statuses').select('id').where('id', '=', mine.id).executeTakeFirst(), undefined);

    // @guarded answers the request from /follow_requests.
    const owner = new WebClient(s.url);
    await owner.logIn('guarded', PASSPHRASE);
    const list = await owner.get('/follow_requests');
    assert.match(list.text, /@quill/);
    const accepted = await owner.post(`/follow_requests/${me.id}/authorize`, {});
    assert.equal(accepted.location, '/follow_requests');
    assert.equal((await s.ctx.db.selectFrom('follows').select('id').where('follower_id', '=', me.id).where('followee_id', '=', locked.id).execute()).length, 1);
    assert.doesNotMatch((await owner.get('/follow_requests')).text, /@quill/);
  } finally {
    await s.close();
  }
});

test('block, unblock, mute and unmute from profile forms', async () => {
  const s = await startTestServer();
  try {
    const { account: me } = await seedAccount(s.ctx, 'quill');
    const { account: loud } = await seedAccount(s.ctx, 'loud');
    const browser = new WebClient(s.url);
    await browser.logIn('quill', PASSPHRASE);
    await browser.get('/home');
    const rel = () => s.ctx.graph.relationship(me.id, loud.id);
    assert.equal((await browser.post('/@loud/mute', { duration: '3600' })).location, '/@loud');
    assert.equal((await rel()).muting, true);
    await browser.get('/home');
    await browser.post('/@loud/unmute', {});
    assert.equal((await rel()).muting, false);
    await browser.get('/home');
    assert.equal((await browser.post('/@loud/mute', { duration: 'forever' })).status, 422, 'a bad duration is refused, not read as "forever"');
    await browser.get('/home');
    await browser.post('/@loud/block', {});
    assert.equal((await rel()).blocking, true);
    await browser.get('/home');
    await browser.post('/@loud/unblock', {});
    assert.equal((await rel()).blocking, false);
  } finally {
    await s.close();
  }
});
