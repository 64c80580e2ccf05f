import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createTestContext, seedAccount } from '../../../test/harness.js';
import { PubliusError } from '../../errors.js';
import { runDeskChores } from '../../maintenance/legal-desk.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/legal/examples');
const example = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8'));

function movableClock(iso: string) {
  return { at: new Date(iso), now() { return new Date(this.at); }, advanceDays(d: number) { this.at = new Date(this.at.getTime() + d * 86_400_000); } };
}

async function rejectsWith(p: Promise<unknown>, code: string, pattern?: RegExp) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof PubliusError, `expected a PubliusError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}

/** A 2026 demand for one account, by a state court with a gag that ends on a date. */
function warrant(overrides: Record<string, unknown> = {}) {
  return { ...example('state-warrant-direct-messages'), received_at: '2026-09-02T17:05:00Z', ...overrides };
}

test('intake keeps a malformed demand exactly as received, with every problem, and changes nothing else', async () => {
  const t = await createTestContext();
  try {
    const text = '{"reference": "X-1", "kind": "information", "process": "subpoena_of_sorts", "issuer": {"country": "UK"}}';
    const c = await t.ctx.desk.intake({ text, filename: 'x.json', actor: 'counsel' });
    assert.equal(c.state, 'incomplete');
    assert.equal(c.valid, false);
    assert.equal(c.reference, 'X-1');
    assert.deepEqual(c.document, { raw: text }, 'stored as received, byte for byte');
    assert.ok(c.problems.some((p) => p.startsWith('process:')), c.problems.join('\n'));
    assert.ok(c.problems.some((p) => p.startsWith('targets:')), 'missing targets listed too');
    assert.equal(c.assessment, null);

    const notJson = await t.ctx.desk.intake({ text: '{not json', filename: 'y.json', actor: 'counsel' });
    assert.equal(notJson.state, 'incomplete');
    assert.match(notJson.problems[0], /not valid JSON/);

    // Amending it with a valid document assesses it.
    await seedAccount(t.ctx, 'night_watch_77');
    const amended = await t.ctx.desk.amend(c.id, { input: warrant(), actor: 'counsel' });
    assert.equal(amended.state, 'assessed');
    assert.equal(amended.valid, true);
    assert.ok(amended.assessment);
    const types = (await t.ctx.desk.events(c.id)).map((e) => e.type);
    assert.deepEqual(types, ['case.received', 'case.amended', 'case.assessed', 'case.state']);
    assert.equal((await t.ctx.desk.audit.verify()).ok, true);
  } finally {
    await t.close();
  }
});

test('a valid demand is assessed at intake, with its deadlines, and its scanned document kept with its SHA-256', async () => {
  const t = await createTestContext({ clock: movableClock('2026-09-03T09:00:00Z') });
  try {
    await seedAccount(t.ctx, 'night_watch_77');
    const pdf = Buffer.from('%PDF-1.4 search warrant scan');
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    const c = await t.ctx.desk.intake({ input: warrant({ document: { file: 'warrant.pdf', sha256: sha } }), actor: 'counsel', scan: { filename: 'warrant.pdf', mediaType: 'application/pdf', content: pdf } });
    assert.equal(c.state, 'assessed');
    assert.equal(c.documentSha256, sha);
    assert.deepEqual(c.targets, ['night_watch_77']);
    assert.equal(c.country, 'US');
    assert.ok(c.respondBy?.startsWith('2026-09-16'), `respond by the demand's deadline, got ${c.respondBy}`);
    const docs = await t.ctx.desk.documents(c.id);
    assert.equal(docs.length, 1);
    assert.equal(docs[0].sha256, sha);
    const stored = await t.ctx.desk.document(c.id, String(docs[0].id));
    assert.ok(stored && Buffer.from(stored.content).equals(pdf));
    const kinds = (await t.ctx.desk.deadlines(c.id)).map((d) => d.kind).sort();
    assert.ok(kinds.includes('respond') && kinds.includes('order_expires'), kinds.join(','));

    // A document whose hash does not match the one the demand states is a problem, not silently accepted.
    const other = await t.ctx.desk.intake({ input: warrant({ document: { file: 'warrant.pdf', sha256: 'a'.repeat(64) } }), actor: 'counsel', scan: { filename: 'warrant.pdf', mediaType: 'application/pdf', content: pdf } });
    assert.equal(other.state, 'incomplete');
    assert.ok(other.problems.some((p) => p.startsWith('document.sha256')));

    await rejectsWith(t.ctx.desk.intake({ input: warrant(), actor: 'counsel', scan: { filename: 'x.exe', mediaType: 'application/x-msdownload', content: pdf } }), 'UNSUPPORTED_MEDIA');
    const before = (await t.ctx.desk.list()).length;
    await rejectsWith(t.ctx.desk.intake({ input: warrant(), actor: 'counsel', scan: { filename: 'empty.pdf', mediaType: 'application/pdf', content: Buffer.alloc(0) } }), 'VALIDATION');
    assert.equal((await t.ctx.desk.list()).length, before, 'a refused upload stores no case');
  } finally {
    await t.close();
  }
});

