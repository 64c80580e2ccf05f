import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, seedAccount, PASSPHRASE } from '../../../../test/harness.js';
import { WebClient } from '../../../../test/web.js';

test('web moderation: report a post, act with a reason, the author reads it and appeals, the moderator reverses it', async () => {
  const s = await startTestServer();
  try {
    await seedAccount(s.ctx, 'mod', { role: 'moderator' });
    await seedAccount(s.ctx, 'alice');
    const { account: bob } = await seedAccount(s.ctx, 'bob');
    const post = await s.ctx.posts.create(bob, { text: 'a <b>graphic</b> picture' });
    await s.ctx.db.insertInto('instance_rules').values({ text: 'Mark graphic media' }).execute();

    // Alice reports the post.
    const alice = new WebClient(s.url);
    await alice.logIn('alice', PASSPHRASE);
    const form = await alice.get(`/posts/${post.id}/report`);
    assert.equal(form.status, 200, form.text.slice(0, 300));
    assert.match(form.text, /&lt;b&gt;graphic|graphic/);
    assert.doesNotMatch(form.text, /<b>graphic<\/b>/, 'post text is never raw markup');
    const forged = await alice.post(`/posts/${post.id}/report`, { category: 'other', comment: 'x' }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    assert.equal((await s.ctx.db.selectFrom('moderation_reports').select('id').execute()).length, 0, 'a forged form files nothing');
    await alice.get(`/posts/${post.id}/report`);
    const tooLong = await alice.post(`/posts/${post.id}/report`, { category: 'other', comment: 'y'.repeat(1001) });
    assert.equal(tooLong.status, 422);
    assert.match(tooLong.text, /role="alert"[^>]*>Validation failed/);
    const sent = await alice.post(`/posts/${post.id}/report`, { category: 'other', comment: 'Needs a <warning>' });
    assert.equal(sent.status, 303);
    assert.equal((await alice.get(sent.location!)).status, 200);
    assert.match(alice.lastPage, /Report sent/);
    // Reporting a profile works the same way; an unknown profile is 404.
    assert.equal((await alice.get('/@nobody_here/report')).status, 404);
    await alice.get('/@bob/report');
    assert.equal((await alice.post('/@bob/report', { category: 'spam' })).status, 303);

    // A plain user cannot see the queue.
    assert.equal((await alice.get('/moderation')).status, 403);
    assert.equal((await alice.get('/moderation/appeals')).status, 403);
    assert.equal((await new WebClient(s.url).get('/moderation')).status, 303, 'anonymous readers are sent to log in');

    // The moderator sees the report with the post and acts on it with a reason.
    const mod = new WebClient(s.url);
    await mod.logIn('mod', PASSPHRASE);
    const queue = await mod.get('/moderation');
    assert.equal(queue.status, 200);
    assert.match(queue.text, /@bob/);
    assert.match(queue.text, /Needs a &lt;warning&gt;/, 'comments are escaped');
    const reportId = (await s.ctx.db.selectFrom('moderation_reports').select('id').where('comment', '=', 'Needs a <warning>').executeTakeFirstOrThrow()).id;
    const page = await mod.get(`/moderation/reports/${reportId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Reported by<\/dt><dd><a href="\/@alice">/);
    const noReason = await mod.post(`/moderation/reports/${reportId}/actions`, { kind: 'mark_sensitive', status_id: post.id, reason: '' });
    assert.equal(noReason.status, 422, 'a reason is required');
    assert.equal((await s.ctx.db.selectFrom('moderation_actions').select('id').execute()).length, 0);
    const forgedAct = await mod.post(`/moderation/reports/${reportId}/actions`, { kind: 'mark_sensitive', status_id: post.id, reason: 'r' }, { csrf: 'forged' });
    assert.equal(forgedAct.status, 403);
    await mod.get(`/moderation/reports/${reportId}`);
    const acted = await mod.post(`/moderation/reports/${reportId}/actions`, { kind: 'mark_sensitive', status_id: post.id, reason: 'Graphic images need a warning' });
    assert.equal(acted.status, 303, acted.text.slice(0, 500));
    assert.equal((await s.ctx.db.selectFrom('statuses').select('sensitive').where('id', '=', post.id).executeTakeFirstOrThrow()).sensitive, true);
    assert.match((await mod.get('/moderation/log')).text, /Post marked sensitive[\s\S]*Graphic images need a warning[\s\S]*@mod/);

    // Alice (a plain user) cannot post moderation forms either.
    await alice.get('/home');
    assert.equal((await alice.post(`/moderation/reports/${reportId}/actions`, { kind: 'suspend', reason: 'mine' })).status, 403);

    // Bob reads the reason (not who reported) and appeals.
    const bobWeb = new WebClient(s.url);
    await bobWeb.logIn('bob', PASSPHRASE);
    const mine = await bobWeb.get('/settings/moderation');
    assert.equal(mine.status, 200);
    assert.match(mine.text, /Post marked sensitive/);
    assert.match(mine.text, /Graphic images need a warning/);
    assert.doesNotMatch(mine.text, /alice|@mod\b/, 'neither the reporter nor the moderator is named');
    const actionId = (await s.ctx.db.selectFrom('moderation_actions').select('id').executeTakeFirstOrThrow()).id;
    const appealed = await bobWeb.post(`/settings/moderation/${actionId}/appeal`, { text: 'It is a painting' });
    assert.equal(appealed.status, 303);
    const twice = await bobWeb.post(`/settings/moderation/${actionId}/appeal`, { text: 'again' }, { csrf: null });
    assert.equal(twice.status, 403, 'no CSRF token, no appeal');
    await bobWeb.get('/settings/moderation');
    assert.equal((await bobWeb.post(`/settings/moderation/${actionId}/appeal`, { text: 'again' })).status, 409);
    assert.equal((await alice.get('/settings/moderation')).text.includes('Graphic images'), false, 'others see only their own actions');

    // The moderator reverses it; the mark is lifted and Bob reads why.
    const appeals = await mod.get('/moderation/appeals');
    assert.match(appeals.text, /It is a painting/);
    const appealId = (await s.ctx.db.selectFrom('moderation_appeals').select('id').executeTakeFirstOrThrow()).id;
    const decided = await mod.post(`/moderation/appeals/${appealId}`, { decision: 'reversed', reason: 'Paintings are fine' });
    assert.equal(decided.status, 303);
    assert.equal((await s.ctx.db.selectFrom('statuses').select('sensitive').where('id', '=', post.id).executeTakeFirstOrThrow()).sensitive, false);
    const after = await bobWeb.get('/settings/moderation');
    assert.match(after.text, /granted: the action is reversed/);
    assert.match(after.text, /Paintings are fine/);
  } finally {
    await s.close();
  }
});
