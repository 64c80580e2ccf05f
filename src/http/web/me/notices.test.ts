import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../../shared/legal/examples');
const example = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8'));

test('legal notices: a delivered notice is shown with everything the holder needs; a scheduled one is not', async () => {
  // The desk's own test date: the warrant's non-disclosure order runs until 2026-12-01.
  const clock = { at: new Date('2026-09-03T09:00:00Z'), now() { return new Date(this.at); } };
  const s = await startTestServer({ clock });
  try {
    const { account } = await seedAccount(s.ctx, 'alt_uscis');
    // A summons that only asks for secrecy: the holder is told at once.
    const summons = await s.ctx.desk.intake({ input: example('alt-uscis-summons'), actor: 'counsel' });
    assert.equal(summons.assessment!.notice.action, 'notify_now');
    await s.ctx.desk.decide(summons.id, { recommendation: 'challenge', reason: '', actor: 'counsel' });
    // A warrant for the same account under a court's gag: scheduled for the day it ends, invisible until then.
    const warrant = { ...example('state-warrant-direct-messages'), received_at: '2026-09-02T17:05:00Z', targets: [{ account: 'alt_uscis' }] };
    const gagged = await s.ctx.desk.intake({ input: warrant, actor: 'counsel' });
    assert.equal(gagged.assessment!.notice.action, 'notify_after');
    await s.ctx.desk.decide(gagged.id, { recommendation: gagged.assessment!.recommendation, reason: '', actor: 'counsel' });
    assert.equal((await s.ctx.desk.notices.forCase(gagged.id))[0].state, 'scheduled');

    const browser = new WebClient(s.url);
    await browser.logIn('alt_uscis', PASSPHRASE);
    const page = await browser.get('/legal-notices');
    assert.equal(page.status, 200);
    assert.equal((page.text.match(/<article class="card legal-notice/g) ?? []).length, 1, 'only the delivered notice');
    assert.match(page.text, /U\.S\. Customs and Border Protection/, 'who asked');
    assert.match(page.text, /<dt>What was asked for<\/dt><dd><ul><li>/, 'what was asked');
    assert.match(page.text, /<dt>Publius answers by<\/dt>/, 'the response date');
    assert.match(page.text, /challenging/, "Publius's position");
    assert.match(page.text, /<pre>[^<]*\S[^<]*<\/pre>/, 'the redacted text');
    assert.match(page.text, /Getting legal help<\/h3><p class="legal-help">[^<]*\S/, 'the legal help text');
    assert.doesNotMatch(page.text, /Santa Clara/, 'nothing of the scheduled notice');
    assert.match(page.text, /<span class="badge">new<\/span>/);

    const [delivered] = await s.ctx.desk.notices.forAccount(account.id);
    const other = new WebClient(s.url);
    await seedAccount(s.ctx, 'bystander');
    await other.logIn('bystander', PASSPHRASE);
    assert.doesNotMatch((await other.get('/legal-notices')).text, /Customs/, 'nobody else sees it');
    assert.equal((await other.post(`/legal-notices/${delivered.id}/read`, {})).status, 404, 'nor marks it read');
    assert.equal((await s.ctx.desk.notices.forAccount(account.id))[0].read, false);

    const read = await browser.post(`/legal-notices/${delivered.id}/read`, {});
    assert.equal(read.status, 303);
    assert.equal((await s.ctx.desk.notices.forAccount(account.id))[0].read, true);
    assert.doesNotMatch((await browser.get('/legal-notices')).text, /<span class="badge">new<\/span>/);
  } finally {
    await s.close();
  }
});

test('notifications list who did what, with the post', async () => {
  const t = await startTestServer();
  try {
    const { account: me } = await seedAccount(t.ctx, 'quill');
    const { account: fan } = await seedAccount(t.ctx, 'fan');
    await t.ctx.accounts.updateProfile(fan.id, { display_name: '<i>Fan</i>' });
    const post = await t.ctx.posts.create(me, { text: 'Notable', visibility: 'public' });
    await t.ctx.posts.favourite(fan, post.id, true);
    await t.ctx.graph.follow(fan, me.id);
    const browser = new WebClient(t.url);
    await browser.logIn('quill', PASSPHRASE);
    const page = await browser.get('/notifications');
    assert.equal(page.status, 200);
    assert.match(page.text, /&lt;i&gt;Fan&lt;\/i&gt;<\/a> <span class="muted">@fan<\/span> followed you/);
    assert.match(page.text, /favourited your post[\s\S]*Notable/);
  } finally {
    await t.close();
  }
});
