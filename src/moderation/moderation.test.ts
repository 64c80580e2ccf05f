import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, seedAccount } from '../../test/harness.js';
import type { Context } from '../context.js';
import { PubliusError } from '../errors.js';
import { moderationCounts } from './moderation.service.js';

async function rejects(work: Promise<unknown>, code: string, status?: number): Promise<void> {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof PubliusError, `expected a PubliusError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (status) assert.equal(err.status, status);
    return true;
  });
}

async function fresh(ctx: Context, handle: string) {
  return (await ctx.accounts.byHandle(handle))!;
}

async function tableCounts(ctx: Context) {
  const n = async (t: 'moderation_reports' | 'moderation_actions' | 'moderation_appeals' | 'moderation_report_statuses') =>
    (await ctx.db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
  return { reports: await n('moderation_reports'), links: await n('moderation_report_statuses'), actions: await n('moderation_actions'), appeals: await n('moderation_appeals') };
}

test('reports: validated, visible posts of the reported account only; moderators notified; nothing changes on bad input', async () => {
  const t = await createTestContext();
  const { ctx } = t;
  try {
    const { account: mod } = await seedAccount(ctx, 'mod', { role: 'moderator' });
    const { account: alice } = await seedAccount(ctx, 'alice');
    const { account: bob } = await seedAccount(ctx, 'bob');
    const post = await ctx.posts.create(bob, { text: 'buy cheap pills' });
    const hidden = await ctx.posts.create(bob, { text: 'to nobody', visibility: 'direct' });
    const alicePost = await ctx.posts.create(alice, { text: 'hello' });
    const rule = await ctx.db.insertInto('instance_rules').values({ text: 'No spam' }).returning('id').executeTakeFirstOrThrow();
    const before = await tableCounts(ctx);

    await rejects(ctx.moderation.fileReport(alice, { accountId: '999999' }), 'NOT_FOUND');
    await rejects(ctx.moderation.fileReport(alice, { accountId: 'abc' }), 'NOT_FOUND');
    await rejects(ctx.moderation.fileReport(alice, { accountId: alice.id }), 'VALIDATION');
    await rejects(ctx.moderation.fileReport(alice, { accountId: bob.id, category: 'rude' }), 'VALIDATION');
    await rejects(ctx.moderation.fileReport(alice, { accountId: bob.id, comment: 'x'.repeat(1001) }), 'VALIDATION');
    await rejects(ctx.moderation.fileReport(alice, { accountId: bob.id, statusIds: [hidden.id] }), 'NOT_FOUND', 404);
    await rejects(ctx.moderation.fileReport(alice, { accountId: bob.id, statusIds: [alicePost.id] }), 'NOT_FOUND', 404);
    await rejects(ctx.moderation.fileReport(alice, { accountId: bob.id, statusIds: ['12x'] }), 'VALIDATION');
    await rejects(ctx.moderation.fileReport(alice, { accountId: bob.id, ruleIds: ['424242'] }), 'VALIDATION');
    assert.deepEqual(await tableCounts(ctx), before, 'no rejected report left anything behind');

    const report = await ctx.moderation.fileReport(alice, { accountId: bob.id, statusIds: [post.id], comment: '  spam  ', ruleIds: [rule.id] });
    assert.equal(report.category, 'violation', 'rules without a category mean a violation, as in Mastodon');
    assert.deepEqual(report.ruleIds, [rule.id]);
    assert.deepEqual(report.statusIds, [post.id]);
    assert.equal(report.comment, 'spam');
    assert.match(report.createdOn, /^\d{4}-\d{2}-\d{2}$/);
    const spam = await ctx.moderation.fileReport(alice, { accountId: bob.id, category: 'spam', ruleIds: [rule.id] });
    assert.deepEqual(spam.ruleIds, [], 'rules only count for violations');

    const notes = await ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', mod.id).execute();
    assert.deepEqual(notes.map((n) => n.type), ['admin.report', 'admin.report']);
    assert.equal((await ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', bob.id).execute()).length, 0, 'the reported account is not told');

    // Reports are for moderators only.
    await rejects(ctx.moderation.openReports(alice), 'FORBIDDEN', 403);
    await rejects(ctx.moderation.report(bob, report.id), 'FORBIDDEN');
    const queue = await ctx.moderation.openReports(mod);
    assert.deepEqual(queue.map((r) => r.id), [spam.id, report.id], 'newest first');
    assert.equal(queue[1].reporterHandle, 'alice', 'moderators see who reported');
    await rejects(ctx.moderation.ownReport(bob, report.id), 'NOT_FOUND'); // a report is seen only by its reporter
    assert.equal((await ctx.moderation.ownReport(alice, report.id)).id, report.id);
  } finally {
    await t.close();
  }
});

test('every action, its effect and its undoing on appeal; removed posts stay removed', async () => {
  const t = await createTestContext();
  const { ctx } = t;
  try {
    const { account: mod } = await seedAccount(ctx, 'mod', { role: 'moderator' });
    const { account: other } = await seedAccount(ctx, 'othermod', { role: 'moderator' });
    const { account: alice } = await seedAccount(ctx, 'alice');
    const { account: bob } = await seedAccount(ctx, 'bob');
    const p1 = await ctx.posts.create(bob, { text: 'first' });
    const p2 = await ctx.posts.create(bob, { text: 'second' });
    const report = await ctx.moderation.fileReport(alice, { accountId: bob.id, statusIds: [p1.id, p2.id], category: 'spam' });

    // remove_post on a report: the post is gone, the report resolved, bob warned with the reason.
    const removed = await ctx.moderation.act(mod, { kind: 'remove_post', reportId: report.id, statusId: p1.id, reason: 'Advertising' });
    assert.equal(removed.kind, 'remove_post');
    assert.equal(removed.statusId, p1.id);
    assert.equal(await ctx.db.selectFrom('statuses').select('id').where('id', '=', p1.id).executeTakeFirst(), undefined);
    assert.equal((await ctx.moderation.report(mod, report.id)).report.state, 'resolved');
    assert.equal((await ctx.db.selectFrom('notifications').select('type').where('account_id', '=', bob.id).execute())[0]?.type, 'moderation_warning');

    // mark_sensitive, then again is a conflict that changes nothing.
    const marked = await ctx.moderation.act(mod, { kind: 'mark_sensitive', accountId: bob.id, statusId: p2.id, reason: 'Graphic' });
    assert.equal((await ctx.db.selectFrom('statuses').select('sensitive').where('id', '=', p2.id).executeTakeFirstOrThrow()).sensitive, true);
    await rejects(ctx.moderation.act(mod, { kind: 'mark_sensitive', accountId: bob.id, statusId: p2.id, reason: 'Again' }), 'CONFLICT', 409);

    const silenced = await ctx.moderation.act(mod, { kind: 'silence', accountId: bob.id, reason: 'Flooding' });
    assert.equal((await fresh(ctx, 'bob')).silenced, true);

    // The user sees the actions with reasons but not who reported or which moderator.
    const mine = await ctx.moderation.actionsAgainst(bob);
    assert.deepEqual(mine.map((a) => [a.kind, a.reason]), [['silence', 'Flooding'], ['mark_sensitive', 'Graphic'], ['remove_post', 'Advertising']]);
    assert.ok(mine.every((a) => a.moderatorHandle === null && a.reportId === null));
    assert.deepEqual(await ctx.moderation.actionsAgainst(alice), []);

    // Appeals: one per action, only by the affected account, text bounded.
    await rejects(ctx.moderation.appeal(alice, silenced.id, 'not mine'), 'NOT_FOUND', 404);
    await rejects(ctx.moderation.appeal(bob, silenced.id, '   '), 'VALIDATION');
    await rejects(ctx.moderation.appeal(bob, silenced.id, 'x'.repeat(1001)), 'VALIDATION');
    const a1 = await ctx.moderation.appeal(bob, silenced.id, 'I was posting a live thread');
    await rejects(ctx.moderation.appeal(bob, silenced.id, 'again'), 'CONFLICT', 409);
    const a2 = await ctx.moderation.appeal(bob, marked.id, 'It is a painting');
    const a3 = await ctx.moderation.appeal(bob, removed.id, 'It was a joke');
    assert.equal(a1.state, 'pending');

    // Deciding: moderators only, reason required, once.
    await rejects(ctx.moderation.decideAppeal(alice, a1.id, { decision: 'reversed', reason: 'ok' }), 'FORBIDDEN');
    await rejects(ctx.moderation.decideAppeal(mod, a1.id, { decision: 'maybe', reason: 'ok' }), 'VALIDATION');
    await rejects(ctx.moderation.decideAppeal(mod, a1.id, { decision: 'reversed', reason: '' }), 'VALIDATION');
    await rejects(ctx.moderation.decideAppeal(mod, '999999', { decision: 'reversed', reason: 'ok' }), 'NOT_FOUND');
    assert.equal((await fresh(ctx, 'bob')).silenced, true, 'rejected decisions changed nothing');

    await ctx.moderation.decideAppeal(other, a1.id, { decision: 'reversed', reason: 'Live threads are fine' });
    assert.equal((await fresh(ctx, 'bob')).silenced, false, 'reversal lifts the silence');
    await rejects(ctx.moderation.decideAppeal(mod, a1.id, { decision: 'upheld', reason: 'changed my mind' }), 'CONFLICT');
    await ctx.moderation.decideAppeal(mod, a2.id, { decision: 'reversed', reason: 'Art' });
    assert.equal((await ctx.db.selectFrom('statuses').select('sensitive').where('id', '=', p2.id).executeTakeFirstOrThrow()).sensitive, false, 'reversal lifts the mark');
    const decided = await ctx.moderation.decideAppeal(mod, a3.id, { decision: 'reversed', reason: 'It was satire' });
    assert.equal(decided.appeal?.state, 'reversed');
    assert.equal(await ctx.db.selectFrom('statuses').select('id').where('id', '=', p1.id).executeTakeFirst(), undefined, 'a removed post cannot come back');

    const log = await ctx.moderation.log(mod);
    assert.deepEqual(log.map((a) => a.kind), ['unmark_sensitive', 'unsilence', 'silence', 'mark_sensitive', 'remove_post']);
    assert.match(log[0].reason, /^Appeal granted: Art/);
    assert.equal(log[1].moderatorHandle, 'othermod');

    // Suspension and its reversal: sessions end at once, and come back only by logging in again.
    const { account: carol } = await seedAccount(ctx, 'carol');
    const suspended = await ctx.moderation.act(mod, { kind: 'suspend', accountId: carol.id, reason: 'Ban evasion' });
    assert.equal((await fresh(ctx, 'carol')).suspended, true);
    assert.equal((await ctx.db.selectFrom('access_tokens').select('id').where('account_id', '=', carol.id).execute()).length, 0);
    const appeal = await ctx.moderation.appeal(carol, suspended.id, 'Not me');
    const upheld = await ctx.moderation.decideAppeal(mod, appeal.id, { decision: 'upheld', reason: 'Same device pattern' });
    assert.equal(upheld.appeal?.decisionReason, 'Same device pattern');
    assert.equal((await fresh(ctx, 'carol')).suspended, true, 'upheld changes nothing');
    await ctx.moderation.act(mod, { kind: 'unsuspend', accountId: carol.id, reason: 'Time served' });
    assert.equal((await fresh(ctx, 'carol')).suspended, false);
    await rejects(ctx.moderation.act(mod, { kind: 'unsuspend', accountId: carol.id, reason: 'again' }), 'CONFLICT');
    await rejects(ctx.moderation.appeal(carol, (await ctx.moderation.log(mod))[0].id, 'appeal an unsuspension?'), 'VALIDATION');

    // A dismissal resolves the report, tells nobody, and is not shown to the reported account.
    const r2 = await ctx.moderation.fileReport(alice, { accountId: carol.id, category: 'other', comment: 'hmm' });
    const before = (await ctx.db.selectFrom('notifications').select('id').where('account_id', '=', carol.id).execute()).length;
    await ctx.moderation.act(mod, { kind: 'dismiss', reportId: r2.id, reason: 'Nothing wrong' });
    assert.equal((await ctx.db.selectFrom('notifications').select('id').where('account_id', '=', carol.id).execute()).length, before);
    assert.ok((await ctx.moderation.actionsAgainst(carol)).every((a) => a.kind !== 'dismiss'));
    await rejects(ctx.moderation.act(mod, { kind: 'dismiss', reportId: r2.id, reason: 'twice' }), 'CONFLICT');

    const today = new Date();
    const counts = await moderationCounts(ctx.db, new Date(Date.UTC(today.getUTCFullYear(), 0, 1)), new Date(Date.UTC(today.getUTCFullYear() + 1, 0, 1)));
    assert.deepEqual(counts, {
      reports_received: 2,
      actions: { remove_post: 1, mark_sensitive: 1, unmark_sensitive: 1, silence: 1, unsilence: 1, suspend: 1, unsuspend: 1, dismiss: 1 },
      appeals_filed: 4, appeals_upheld: 1, appeals_reversed: 3,
    });
    const empty = await moderationCounts(ctx.db, new Date('2000-01-01'), new Date('2000-07-01'));
    assert.equal(empty.reports_received + empty.appeals_filed + Object.values(empty.actions).reduce((a, b) => a + b, 0), 0);
  } finally {
    await t.close();
  }
});

test('authorization and bad input: nothing changes', async () => {
  const t = await createTestContext();
  const { ctx } = t;
  try {
    const { account: mod } = await seedAccount(ctx, 'mod', { role: 'moderator' });
    const { account: mod2 } = await seedAccount(ctx, 'mod2', { role: 'moderator' });
    const { account: admin } = await seedAccount(ctx, 'boss', { role: 'admin' });
    const { account: alice } = await seedAccount(ctx, 'alice');
    const { account: bob } = await seedAccount(ctx, 'bob');
    const alicePost = await ctx.posts.create(alice, { text: 'mine' });
    const bobPost = await ctx.posts.create(bob, { text: 'his' });
    const before = await tableCounts(ctx);

    await rejects(ctx.moderation.act(alice, { kind: 'silence', accountId: bob.id, reason: 'I dislike him' }), 'FORBIDDEN', 403);
    await rejects(ctx.moderation.act(mod, { kind: 'silence', accountId: mod.id, reason: 'self' }), 'FORBIDDEN');
    await rejects(ctx.moderation.act(mod, { kind: 'suspend', accountId: mod2.id, reason: 'rival' }), 'FORBIDDEN');
    await rejects(ctx.moderation.act(mod, { kind: 'suspend', accountId: admin.id, reason: 'coup' }), 'FORBIDDEN');
    await rejects(ctx.moderation.act(mod, { kind: 'ban', accountId: bob.id, reason: 'x' }), 'VALIDATION', 422);
    await rejects(ctx.moderation.act(mod, { kind: 'silence', accountId: bob.id, reason: '  ' }), 'VALIDATION');
    await rejects(ctx.moderation.act(mod, { kind: 'silence', accountId: bob.id, reason: 'y'.repeat(1001) }), 'VALIDATION');
    await rejects(ctx.moderation.act(mod, { kind: 'silence', accountId: '99999', reason: 'x' }), 'NOT_FOUND', 404);
    await rejects(ctx.moderation.act(mod, { kind: 'silence', accountId: '99999999999999999999999', reason: 'x' }), 'NOT_FOUND');
    await rejects(ctx.moderation.act(mod, { kind: 'silence', reportId: '4242', reason: 'x' }), 'NOT_FOUND');
    await rejects(ctx.moderation.act(mod, { kind: 'remove_post', accountId: bob.id, statusId: alicePost.id, reason: 'wrong author' }), 'NOT_FOUND');
    await rejects(ctx.moderation.act(mod, { kind: 'remove_post', accountId: bob.id, reason: 'which post?' }), 'VALIDATION');
    await rejects(ctx.moderation.act(mod, { kind: 'dismiss', accountId: bob.id, reason: 'no report' }), 'VALIDATION');
    const report = await ctx.moderation.fileReport(alice, { accountId: bob.id, statusIds: [bobPost.id] });
    await rejects(ctx.moderation.act(mod, { kind: 'silence', reportId: report.id, accountId: alice.id, reason: 'mismatch' }), 'VALIDATION');

    const after = await tableCounts(ctx);
    assert.deepEqual({ ...after, reports: before.reports, links: before.links }, before, 'no action recorded');
    assert.equal((await fresh(ctx, 'bob')).silenced, false);
    assert.ok(await ctx.db.selectFrom('statuses').select('id').where('id', '=', alicePost.id).executeTakeFirst());
    assert.equal((await ctx.moderation.report(mod, report.id)).report.state, 'open');

    // An admin may act on a moderator; nobody decides an appeal about themselves.
    const silenced = await ctx.moderation.act(admin, { kind: 'silence', accountId: mod2.id, reason: 'Heated' });
    const appeal = await ctx.moderation.appeal(mod2, silenced.id, 'I was provoked');
    await rejects(ctx.moderation.decideAppeal(mod2, appeal.id, { decision: 'reversed', reason: 'mine' }), 'FORBIDDEN');
    await rejects(ctx.moderation.appeals(bob), 'FORBIDDEN');
    assert.equal((await ctx.moderation.appeals(mod)).length, 1);
  } finally {
    await t.close();
  }
});