test('the lawyer confirms or overrides with a written reason; what is produced must be requested and held', async () => {
  const t = await createTestContext({ clock: movableClock('2026-09-03T09:00:00Z') });
  try {
    await seedAccount(t.ctx, 'night_watch_77');
    const c = await t.ctx.desk.intake({ input: warrant(), actor: 'counsel' });
    const a = c.assessment!;
    assert.ok(['comply', 'narrow'].includes(a.recommendation), a.recommendation);

    await rejectsWith(t.ctx.desk.decide(c.id, { recommendation: 'reject', reason: 'no', actor: 'counsel' }), 'VALIDATION', /written reason/);
    await rejectsWith(t.ctx.desk.decide(c.id, { recommendation: a.recommendation, produce: ['connection.ip'], reason: 'the warrant asks for it clearly', actor: 'counsel' }), 'VALIDATION', /never collected/);
    await rejectsWith(t.ctx.desk.decide(c.id, { recommendation: a.recommendation, produce: ['records.graph'], reason: 'the warrant asks for it clearly', actor: 'counsel' }), 'VALIDATION', /not requested/);
    assert.equal((await t.ctx.desk.get(c.id)).decision, null, 'a refused decision records nothing');

    const confirmed = await t.ctx.desk.decide(c.id, { recommendation: a.recommendation, reason: '', actor: 'counsel' });
    assert.equal(confirmed.decision?.action, 'confirm');
    assert.deepEqual(confirmed.decision?.produce, a.categories.produce);
    assert.equal(confirmed.state, 'approved');

    // Narrowing further is a decision too; it is recorded as the new decision with its reason.
    const narrowed = await t.ctx.desk.decide(c.id, { recommendation: 'narrow', produce: ['subscriber.handle'], reason: 'only the handle is needed to identify the account in the case file', actor: 'counsel' });
    assert.deepEqual(narrowed.decision?.produce, ['subscriber.handle']);
    const decided = (await t.ctx.desk.events(c.id)).filter((e) => e.type === 'case.decided');
    assert.equal(decided.length, 2);
    assert.equal((decided[1].payload as { reason: string }).reason, 'only the handle is needed to identify the account in the case file');

    // A date range narrows what is produced; a bad one is refused and records nothing.
    await rejectsWith(t.ctx.desk.decide(c.id, { recommendation: a.recommendation, dateRange: { from: '2026-02-30', to: null }, reason: '', actor: 'counsel' }), 'VALIDATION', /date_range\.from/);
    await rejectsWith(t.ctx.desk.decide(c.id, { recommendation: a.recommendation, dateRange: { from: '2026-06-01', to: '2026-05-01' }, reason: '', actor: 'counsel' }), 'VALIDATION', /start is after the end/);
    assert.equal((await t.ctx.desk.events(c.id)).filter((e) => e.type === 'case.decided').length, 2);
    const ranged = await t.ctx.desk.decide(c.id, { recommendation: a.recommendation, dateRange: { from: '2026-05-01', to: '' }, reason: '', actor: 'counsel' });
    assert.deepEqual(ranged.decision?.date_range, { from: '2026-05-01', to: null });
    assert.equal(ranged.decision?.action, 'confirm', 'producing less is not an override');
  } finally {
    await t.close();
  }
});

