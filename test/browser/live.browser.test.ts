import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, apiClient, PASSPHRASE, type TestServer } from '../harness.js';
import { authorChannel } from '../../src/events/channels.js';
import { launch, openTab, skipBrowser, type Tab } from './_browser.js';

async function logIn(tab: Tab, url: string, handle: string) {
  await tab.page.goto(`${url}/login?next=%2Fhome`);
  await tab.page.getByLabel('Handle').fill(handle);
  await tab.page.getByLabel('Passphrase').fill(PASSPHRASE);
  await tab.page.getByRole('button', { name: 'Log in' }).click();
  await tab.page.waitForURL((u) => u.pathname === '/home');
}

async function until(cond: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A reader who follows a speaker; the speaker posts through the API. */
async function setUp(s: TestServer, suffix: string) {
  const { account: speaker, token } = await seedAccount(s.ctx, `speaker_${suffix}`);
  const { token: readerToken } = await seedAccount(s.ctx, `reader_${suffix}`);
  assert.equal((await apiClient(s.url, readerToken).post(`/api/v1/accounts/${speaker.id}/follow`)).status, 200);
  const api = apiClient(s.url, token);
  const post = async (status: string) => {
    const res = await api.post('/api/v1/statuses', { status });
    assert.equal(res.status, 200);
    return res.body.id as string;
  };
  return { speaker, reader: `reader_${suffix}`, api, post };
}

test('JavaScript on: a followed account posts and the card appears on /home without a reload, announced politely', { skip: skipBrowser }, async () => {
  const s = await startTestServer();
  const browser = await launch();
  try {
    const { speaker, reader, api, post } = await setUp(s, 'js');
    await post('Already here before the page opened');
    const tab = await openTab(browser, { javaScript: true });
    await logIn(tab, s.url, reader);
    await tab.page.getByText('Already here before the page opened').waitFor();
    // The page's event stream listens to the speaker before the speaker posts.
    await until(() => s.ctx.streaming.listeners(authorChannel(speaker.id)) >= 1, 'the page to open its event stream');
    let navigations = 0;
    tab.page.on('framenavigated', (f) => { if (f === tab.page.mainFrame()) navigations++; });

    const id = await post('Fresh off the press <b>now</b>');
    const card = tab.page.locator(`#post-${id}`);
    await card.waitFor();
    assert.match(await card.innerText(), /Fresh off the press <b>now<\/b>/, 'the text, escaped, as the page renders it');
    assert.equal(await tab.page.locator('ol.timeline > li').first().locator('article').getAttribute('id'), `post-${id}`, 'at the top');
    const status = tab.page.getByRole('status').filter({ hasText: 'new post' });
    assert.equal(await status.textContent(), '1 new post');
    assert.equal(await status.getAttribute('aria-live'), 'polite');

    // A deleted post leaves the open page.
    const gone = await post('About to be deleted');
    await tab.page.locator(`#post-${gone}`).waitFor();
    assert.equal(await status.textContent(), '2 new posts');
    assert.equal((await api.delete(`/api/v1/statuses/${gone}`)).status, 200);
    await tab.page.locator(`#post-${gone}`).waitFor({ state: 'detached' });
    assert.equal(navigations, 0, 'no reload');

    // The inserted card's forms work: Favourite posts with the page's CSRF token.
    await card.getByRole('button', { name: 'Favourite', exact: true }).click();
    // As on the page itself (no `back` field), the action lands on the post's own page.
    await tab.page.waitForURL((u) => u.pathname === `/@${speaker.handle}/${id}`);
    await tab.page.getByRole('button', { name: 'Unfavourite' }).first().waitFor();

    assert.deepEqual(tab.problems, [], 'no CSP violation, script error or third-party request');
  } finally {
    await browser.close();
    await s.close();
  }
});

test('JavaScript off: /home works as before and a new post shows only after a reload', { skip: skipBrowser }, async () => {
  const s = await startTestServer();
  const browser = await launch();
  try {
    const { reader, post } = await setUp(s, 'nojs');
    const tab = await openTab(browser, { javaScript: false });
    await logIn(tab, s.url, reader);
    await tab.page.getByRole('heading', { name: 'Your timeline' }).waitFor();
    const id = await post('Read me after a reload');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await tab.page.locator(`#post-${id}`).count(), 0, 'nothing arrives by itself');
    await tab.page.reload();
    await tab.page.locator(`#post-${id}`).waitFor();
    assert.deepEqual(tab.problems, []);
  } finally {
    await browser.close();
    await s.close();
  }
});
