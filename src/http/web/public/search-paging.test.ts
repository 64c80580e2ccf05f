import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

const postsOn = (page: string) => [...page.matchAll(/harbor report number (\d+)/g)].map((m) => Number(m[1]));

test('search pages through results for a signed-in reader; anonymous readers get the first page only', async () => {
  const s = await startTestServer();
  try {
    const { account: alt } = await seedAccount(s.ctx, 'alt_uscis');
    await seedAccount(s.ctx, 'reader');
    for (let i = 1; i <= 25; i++) await s.ctx.posts.create(alt, { text: `harbor report number ${i}` });
    const web = new WebClient(s.url);
    await web.logIn('reader', PASSPHRASE);

    const first = await web.get('/search?q=harbor');
    assert.equal(new Set(postsOn(first.text)).size, 20);
    const next = /href="([^"]+)" rel="next">More results/.exec(first.text)?.[1]?.replace(/&amp;/g, '&');
    assert.equal(next, '/search?q=harbor&offset=20');
    const second = await web.get(next!);
    const rest = new Set(postsOn(second.text));
    assert.equal(rest.size, 5);
    assert.equal([...rest].filter((n) => postsOn(first.text).includes(n)).length, 0, 'no result twice');
    assert.doesNotMatch(second.text, /rel="next"/);
    assert.match(second.text, /rel="prev">Previous results/);
    for (const bad of ['-20', 'x', '100000']) assert.deepEqual(postsOn((await web.get(`/search?q=harbor&offset=${bad}`)).text).length, 20, `offset=${bad} is the first page`);

    const anon = new WebClient(s.url);
    assert.doesNotMatch((await anon.get('/search?q=alt_uscis&offset=20')).text, /rel="(next|prev)"/);
  } finally {
    await s.close();
  }
});
