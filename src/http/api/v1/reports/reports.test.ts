import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, seedAccount, startTestServer } from '../../../../../test/harness.js';

test('POST /api/v1/reports: the Report entity; unknown ids 404, bad input 422, nothing stored; admin reports API for moderators only', async () => {
  const s = await startTestServer();
  try {
    const { account: mod } = await seedAccount(s.ctx, 'mod', { role: 'moderator' });
    const { token: aliceToken } = await seedAccount(s.ctx, 'alice');
    const { account: bob, token: bobToken } = await seedAccount(s.ctx, 'bob');
    const post = await s.ctx.posts.create(bob, { text: 'spam spam spam' });
    const rule = await s.ctx.db.insertInto('instance_rules').values({ text: 'No spam' }).returning('id').executeTakeFirstOrThrow();
    const alice = apiClient(s.url, aliceToken);

    assert.equal((await apiClient(s.url).post('/api/v1/reports', { account_id: bob.id })).status, 401);
    assert.equal((await alice.post('/api/v1/reports', {})).status, 422, 'account_id is required');
    assert.equal((await alice.post('/api/v1/reports', { account_id: '987654321' })).status, 404);
    assert.equal((await alice.post('/api/v1/reports', { account_id: 'not-an-id' })).status, 404);
    assert.equal((await alice.post('/api/v1/reports', { account_id: bob.id, status_ids: ['987654321'] })).status, 404);
    assert.equal((await alice.post('/api/v1/reports', { account_id: bob.id, status_ids: ['x1'] })).status, 422);
    assert.equal((await alice.post('/api/v1/reports', { account_id: bob.id, category: 'annoying' })).status, 422);
    assert.equal((await alice.post('/api/v1/reports', { account_id: bob.id, comment: 'c'.repeat(1001) })).status, 422);
    assert.equal((await alice.post('/api/v1/reports', { account_id: bob.id, rule_ids: ['424242'] })).status, 422);
    assert.equal((await s.ctx.db.selectFrom('moderation_reports').select('id').execute()).length, 0, 'nothing was stored');

    const res = await alice.post('/api/v1/reports', {
      account_id: bob.id, status_ids: [post.id], comment: 'Selling things', forward: true, category: 'violation', rule_ids: [String(rule.id)],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const r = res.body;
    assert.deepEqual(Object.keys(r).sort(), ['action_taken', 'action_taken_at', 'category', 'comment', 'created_at', 'forwarded', 'id', 'rule_ids', 'status_ids', 'target_account']);
    assert.equal(r.action_taken, false);
    assert.equal(r.action_taken_at, null);
    assert.equal(r.category, 'violation');
    assert.equal(r.comment, 'Selling things');
    assert.equal(r.forwarded, false, 'nothing is forwarded: Publius does not federate');
    assert.match(r.created_at, /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/, 'kept to the day');
    assert.deepEqual(r.status_ids, [post.id]);
    assert.deepEqual(r.rule_ids, [String(rule.id)]);
    assert.equal(r.target_account.id, bob.id);
    assert.equal(r.target_account.username, 'bob');

    // Form-style arrays, as some clients send them.
    const form = new FormData();
    form.append('account_id', bob.id);
    form.append('status_ids[]', post.id);
    form.append('comment', 'again');
    const viaForm = await alice.post('/api/v1/reports', form);
    assert.equal(viaForm.status, 200, JSON.stringify(viaForm.body));
    assert.equal(viaForm.body.category, 'other');

    // The reported account learns nothing; a plain user cannot read the queue.
    const bobNotes = await apiClient(s.url, bobToken).get('/api/v1/notifications');
    assert.deepEqual(bobNotes.body, []);
    assert.equal((await alice.get('/api/v1/admin/reports')).status, 403);

    const { token: modToken } = await s.ctx.sessions.issue({ kind: 'oauth', accountId: mod.id, appId: null, scopes: ['read', 'admin:read'], ttlDays: 1 });
    const modApi = apiClient(s.url, modToken);
    const queue = await modApi.get('/api/v1/admin/reports');
    assert.equal(queue.status, 200, JSON.stringify(queue.body));
    assert.deepEqual(queue.body.map((x: { id: string }) => x.id), [viaForm.body.id, r.id], 'newest first');
    const one = await modApi.get(`/api/v1/admin/reports/${r.id}`);
    assert.equal(one.body.account.username, 'alice', 'moderators see the reporter');
    assert.equal(one.body.account.email, null, 'never collected');
    assert.equal(one.body.statuses[0].id, post.id);
    assert.equal(one.body.rules[0].text, 'No spam');
    assert.equal((await modApi.get('/api/v1/admin/reports/99999')).status, 404);
    assert.equal((await modApi.get('/api/v1/admin/reports/zz')).status, 404);
    // Without the admin scope, a moderator's ordinary token does not reach the admin API.
    const { token: plainModToken } = await s.ctx.sessions.issue({ kind: 'oauth', accountId: mod.id, appId: null, scopes: ['read'], ttlDays: 1 });
    assert.equal((await apiClient(s.url, plainModToken).get('/api/v1/admin/reports')).status, 403);
    const modNotes = await apiClient(s.url, plainModToken).get('/api/v1/notifications');
    assert.ok(modNotes.body.some((n: { type: string }) => n.type === 'admin.report'), 'moderators are notified');
  } finally {
    await s.close();
  }
});
