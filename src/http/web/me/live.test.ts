import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

/** /home/cards/:id — the post card the home page's script inserts when the event stream announces a post. */

let s: TestServer;
before(async () => { s = await startTestServer(); });
after(async () => { await s.close(); });

async function person(handle: string) {
  const { account, token } = await seedAccount(s.ctx, handle);
  const api = apiClient(s.url, token);
  const post = async (status: string, visibility = 'public') => {
    const res = await api.post('/api/v1/statuses', { status, visibility });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.id as string;
  };
  return { account, api, post };
}

test('own and followed posts come as a card with escaped text and working forms; others\' private posts are not found', async () => {
  const reader = await person('card_reader');
  const author = await person('card_author');
  const stranger = await person('card_stranger');
  assert.equal((await reader.api.post(`/api/v1/accounts/${author.account.id}/follow`)).status, 200);
  const followed = await author.post('Ships <script>alert(1)</script> & "harbors"', 'private');
  const own = await reader.post('my own words');
  const hidden = await stranger.post('for my followers only', 'private');

  const web = new WebClient(s.url);
  await web.logIn('card_reader', PASSPHRASE);
  await web.get('/home');

  const card = await web.get(`/home/cards/${followed}`);
  assert.equal(card.status, 200);
  assert.match(card.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(card.text, new RegExp(`^<article class="post" id="post-${followed}"`), 'a card, not a page');
  assert.doesNotMatch(card.text, /<html|<nav/i);
  assert.doesNotMatch(card.text, /<script/i, 'the text is escaped');
  assert.match(card.text, /Ships &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp;/);
  assert.match(card.headers.get('content-security-policy') ?? '', /script-src 'self'/);

  // The card's forms carry this browser's CSRF token: pressing Favourite works as it does on the page.
  assert.match(card.text, new RegExp(`action="/posts/${followed}/favourite"`));
  const favourited = await web.post(`/posts/${followed}/favourite`, {});
  assert.equal(favourited.status, 303, favourited.text.slice(0, 300));
  const after = await web.get(`/home/cards/${followed}`);
  assert.match(after.text, /Unfavourite/);

  const mine = await web.get(`/home/cards/${own}`);
  assert.equal(mine.status, 200);
  assert.match(mine.text, /my own words/);
  assert.match(mine.text, new RegExp(`action="/posts/${own}/delete"`));

  for (const id of [hidden, '99999999999', 'not-an-id', '1'.repeat(30)]) {
    const res = await web.get(`/home/cards/${id}`);
    assert.equal(res.status, 404, id);
    assert.doesNotMatch(res.text, /for my followers only/);
  }
});

test('no card without a web session: anonymous readers and API tokens get a 401', async () => {
  const author = await person('card_public');
  const id = await author.post('public words');
  const anonymous = await fetch(`${s.url}/home/cards/${id}`, { redirect: 'manual' });
  assert.equal(anonymous.status, 401);
  assert.doesNotMatch(await anonymous.text(), /public words/);
  const withToken = await author.api.get(`/home/cards/${id}`);
  assert.equal(withToken.status, 401, 'an API token signs nobody in to pages');
});

test('the home timeline is marked for live updates on its newest page only', async () => {
  const reader = await person('card_pager');
  const id = await reader.post('a post to page from');
  const web = new WebClient(s.url);
  await web.logIn('card_pager', PASSPHRASE);
  assert.match((await web.get('/home')).text, /class="home-timeline"[^>]* data-live="home"/);
  assert.doesNotMatch((await web.get(`/home?max_id=${id}`)).text, /data-live=/);
});
