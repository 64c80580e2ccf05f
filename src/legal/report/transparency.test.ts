import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, startTestServer, seedAccount, PASSPHRASE } from '../../../test/harness.js';
import type { Db } from '../../db/database.js';
import type { Context } from '../../context.js';
import { AuditLog } from '../desk/audit-log.js';
import { parseHalfYear, halfYearOf, PeriodError } from './half-year.js';
import { band, computeReport, type TransparencyReport } from './transparency.js';
import { toCsv, toHtml, toJson } from './render.js';
import { legalReportCommands } from '../../cli/legal-report-command.js';

// The report is generated mid-August 2026: the first half-year is over, the second is running.
const NOW = new Date('2026-08-15T12:00:00Z');
const clock = { now: () => NOW };
const H1 = parseHalfYear('2026-H1');

interface CaseInput {
  reference: string;
  kind: string | null;
  process: string | null;
  receivedAt: string;
  country: string | null;
  authority?: string;
  targets?: string[];
  valid?: boolean;
  state: string;
  emergency?: boolean;
  nondisclosure?: boolean;
  /** The document as stored, when it is not a demand (a malformed fax). */
  document?: unknown;
}

/** A case row as the desk stores one, written directly: the report must work from the tables alone. */
async function addCase(db: Db, c: CaseInput): Promise<string> {
  const document = c.document ?? {
    reference: c.reference, received_at: c.receivedAt, kind: c.kind, process: c.process,
    issuer: { authority: c.authority ?? 'Some authority', country: c.country },
    targets: (c.targets ?? []).map((account) => ({ account })),
    emergency: c.emergency ? { danger: 'a threat to kill', persons_at_risk: 'a named teacher', why_needed: 'to locate the poster' } : null,
    nondisclosure: c.nondisclosure ? { type: 'request', basis: null, until: null } : null,
  };
  const row = await db.insertInto('legal_cases').values({
    reference: c.reference, kind: c.kind, process: c.process, received_at: c.receivedAt, document: JSON.stringify(document),
    country: c.country, targets: c.targets ?? [], valid: c.valid ?? true, state: c.state,
  }).returning('id').executeTakeFirstOrThrow();
  return String(row.id);
}

async function account(ctx: Context, handle: string): Promise<string> {
  const { account } = await ctx.accounts.signUp({ handle, passphrase: PASSPHRASE, bypassSignupMode: true });
  return String(account.id);
}

const AUTHORITY_US = 'U.S. Customs and Border Protection <script>alert(1)</script>';
const AUTHORITY_DE = 'Staatsanwaltschaft "Nord", Hamburg';