test('notice: never while a court order is in force, delivered by itself the day it ends; a request for secrecy is no order', async () => {
  const clock = movableClock('2026-09-03T09:00:00Z');
  const t = await createTestContext({ clock });
  try {
    const { account } = await seedAccount(t.ctx, 'night_watch_77');
    const gagged = await t.ctx.desk.intake({ input: warrant(), actor: 'counsel' });
    assert.equal(gagged.assessment!.notice.action, 'notify_after');
    await t.ctx.desk.decide(gagged.id, { recommendation: gagged.assessment!.recommendation, reason: '', actor: 'counsel' });
    assert.deepEqual(await t.ctx.desk.notices.forAccount(account.id), [], 'nothing visible while the order is in force');
    const heldRows = async () => (await t.ctx.privacy.holdings(account.id)).tables.find((x) => x.table === 'legal_notices')?.rows ?? [];
    assert.deepEqual(await heldRows(), [], 'not even through "what this server holds about me" or the export');
    assert.equal((await t.ctx.desk.notices.forCase(gagged.id))[0].state, 'scheduled');

    clock.advanceDays(80); // 2026-11-22: still before 2026-12-01
    assert.equal(await t.ctx.desk.notices.deliverDue(), 0);
    assert.deepEqual(await t.ctx.desk.notices.forAccount(account.id), []);
    clock.at = new Date('2026-12-01T00:00:01Z');
    assert.equal((await runDeskChores(t.ctx)).noticesDelivered, 1, "the server's hourly chores deliver it, nobody has to remember");
    const [notice] = await t.ctx.desk.notices.forAccount(account.id);
    assert.equal((await heldRows()).length, 1, 'once delivered, the notice is part of what is held about the account');
    assert.equal(notice.notice.from.authority, "Santa Clara County Sheriff's Office");
    assert.ok(notice.notice.asked_for.length > 0);
    assert.equal(notice.notice.respond_by, '2026-09-16');
    assert.match(notice.notice.legal_help, /Electronic Frontier Foundation/);
    assert.doesNotMatch(notice.notice.redacted_text, /badge 4471/, 'officer names are redacted');

    // The ALT_USCIS summons only *asks* for secrecy: the holder is told at once.
    const alt = await seedAccount(t.ctx, 'alt_uscis');
    const summons = await t.ctx.desk.intake({ input: example('alt-uscis-summons'), actor: 'counsel' });
    assert.equal(summons.assessment!.notice.action, 'notify_now');
    await t.ctx.desk.decide(summons.id, { recommendation: 'challenge', reason: '', actor: 'counsel' });
    const [altNotice] = await t.ctx.desk.notices.forAccount(alt.account.id);
    assert.ok(altNotice, 'notified now');
    assert.match(altNotice.notice.publius_position, /challenging/);

    // Another account cannot mark it read.
    const other = await seedAccount(t.ctx, 'bystander');
    await rejectsWith(t.ctx.desk.notices.markRead(other.account.id, altNotice.id), 'NOT_FOUND');
    await t.ctx.desk.notices.markRead(alt.account.id, altNotice.id);
    assert.equal((await t.ctx.desk.notices.forAccount(alt.account.id))[0].read, true);
  } finally {
    await t.close();
  }
});

test('an order without an end date keeps the notice withheld until the desk records it lifted, with a reason', async () => {
  const t = await createTestContext({ clock: movableClock('2026-09-03T09:00:00Z') });
  try {
    const { account } = await seedAccount(t.ctx, 'night_watch_77');
    const c = await t.ctx.desk.intake({ input: warrant({ nondisclosure: { type: 'court_order', basis: '18 U.S.C. § 2705(b)', until: null } }), actor: 'counsel' });
    assert.equal(c.assessment!.notice.action, 'withhold');
    assert.ok(c.assessment!.findings.some((f) => f.code === 'notice.unbounded_order'));
    await t.ctx.desk.decide(c.id, { recommendation: 'challenge', reason: 'the gag has no end date; we move to modify it', actor: 'counsel' });
    assert.equal((await t.ctx.desk.notices.forCase(c.id))[0].state, 'withheld');
    assert.equal(await t.ctx.desk.notices.deliverDue(), 0);
    assert.deepEqual(await t.ctx.desk.notices.forAccount(account.id), []);
    await rejectsWith(t.ctx.desk.notices.release(c.id, 'night_watch_77', null, 'ok', 'counsel'), 'VALIDATION');
    await t.ctx.desk.notices.release(c.id, 'night_watch_77', null, 'Court vacated the 2705(b) order on 2026-10-01', 'counsel');
    assert.equal((await t.ctx.desk.notices.forAccount(account.id)).length, 1);
  } finally {
    await t.close();
  }
});

