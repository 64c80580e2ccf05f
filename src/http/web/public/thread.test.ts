import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount } from '../../../../test/harness.js';

/** The replies of a post page in order, each with its indent. */
function replies(page: string): Array<{ depth: number; text: string }> {
  const section = page.slice(page.indexOf('id="thread-replies"'));
  return [...section.matchAll(/<li class="depth-(\d)">[\s\S]*?<div class="content[^"]*"[^>]*>([\s\S]*?)<\/div>/g)]
    .map((m) => ({ depth: Number(m[1]), text: m[2].replace(/<[^>]+>/g, '').trim() }));
}

test('a thread page nests each reply under the one it answers, and pages through a long thread', async () => {
  const s = await startTestServer();
  try {
    const { account: alt } = await seedAccount(s.ctx, 'alt_uscis');
    const { account: reader } = await seedAccount(s.ctx, 'reader');
    const root = await s.ctx.posts.create(alt, { text: 'root post' });
    const a = await s.ctx.posts.create(reader, { text: 'first answer', inReplyToId: root.id });
    const b = await s.ctx.posts.create(alt, { text: 'answer to the first', inReplyToId: a.id });
    await s.ctx.posts.create(reader, { text: 'deeper still', inReplyToId: b.id });
    await s.ctx.posts.create(alt, { text: 'second answer', inReplyToId: root.id });
    await s.ctx.posts.create(alt, { text: 'hidden one', inReplyToId: a.id, visibility: 'private' });

    const page = await fetch(`${s.url}/@alt_uscis/${root.id}`).then((r) => r.text());
    assert.deepEqual(replies(page), [
      { depth: 1, text: 'first answer' }, { depth: 2, text: 'answer to the first' }, { depth: 3, text: 'deeper still' },
      { depth: 1, text: 'second answer' },
    ], 'depth-first, indented, and the followers-only reply is not shown to an anonymous reader');
    assert.match(page, /<h2 id="thread-replies">4 replies<\/h2>/);
    assert.doesNotMatch(page, /Replies pages/, 'a short thread has one page');

    // From the middle of the thread the depths are counted from the post shown.
    const middle = await fetch(`${s.url}/@reader/${a.id}`).then((r) => r.text());
    assert.deepEqual(replies(middle).map((r) => r.depth), [1, 2]);

    const long = await s.ctx.posts.create(alt, { text: 'a popular post' });
    for (let i = 1; i <= 105; i++) await s.ctx.posts.create(reader, { text: `reply number ${i}`, inReplyToId: long.id });
    const first = await fetch(`${s.url}/@alt_uscis/${long.id}`).then((r) => r.text());
    assert.equal(replies(first).length, 100);
    assert.match(first, /Replies 1–100 of 105/);
    const next = /href="([^"]+)" rel="next">More replies/.exec(first)?.[1];
    assert.equal(next, `/@alt_uscis/${long.id}?from=100`);
    const second = await fetch(`${s.url}${next}`).then((r) => r.text());
    assert.deepEqual(replies(second).map((r) => r.text), ['reply number 101', 'reply number 102', 'reply number 103', 'reply number 104', 'reply number 105']);
    assert.match(second, /rel="prev">Earlier replies/);
    for (const bad of ['-5', 'abc', '99999', '1e3']) {
      const res = await fetch(`${s.url}/@alt_uscis/${long.id}?from=${bad}`);
      assert.equal(res.status, 200, `from=${bad} reads as the first page`);
      assert.equal(replies(await res.text())[0].text, 'reply number 1');
    }
  } finally {
    await s.close();
  }
});