/** Everything but national-security process, for January–June 2026, plus cases just outside it. */
async function seedOrdinary(ctx: Context) {
  const db = ctx.db;
  const log = new AuditLog(db, ctx.clock);
  const move = (caseId: string, from: string, to: string) => log.append({ caseId, type: 'case.state', actor: 'counsel', payload: { from, to, reason: 'test' } });
  const [alice, bob, carol, dave] = [await account(ctx, 'alice'), await account(ctx, 'bob'), await account(ctx, 'carol'), await account(ctx, 'dave')];

  // A US summons with a confidentiality request: challenged, then withdrawn by the agency.
  const summons = await addCase(db, { reference: 'CBP-1', kind: 'information', process: 'administrative_summons', receivedAt: '2026-01-02T00:00:00Z', country: 'US', authority: AUTHORITY_US, targets: ['alt_uscis'], state: 'withdrawn', nondisclosure: true });
  await move(summons, 'assessed', 'challenged');
  await move(summons, 'challenged', 'withdrawn');
  await db.insertInto('legal_notices').values({ case_id: summons, account_id: carol, state: 'cancelled', body: '{}' }).execute();

  // A warrant complied with; its notice was delivered in the half-year.
  const warrant = await addCase(db, { reference: 'W-2', kind: 'information', process: 'search_warrant', receivedAt: '2026-02-10T09:00:00Z', country: 'US', authority: 'Portland Police Bureau', targets: ['alice'], state: 'complied' });
  await move(warrant, 'approved', 'complied');
  await db.insertInto('legal_notices').values({ case_id: warrant, account_id: alice, state: 'delivered', deliver_at: '2026-03-01T00:00:00Z', delivered_at: '2026-03-01T00:00:00Z', body: '{}' }).execute();

  // A German production order partially complied with; its notice scheduled for after the report.
  const german = await addCase(db, { reference: 'DE-3', kind: 'information', process: 'eu_production_order', receivedAt: '2026-03-05T00:00:00Z', country: 'DE', authority: AUTHORITY_DE, targets: ['bob', 'carol'], state: 'partially_complied' });
  await db.insertInto('legal_notices').values({ case_id: german, account_id: bob, state: 'scheduled', deliver_at: '2026-12-01T00:00:00Z', body: '{}' }).execute();

  // An emergency request (the same account as the warrant, written differently), disclosed; notice withheld.
  const emergency = await addCase(db, { reference: 'EM-4', kind: 'information', process: 'emergency_request', receivedAt: '2026-04-01T03:00:00Z', country: 'US', authority: 'Portland Police Bureau', targets: ['@Alice'], state: 'complied', emergency: true });
  await db.insertInto('legal_notices').values({ case_id: emergency, account_id: alice, state: 'withheld', body: '{}' }).execute();

  // A British court order the desk is contesting (state only, no event): open and challenged.
  await addCase(db, { reference: 'GB-5', kind: 'information', process: 'court_order_2703d', receivedAt: '2026-06-30T23:59:59.999Z', country: 'GB', targets: ['gina'], state: 'challenged' });

  // A preservation request with one hold, renewed once.
  const preservation = await addCase(db, { reference: 'P-6', kind: 'preservation', process: 'preservation_request', receivedAt: '2026-05-01T00:00:00Z', country: 'US', targets: ['dave'], state: 'preserving' });
  await db.insertInto('legal_holds').values({ case_id: preservation, account_id: dave, handle: 'dave', starts_at: '2026-05-02T00:00:00Z', expires_at: '2026-09-29T00:00:00Z', renewals: 1 }).execute();

  // A fax nobody could parse.
  await addCase(db, { reference: 'FAX-7', kind: null, process: null, receivedAt: '2026-05-20T00:00:00Z', country: null, valid: false, state: 'incomplete', document: { raw: 'please send everything about that user' } });

  // Removal demands, one per outcome.
  const removed = await addCase(db, { reference: 'R-8', kind: 'removal', process: 'removal_court_order', receivedAt: '2026-02-01T00:00:00Z', country: 'DE', authority: AUTHORITY_DE, state: 'removed' });
  await db.insertInto('legal_removals').values([
    { case_id: removed, item: '101', outcome: 'remove', countries: [], decided_at: '2026-02-03T00:00:00Z' },
    { case_id: removed, item: '102', outcome: 'remove', countries: [], decided_at: '2026-02-03T00:00:00Z' },
  ]).execute();
  const withheld = await addCase(db, { reference: 'R-9', kind: 'removal', process: 'removal_government_request', receivedAt: '2026-02-02T00:00:00Z', country: 'TR', authority: 'BTK', state: 'withheld_in_country' });
  await db.insertInto('legal_removals').values({ case_id: withheld, item: '103', outcome: 'withhold_in_country', countries: ['TR'], decided_at: '2026-02-04T00:00:00Z' }).execute();
  const rejected = await addCase(db, { reference: 'R-10', kind: 'removal', process: 'copyright_notice', receivedAt: '2026-02-03T00:00:00Z', country: 'US', authority: 'A Rights Holder LLC', state: 'removal_rejected' });
  await db.insertInto('legal_removals').values({ case_id: rejected, item: '104', outcome: 'reject', countries: [], decided_at: '2026-02-05T00:00:00Z' }).execute();

  // Just before and just after the half-year: counted elsewhere. The earlier case's notice went out in
  // February, so it counts as a notice delivered in this half-year.
  const previous = await addCase(db, { reference: 'OLD-11', kind: 'information', process: 'grand_jury_subpoena', receivedAt: '2025-12-31T23:59:59.999Z', country: 'US', targets: ['bob'], state: 'complied' });
  await db.insertInto('legal_notices').values({ case_id: previous, account_id: bob, state: 'delivered', deliver_at: '2026-02-01T00:00:00Z', delivered_at: '2026-02-01T00:00:00Z', body: '{}' }).execute();
  await db.insertInto('legal_notices').values({ case_id: previous, account_id: dave, state: 'withheld', body: '{}' }).execute();
  await addCase(db, { reference: 'NEW-12', kind: 'information', process: 'search_warrant', receivedAt: '2026-07-01T00:00:00Z', country: 'US', targets: ['zed'], state: 'received' });
  return { alice, bob };
}