test('states move only along the allowed paths, each move with its reason in the audit log; reminders fire once', async () => {
  const clock = movableClock('2026-09-03T09:00:00Z');
  const t = await createTestContext({ clock });
  try {
    await seedAccount(t.ctx, 'night_watch_77');
    const c = await t.ctx.desk.intake({ input: warrant(), actor: 'counsel' });
    await rejectsWith(t.ctx.desk.transition(c.id, 'complied', 'done', 'counsel'), 'CONFLICT', /cannot move/);
    await rejectsWith(t.ctx.desk.transition(c.id, 'withdrawn', '', 'counsel'), 'VALIDATION');
    await rejectsWith(t.ctx.desk.transition('999999', 'withdrawn', 'gone', 'counsel'), 'NOT_FOUND');

    clock.advanceDays(12); // respond deadline 2026-09-16 is now within two days
    const reminded = await t.ctx.desk.remindDue();
    assert.deepEqual(reminded.map((r) => r.kind), ['respond']);
    assert.deepEqual(await t.ctx.desk.remindDue(), [], 'once per deadline');

    const w = await t.ctx.desk.transition(c.id, 'withdrawn', 'the sheriff withdrew the warrant by letter', 'counsel');
    assert.equal(w.state, 'withdrawn');
    assert.ok(w.closedAt);
    await rejectsWith(t.ctx.desk.decide(c.id, { recommendation: 'comply', reason: 'too late for this', actor: 'counsel' }), 'CONFLICT');
    await t.ctx.desk.comment(c.id, 'Filed the letter in the case folder.', 'paralegal');
    const log = await t.ctx.desk.events(c.id);
    assert.deepEqual(log.filter((e) => e.type === 'case.state').map((e) => (e.payload as { to: string }).to), ['assessed', 'withdrawn']);
    assert.ok(log.some((e) => e.type === 'deadline.reminder'));
    assert.ok(log.some((e) => e.type === 'case.comment' && e.actor === 'paralegal'));
    assert.equal((await t.ctx.desk.audit.verify()).ok, true);
  } finally {
    await t.close();
  }
});

test('removal demands end in remove, withhold in a country, or reject, and the author is told', async () => {
  const t = await createTestContext({ clock: movableClock('2026-10-01T09:00:00Z') });
  try {
    const { account } = await seedAccount(t.ctx, 'poet');
    const p1 = await t.ctx.posts.create(account, { text: 'a poem the minister dislikes', visibility: 'public' });
    const p2 = await t.ctx.posts.create(account, { text: 'another poem', visibility: 'public' });
    const removal = (items: string[]) => ({
      reference: `RM-${items.join()}`, received_at: '2026-10-01T08:00:00Z', channel: 'portal', kind: 'removal', process: 'removal_government_request',
      issuer: { authority: 'Ministry of Culture', country: 'TR', level: 'foreign' }, legal_basis: ['Law No. 5651'], stated_purpose: 'insult',
      targets: [{ account: 'poet' }], categories: [], removal: { items, grounds: 'insult to the state', scope: 'country' }, text: 'Remove these posts.',
    });

    const c1 = await t.ctx.desk.intake({ input: removal([`http://localhost:8080/@poet/${p1.id}`]), actor: 'counsel' });
    assert.equal(c1.state, 'assessed', JSON.stringify(c1.problems));
    const w = await t.ctx.desk.decide(c1.id, { recommendation: 'narrow', removal: { outcome: 'withhold_in_country', countries: ['TR'] }, reason: 'local law; withheld only where it applies, kept for everyone else', actor: 'counsel' });
    assert.equal(w.state, 'withheld_in_country');
    const c2 = await t.ctx.desk.intake({ input: removal([p2.id]), actor: 'counsel' });
    const r = await t.ctx.desk.decide(c2.id, { recommendation: 'comply', removal: { outcome: 'remove' }, reason: 'the post was found unlawful by a court of competent jurisdiction', actor: 'counsel' });
    assert.equal(r.state, 'removed');
    await rejectsWith(t.ctx.posts.visible(null, p2.id), 'NOT_FOUND');
    const c3 = await t.ctx.desk.intake({ input: removal([p1.id]), actor: 'counsel' });
    const rej = await t.ctx.desk.decide(c3.id, { recommendation: 'reject', reason: 'political speech; no lawful basis here', actor: 'counsel' });
    assert.equal(rej.state, 'removal_rejected');

    const outcomes = await t.ctx.db.selectFrom('legal_removals').select(['case_id', 'outcome', 'countries', 'status_id']).orderBy('id').execute();
    assert.deepEqual(outcomes.map((o) => [o.outcome, o.countries]), [['withhold_in_country', ['TR']], ['remove', []], ['reject', []]]);
    assert.equal(outcomes[0].status_id, p1.id);

    const notices = await t.ctx.desk.notices.forAccount(account.id);
    assert.equal(notices.length, 3, 'the author is told of each removal demand');
    assert.ok(notices.every((n) => n.notice.kind === 'removal' && n.notice.items.length === 1));

    await rejectsWith(t.ctx.desk.intake({ input: removal([p1.id]), actor: 'counsel' }).then((c) =>
      t.ctx.desk.decide(c.id, { recommendation: 'comply', removal: { outcome: 'withhold_in_country', countries: [] }, reason: 'withhold where the law applies', actor: 'counsel' })), 'VALIDATION', /countries/);
  } finally {
    await t.close();
  }
});