/** Three NSLs (one challenged, with notices) and one NSL that failed validation. */
async function seedNationalSecurity(ctx: Context, ids: { alice: string; bob: string }) {
  const db = ctx.db;
  const log = new AuditLog(db, ctx.clock);
  const nsl = (reference: string, targets: string[], state: string) => addCase(db, {
    reference, kind: 'information', process: 'national_security_letter', receivedAt: '2026-03-15T00:00:00Z', country: 'US',
    authority: 'Federal Bureau of Investigation', targets, state, nondisclosure: true,
  });
  const first = await nsl('NSL-1', ['erin'], 'challenged');
  await log.append({ caseId: first, type: 'case.state', actor: 'counsel', payload: { from: 'assessed', to: 'challenged', reason: 'reciprocal notice' } });
  const second = await nsl('NSL-2', ['frank', 'alice'], 'complied');
  await db.insertInto('legal_notices').values({ case_id: second, account_id: ids.alice, state: 'withheld', body: '{}' }).execute();
  const third = await nsl('NSL-3', ['erin'], 'withdrawn');
  await db.insertInto('legal_notices').values({ case_id: third, account_id: ids.bob, state: 'delivered', delivered_at: '2026-04-01T00:00:00Z', body: '{}' }).execute();
  await addCase(db, { reference: 'NSL-4', kind: null, process: null, receivedAt: '2026-03-16T00:00:00Z', country: null, valid: false, state: 'incomplete', document: { reference: 'NSL-4', process: 'national_security_letter', issuer: { authority: 'FBI' } } });
}

/** RFC 4180, strictly: quoted fields with doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.ok(c !== '\n' && c !== '\r' && c !== '"', `bare ${JSON.stringify(c)} at ${i}`);
    field += c; i++;
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  return rows;
}

test('half-years parse to UTC bounds and anything else is refused with a clear message', () => {
  const h2 = parseHalfYear('2026-H2');
  assert.deepEqual([h2.start.toISOString(), h2.end.toISOString()], ['2026-07-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  assert.deepEqual([H1.start.toISOString(), H1.end.toISOString()], ['2026-01-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z']);
  for (const bad of ['2026-H3', '2026-h1', '2026-Q1', ' 2026-H1', '26-H1', '1969-H2', '2026-H1.html', '']) {
    assert.throws(() => parseHalfYear(bad), (err: unknown) => err instanceof PeriodError && /YYYY-H1/.test((err as Error).message), bad);
  }
  assert.equal(halfYearOf(new Date('2026-06-30T23:59:59.999Z')).id, '2026-H1');
  assert.equal(halfYearOf(new Date('2026-07-01T00:00:00Z')).id, '2026-H2');
  assert.deepEqual([band(0), band(3), band(249), band(250), band(1000)], ['0–249', '0–249', '0–249', '250–499', '1000–1249']);
});

test('the report is computed from the desk records, national-security process only in bands; its three forms and public routes', async () => {
  const t = await startTestServer({ clock });
  try {
    const ids = await seedOrdinary(t.ctx);
    const before = await computeReport(t.ctx.db, H1, { clock, instance: t.config.instanceName });
    await seedNationalSecurity(t.ctx, ids);
    const report: TransparencyReport = await computeReport(t.ctx.db, H1, { clock, instance: t.config.instanceName });

    assert.equal(report.period, '2026-H1');
    assert.equal(report.complete, true);
    assert.equal(report.generated_at, NOW.toISOString());
    assert.deepEqual(report.information, {
      requests: 5, accounts_specified: 5, with_nondisclosure: 1, decided: 4, some_data_produced: 3, percentage_some_data_produced: 75,
      outcomes: { complied: 2, partially_complied: 1, nothing_produced: 0, rejected: 0, withdrawn: 1, other: 0, open: 1 },
      by_country: [
        { key: 'US', requests: 3, accounts: 2, some_data_produced: 2 },
        { key: 'DE', requests: 1, accounts: 2, some_data_produced: 1 },
        { key: 'GB', requests: 1, accounts: 1, some_data_produced: 0 },
      ],
      by_process: [
        { key: 'administrative_summons', requests: 1, accounts: 1, some_data_produced: 0 },
        { key: 'court_order_2703d', requests: 1, accounts: 1, some_data_produced: 0 },
        { key: 'emergency_request', requests: 1, accounts: 1, some_data_produced: 1 },
        { key: 'eu_production_order', requests: 1, accounts: 2, some_data_produced: 1 },
        { key: 'search_warrant', requests: 1, accounts: 1, some_data_produced: 1 },
      ],
      by_authority: [
        { country: 'US', authority: 'Portland Police Bureau', requests: 2 },
        { country: 'DE', authority: AUTHORITY_DE, requests: 1 },
        { country: 'GB', authority: 'Some authority', requests: 1 },
        { country: 'US', authority: AUTHORITY_US, requests: 1 },
      ],
    });
    assert.deepEqual(report.emergency, { requests: 1, accounts_specified: 1, disclosed: 1, decided: 1 });
    assert.deepEqual(report.preservation, {
      requests: 1, accounts_specified: 1, holds_placed: 1, hold_renewals: 1,
      by_country: [{ key: 'US', requests: 1, accounts: 1, some_data_produced: 0 }],
    });
    assert.deepEqual(report.notices, { delivered: 2, delayed: 2, delayed_scheduled: 1, delayed_withheld: 1, cancelled: 1 });
    assert.deepEqual(report.challenges, { challenged: 2, withdrawn: 1, some_data_produced: 0, nothing_produced_or_rejected: 0, open: 1 });
    assert.equal(report.withdrawn, 1);
    assert.deepEqual(report.removals, {
      demands: 3, items: 4,
      demands_by_outcome: { removed: 1, withheld_in_country: 1, rejected: 1, withdrawn: 0, other: 0, open: 0 },
      items_by_outcome: { remove: 2, withhold_in_country: 1, reject: 1 },
      withheld_in: [{ key: 'TR', items: 1 }],
      by_country: [
        { key: 'DE', demands: 1, removed: 1, withheld_in_country: 0, rejected: 0, withdrawn: 0, open: 0 },
        { key: 'TR', demands: 1, removed: 0, withheld_in_country: 1, rejected: 0, withdrawn: 0, open: 0 },
        { key: 'US', demands: 1, removed: 0, withheld_in_country: 0, rejected: 1, withdrawn: 0, open: 0 },
      ],
      by_authority: [
        { country: 'DE', authority: AUTHORITY_DE, requests: 1 },
        { country: 'TR', authority: 'BTK', requests: 1 },
        { country: 'US', authority: 'A Rights Holder LLC', requests: 1 },
      ],
    });
    assert.deepEqual(report.national_security, { requests: '0–249', accounts: '0–249', band_size: 250 });
    assert.equal(report.malformed, 1, 'the malformed NSL is in the band, not here');
    assert.match(report.definitions.percentage_some_data_produced, /divided by decided information requests/);

    // The strongest form of "never exact": adding four national-security cases (with notices, a challenge and
    // accounts also named elsewhere) changes not one byte of any published form.
    assert.equal(toJson(report), toJson(before));
    assert.equal(toCsv(report), toCsv(before));
    assert.equal(toHtml(report), toHtml(before));

    // The previous and next half-years see their own cases only.
    const previous = await computeReport(t.ctx.db, parseHalfYear('2025-H2'), { clock });
    assert.deepEqual([previous.information.requests, previous.information.some_data_produced, previous.notices.delayed_withheld, previous.notices.delivered], [1, 1, 1, 0]);
    const current = await computeReport(t.ctx.db, parseHalfYear('2026-H2'), { clock });
    assert.deepEqual([current.information.requests, current.information.decided, current.information.percentage_some_data_produced, current.complete], [1, 0, null, false]);

    // CSV: parses back under RFC 4180 into period,section,key,value with every figure.
    const rows = parseCsv(toCsv(report));
    assert.deepEqual(rows[0], ['period', 'section', 'key', 'value']);
    assert.ok(rows.every((r) => r.length === 4 && (r === rows[0] || r[0] === '2026-H1')));
    const value = (section: string, key: string) => rows.find((r) => r[1] === section && r[2] === key)?.[3];
    assert.equal(value('information', 'requests'), '5');
    assert.equal(value('information', 'percentage_some_data_produced'), '75');
    assert.equal(value('information.by_country', 'DE.some_data_produced'), '1');
    assert.equal(value('information.by_authority', `DE/${AUTHORITY_DE}`), '1', 'quotes and commas in an authority survive the round trip');
    assert.equal(value('removals.items_by_outcome', 'withhold_in_country'), '1');
    assert.equal(value('national_security', 'requests'), '0–249');
    assert.equal(value('malformed', 'demands'), '1');
    assert.ok(value('definitions', 'national_security')!.includes('50 U.S.C. § 1874'));

    // HTML: standalone, charts drawn as SVG with their tables, untrusted text escaped, nothing a strict CSP blocks.
    const page = toHtml(report);
    assert.match(page, /^<!doctype html>\n<html lang="en">/);
    assert.equal((page.match(/<h1>/g) ?? []).length, 1);
    for (const id of ['by-country', 'by-process', 'information-outcomes', 'removal-outcomes', 'removals-by-country']) {
      assert.match(page, new RegExp(`<figure id="${id}"><figcaption>[^<]+</figcaption><svg [^>]*role="img"[^>]*><title id="${id}-title">[\\s\\S]*?</svg><table>`), id);
    }
    assert.match(page, /<rect x="190" y="\d+" width="380" height="20" fill="#1f4e9c"><\/rect><text [^>]*>3<\/text>/, 'the longest bar is the US with 3');
    assert.match(page, /<th scope="row">Emergency request<\/th><td>1<\/td>/);
    assert.ok(page.includes('U.S. Customs and Border Protection &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('Staatsanwaltschaft &quot;Nord&quot;, Hamburg'));
    assert.doesNotMatch(page, /<script|<style|\sstyle=|\son[a-z]+=/i);
    assert.match(page, /<dd>75%<\/dd>/);
    assert.match(page, /<dd>0–249<\/dd>/);

    // Over HTTP, without a login.
    const api = await fetch(`${t.url}/api/v1/publius/transparency/2026-H1`);
    assert.equal(api.status, 200);
    assert.match(api.headers.get('content-type')!, /^application\/json/);
    assert.deepEqual(await api.json(), JSON.parse(toJson(report)));

    const index = await fetch(`${t.url}/transparency`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type')!, /^text\/html/);
    const indexText = await index.text();
    const listed = [...indexText.matchAll(/href="\/transparency\/(\d{4}-H[12])\.html"/g)].map((m) => m[1]);
    assert.deepEqual(listed, ['2026-H2', '2026-H1', '2025-H2'], 'from the first half-year with cases to the current one');

    const htmlRes = await fetch(`${t.url}/transparency/2026-H1.html`);
    assert.equal(htmlRes.status, 200);
    assert.match(htmlRes.headers.get('content-type')!, /^text\/html; charset=utf-8/);
    assert.match(htmlRes.headers.get('content-security-policy')!, /style-src 'self'/);
    const served = await htmlRes.text();
    assert.match(served, /<link rel="stylesheet" href="\/transparency\/report\.css">/);
    assert.match(served, /<a href="\/transparency\/2026-H1\.csv" type="text\/csv">CSV<\/a>/);
    assert.match(served, /<svg /);

    const csvRes = await fetch(`${t.url}/transparency/2026-H1.csv`);
    assert.equal(csvRes.status, 200);
    assert.match(csvRes.headers.get('content-type')!, /^text\/csv/);
    assert.equal(await csvRes.text(), toCsv(report));

    const jsonRes = await fetch(`${t.url}/transparency/2026-H1.json`);
    assert.equal(jsonRes.status, 200);
    assert.match(jsonRes.headers.get('content-type')!, /^application\/json/);
    assert.equal((await jsonRes.json()).information.requests, 5);

    const css = await fetch(`${t.url}/transparency/report.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type')!, /^text\/css/);

    for (const [p, status] of [
      ['/api/v1/publius/transparency/2026-H3', 422], ['/api/v1/publius/transparency/2026', 422],
      ['/api/v1/publius/transparency/2099-H1', 404], ['/transparency/2026-Q1.html', 404],
      ['/transparency/2026-H1.pdf', 404], ['/transparency/1969-H1.json', 422], ['/transparency/2027-H1.html', 404],
    ] as const) {
      const res = await fetch(t.url + p);
      assert.equal(res.status, status, p);
      const body = await res.json() as { error?: unknown };
      assert.equal(typeof body.error, 'string', p);
    }
  } finally {
    await t.close();
  }
});

test('the index does not start at a half-year whose only demand is national-security process', async () => {
  const t = await startTestServer({ clock });
  try {
    await addCase(t.ctx.db, { reference: 'NSL-0', kind: 'information', process: 'national_security_letter', receivedAt: '2025-03-01T00:00:00Z', country: 'US', targets: ['x'], state: 'complied' });
    await addCase(t.ctx.db, { reference: 'W-1', kind: 'information', process: 'search_warrant', receivedAt: '2026-02-01T00:00:00Z', country: 'US', targets: ['y'], state: 'received' });
    const text = await (await fetch(`${t.url}/transparency`)).text();
    assert.deepEqual([...text.matchAll(/href="\/transparency\/(\d{4}-H[12])\.html"/g)].map((m) => m[1]), ['2026-H2', '2026-H1']);
    // Still reachable by name, and shows the band like any other half-year.
    const early = await (await fetch(`${t.url}/transparency/2025-H1.json`)).json() as TransparencyReport;
    assert.deepEqual([early.information.requests, early.national_security.requests], [0, '0–249']);
  } finally {
    await t.close();
  }
});

test('`publius legal report` writes the report in each format, and refuses a bad period or format', async () => {
  const t = await createTestContext({ persistentDb: true });
  await addCase(t.ctx.db, { reference: 'W-1', kind: 'information', process: 'search_warrant', receivedAt: '2026-02-01T00:00:00Z', country: 'US', authority: 'Sheriff <b>Office</b>', targets: ['y'], state: 'complied' });
  await t.ctx.close();
  const config = { ...t.config, ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {}) };
  const command = legalReportCommands['legal report'];
  const stdout = process.stdout.write;
  try {
    // The command's own confirmation lines are not what is under test; keep them out of the test output.
    process.stdout.write = (() => true) as typeof process.stdout.write;
    const outputs: Record<string, string> = {};
    for (const format of ['json', 'csv', 'html']) {
      const file = path.join(t.dataDir, `report.${format}`);
      assert.equal(await command.run(config, ['2026-H1'], { format, out: file }), 0, format);
      outputs[format] = fs.readFileSync(file, 'utf8');
    }
    assert.equal(await command.run(config, ['2026-H9'], {}), 2);
    assert.equal(await command.run(config, ['2026-H1'], { format: 'pdf' }), 2);
    process.stdout.write = stdout;
    const json = JSON.parse(outputs.json) as TransparencyReport;
    assert.deepEqual([json.period, json.information.requests, json.information.percentage_some_data_produced], ['2026-H1', 1, 100]);
    assert.ok(parseCsv(outputs.csv).some((r) => r[1] === 'information' && r[2] === 'requests' && r[3] === '1'));
    assert.ok(outputs.html.includes('Sheriff &lt;b&gt;Office&lt;/b&gt;'));
    assert.doesNotMatch(outputs.html, /<link rel="stylesheet"/, 'the file stands alone');
  } finally {
    process.stdout.write = stdout;
    await t.cleanup();
  }
});

test('the report counts the moderation actions of its half-year, each in JSON, CSV and on the page', async () => {
  const t = await createTestContext();
  try {
    const { account: poster } = await seedAccount(t.ctx, 'loud_poster');
    const { account: reader } = await seedAccount(t.ctx, 'careful_reader');
    const { account: moderator } = await seedAccount(t.ctx, 'steward', { role: 'moderator' });
    const report = await t.ctx.moderation.fileReport(reader, { accountId: poster.id, category: 'spam', comment: 'the same link forty times' });
    await t.ctx.moderation.act(moderator, { kind: 'silence', reason: 'Repeated spam links', reportId: report.id });
    const period = `${new Date().getUTCFullYear()}-H${new Date().getUTCMonth() < 6 ? 1 : 2}`;
    const r = await computeReport(t.ctx.db, period);
    assert.equal(r.moderation.reports_received, 1);
    assert.equal(r.moderation.actions.silence, 1);
    assert.equal(r.moderation.actions.suspend, 0);
    assert.match(toCsv(r), /moderation\.actions,silence,1/);
    assert.match(toHtml(r), /id="moderation"[\s\S]*Moderation actions by kind[\s\S]*<svg/);
    assert.equal(r.information.requests, 0, 'moderation is not a legal demand');
  } finally {
    await t.close();
  }
});