test('preservation: a request places a hold with its snapshot, a renewal extends it once, and the case ends with the hold', async () => {
  const clock = movableClock('2026-10-01T09:00:00Z');
  const t = await createTestContext({ clock });
  try {
    const { account } = await seedAccount(t.ctx, 'witness');
    await t.ctx.posts.create(account, { text: 'what I saw', visibility: 'public' });
    const request = (sequence: number, receivedAt: string) => ({
      reference: `FBI-PRES-${sequence}`, received_at: receivedAt, channel: 'portal', kind: 'preservation', process: 'preservation_request',
      issuer: { authority: 'Federal Bureau of Investigation', country: 'US', level: 'federal', verified: true },
      legal_basis: ['18 U.S.C. § 2703(f)'], stated_purpose: 'Investigation of wire fraud', offense: { description: 'wire fraud', max_sentence_years: 20 },
      targets: [{ account: 'witness' }], categories: ['subscriber.handle', 'content.public'], preservation: { sequence }, text: 'Please preserve.',
    });
    const first = await t.ctx.desk.intake({ input: request(1, '2026-10-01T08:00:00Z'), actor: 'counsel' });
    assert.ok(['comply', 'narrow'].includes(first.assessment!.recommendation), JSON.stringify(first.assessment!.findings.map((f) => f.code)));
    const held = await t.ctx.desk.decide(first.id, { recommendation: first.assessment!.recommendation, reason: '', actor: 'counsel' });
    assert.equal(held.state, 'preserving');
    const [hold] = await t.ctx.holds.forCase(first.id);
    assert.equal(hold.handle, 'witness');
    assert.equal(hold.expiresAt.toISOString(), '2026-12-30T09:00:00.000Z');

    clock.advanceDays(80);
    const second = await t.ctx.desk.intake({ input: request(2, clock.now().toISOString()), actor: 'counsel' });
    await t.ctx.desk.decide(second.id, { recommendation: second.assessment!.recommendation, reason: '', actor: 'counsel' });
    const [renewed] = await t.ctx.holds.forCase(first.id);
    assert.equal(renewed.renewals, 1, 'the renewal extends the hold in force instead of placing another');
    assert.equal(renewed.expiresAt.toISOString(), '2027-03-30T09:00:00.000Z');
    assert.deepEqual(await t.ctx.holds.forCase(second.id), []);

    const third = await t.ctx.desk.intake({ input: request(3, clock.now().toISOString()), actor: 'counsel' });
    assert.ok(third.assessment!.findings.some((f) => f.code === 'preservation.no_further_renewal'));

    clock.at = new Date('2027-03-31T00:00:00Z');
    const chores = await runDeskChores(t.ctx);
    assert.equal(chores.preservationsEnded, 2, 'both the request and its renewal end with the hold');
    assert.equal((await t.ctx.desk.get(first.id)).state, 'preservation_ended');
  } finally {
    await t.close();
  }
});
