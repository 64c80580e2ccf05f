import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assessDemand } from './assess.js';
import type { Assessment } from './assessment.js';
import { parseDemand, parseDemandText, type Demand } from './demand.schema.js';
import { FINDING_CODE_LIST, type FindingCode } from './findings.js';
import { LEGAL_CATEGORIES, type LegalCategory } from './vocabulary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examplesDir = path.resolve(repoRoot, '../shared/legal/examples');

/** What Publius's data inventory holds: no name, address, e-mail, phone, payment, IP, device or location. */
const HELD: LegalCategory[] = [
  'subscriber.handle', 'subscriber.service', 'connection.sessions', 'records.graph', 'records.interactions',
  'records.message_metadata', 'content.public', 'content.private', 'content.media',
];

const seenCodes = new Set<FindingCode>();

interface AssessOptions {
  asOf?: string;
  exists?: (handle: string) => boolean;
  pseudonymous?: (handle: string) => boolean;
}

/** Assesses a demand and checks the invariants every assessment must keep. */
function assess(demand: Demand, opts: AssessOptions = {}): Assessment {
  const a = assessDemand(demand, {
    asOf: new Date(opts.asOf ?? demand.received_at),
    heldCategories: HELD,
    targetExists: opts.exists ?? (() => true),
    ...(opts.pseudonymous ? { targetIsPseudonymous: opts.pseudonymous } : {}),
  });
  checkInvariants(demand, a);
  a.findings.forEach((f) => seenCodes.add(f.code));
  return a;
}

function checkInvariants(demand: Demand, a: Assessment): void {
  const requested = demand.categories.length === 0 && demand.all_records ? [...LEGAL_CATEGORIES] : [...new Set(demand.categories)];
  const lists = [...a.categories.produce, ...a.categories.withhold.map((w) => w.category), ...a.categories.not_held];
  assert.deepEqual([...lists].sort(), [...requested].sort(), 'every requested category is in exactly one list');
  if (['challenge', 'reject', 'clarify'].includes(a.recommendation)) assert.deepEqual(a.categories.produce, [], `produce is empty for ${a.recommendation}`);
  for (const c of a.categories.produce) assert.ok(HELD.includes(c), `${c} is produced but not held`);
  for (const c of a.categories.not_held) assert.ok(!HELD.includes(c), `${c} is held but listed as not held`);
  const codes = new Set(a.findings.map((f) => f.code));
  for (const w of a.categories.withhold) assert.ok(codes.has(w.reason), `withhold reason ${w.reason} is among the findings`);
  for (const f of a.findings) {
    assert.ok(f.message.length > 20, `${f.code} explains itself`);
    if (f.severity !== 'info' && !['requester.unverified', 'scope.target_not_found', 'removal.not_assessed', 'authority.unknown_basis'].includes(f.code)) {
      assert.ok(f.citations.length > 0, `${f.code} cites its law`);
    }
  }
  assert.ok(a.deadlines.some((d) => d.kind === 'respond'), 'there is always a response date');
  if (a.notice.action === 'notify_after') assert.match(a.notice.date, /^\d{4}-\d{2}-\d{2}/);
}

const codesOf = (a: Assessment) => a.findings.map((f) => f.code);
const finding = (a: Assessment, code: FindingCode) => a.findings.find((f) => f.code === code);
const reasonFor = (a: Assessment, c: LegalCategory) => a.categories.withhold.find((w) => w.category === c)?.reason;
const deadline = (a: Assessment, kind: string) => a.deadlines.find((d) => d.kind === kind)?.date;

function hasCodes(a: Assessment, ...codes: FindingCode[]): void {
  for (const c of codes) assert.ok(codesOf(a).includes(c), `expected ${c} among ${codesOf(a).join(', ')}`);
}
function lacksCodes(a: Assessment, ...codes: FindingCode[]): void {
  for (const c of codes) assert.ok(!codesOf(a).includes(c), `did not expect ${c} among ${codesOf(a).join(', ')}`);
}

type Overrides = Omit<Partial<Record<keyof Demand, unknown>>, 'issuer'> & { issuer?: Record<string, unknown> };

/** A proper federal grand jury subpoena for basic subscriber information; tests change what they are about. */
function demand(over: Overrides = {}): Demand {
  const base = {
    reference: 'TEST-0001',
    received_at: '2026-09-01T12:00:00Z',
    channel: 'portal',
    kind: 'information',
    process: 'grand_jury_subpoena',
    issuer: {
      authority: 'United States Attorney\'s Office, Northern District of California',
      country: 'US', level: 'federal',
      officer: { name: 'Special Agent', title: 'Special Agent' },
      signed_by: { name: 'AUSA', title: 'Assistant United States Attorney' },
      court: null, verified: true,
    },
    legal_basis: ['18 U.S.C. § 2703(c)(2)', 'Fed. R. Crim. P. 17'],
    stated_purpose: 'Investigation of wire fraud against elderly victims',
    offense: { description: 'Wire fraud, 18 U.S.C. § 1343', max_sentence_years: 20 },
    targets: [{ account: 'sample_user' }],
    categories: ['subscriber.handle', 'subscriber.service'],
    all_records: false,
    date_range: { from: '2026-01-01', to: '2026-08-31' },
    deadline: '2026-09-21T17:00:00Z',
    nondisclosure: null,
  };
  const { issuer, ...rest } = over;
  const r = parseDemand({ ...base, ...rest, issuer: { ...base.issuer, ...(issuer ?? {}) } });
  if (!r.ok) throw new Error(`test demand is invalid:\n${r.problems.join('\n')}`);
  return r.demand;
}

/** Layers overrides on a preset, merging the issuer field by field. */
function layer(preset: Overrides, over: Overrides): Overrides {
  return { ...preset, ...over, issuer: { ...(preset.issuer ?? {}), ...(over.issuer ?? {}) } };
}

const JUDGE = { court: { name: 'United States District Court for the Northern District of California', judge: 'Magistrate Judge' }, signed_by: { name: 'Magistrate Judge', title: 'United States Magistrate Judge' } };
const WARRANT: Overrides = { process: 'search_warrant', legal_basis: ['18 U.S.C. § 2703(a)', 'Fed. R. Crim. P. 41'], issuer: JUDGE };
const ORDER_2703D: Overrides = { process: 'court_order_2703d', legal_basis: ['18 U.S.C. § 2703(d)'], issuer: JUDGE };

describe('sample demands (shared/legal/examples)', () => {
  const names = fs.readdirSync(examplesDir).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace(/\.expected\.json$/, ''));
  test('there are samples to check', () => assert.ok(names.length >= 3));
  for (const name of names) {
    test(`${name} is assessed as its expectation says`, () => {
      const parsed = parseDemandText(fs.readFileSync(path.join(examplesDir, `${name}.json`), 'utf8'), `${name}.json`);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('\n'));
      const expected = JSON.parse(fs.readFileSync(path.join(examplesDir, `${name}.expected.json`), 'utf8'));
      // Without an as_of, a sample is assessed as of its receipt, so its expectations do not drift with the calendar.
      const a = assess(parsed.demand, { asOf: expected.as_of ?? parsed.demand.received_at });
      if (expected.recommendation) assert.equal(a.recommendation, expected.recommendation);
      if (expected.recommendation_any) assert.ok(expected.recommendation_any.includes(a.recommendation), a.recommendation);
      hasCodes(a, ...(expected.codes ?? []));
      for (const c of expected.not_held_includes ?? []) assert.ok(a.categories.not_held.includes(c), `not_held has ${c}`);
      for (const c of expected.produce_includes ?? []) assert.ok(a.categories.produce.includes(c), `produce has ${c}`);
      for (const c of expected.produce_excludes ?? []) assert.ok(!a.categories.produce.includes(c), `produce lacks ${c}`);
      if (expected.notice_action) assert.equal(a.notice.action, expected.notice_action);
      if (expected.notice_date) assert.equal(a.notice.date, expected.notice_date);
      if (expected.deadline_kind) assert.ok(a.deadlines.some((d) => d.kind === expected.deadline_kind && d.date.startsWith(expected.deadline_date)), JSON.stringify(a.deadlines));
    });
  }

  test('the @ALT_USCIS summons: the held handle and log-ins are withheld for the purpose mismatch, the rest is not held', () => {
    const parsed = parseDemandText(fs.readFileSync(path.join(examplesDir, 'alt-uscis-summons.json'), 'utf8'), 'x.json');
    assert.ok(parsed.ok);
    const a = assess(parsed.demand);
    assert.equal(reasonFor(a, 'subscriber.handle'), 'authority.purpose_mismatch');
    assert.equal(reasonFor(a, 'connection.sessions'), 'authority.purpose_mismatch');
    assert.deepEqual(finding(a, 'authority.purpose_mismatch')?.citations[0], '19 U.S.C. § 1509(a)');
    assert.equal(finding(a, 'speech.anonymous_identity')?.severity, 'blocker');
    assert.match(finding(a, 'scope.deadline_unreasonable')!.message, /before the demand was received/);
  });
});

describe('the instrument and its basis', () => {
  test('a catalogued basis is named in an info finding; a proper grand jury subpoena for subscriber data is complied with', () => {
    const a = assess(demand());
    assert.equal(a.recommendation, 'comply');
    assert.deepEqual(a.categories.produce, ['subscriber.handle', 'subscriber.service']);
    assert.match(finding(a, 'authority.recognized')!.message, /Grand jury or trial subpoena/);
    lacksCodes(a, 'authority.unknown_basis', 'authority.insufficient_process', 'records.not_held', 'speech.anonymous_identity');
  });

  test('an uncatalogued citation beside a known instrument is a warning for the lawyer, not a change of outcome', () => {
    const a = assess(demand({ legal_basis: ['18 U.S.C. § 2703(c)(2)', 'Ohio Rev. Code § 2935.99'] }));
    assert.equal(a.recommendation, 'comply');
    assert.equal(finding(a, 'authority.unknown_basis')?.severity, 'warning');
    assert.deepEqual(finding(a, 'authority.unknown_basis')?.citations, ['Ohio Rev. Code § 2935.99']);
  });

  test('a process the catalog has no instrument for is a blocker: clarify, nothing produced', () => {
    const a = assess(demand({ process: 'fisa_order', legal_basis: ['50 U.S.C. § 1861'] }));
    assert.equal(a.recommendation, 'clarify');
    assert.equal(finding(a, 'authority.unknown_basis')?.severity, 'blocker');
    assert.deepEqual(a.categories.produce, []);
    assert.equal(reasonFor(a, 'subscriber.handle'), 'authority.unknown_basis');
  });

  test('a document that cites no basis is assessed by its process type', () => {
    const a = assess(demand({ legal_basis: [] }));
    assert.equal(a.recommendation, 'comply');
    assert.match(finding(a, 'authority.recognized')!.message, /cites no legal basis/);
    lacksCodes(a, 'authority.unknown_basis');
  });

  test('a basis for a different kind of process is flagged for clarification', () => {
    const a = assess(demand({ process: 'administrative_subpoena', legal_basis: ['18 U.S.C. § 2703(d)'] }));
    assert.equal(a.recommendation, 'clarify');
    hasCodes(a, 'authority.process_mismatch');
    const fine = assess(demand({ process: 'administrative_subpoena', legal_basis: ['18 U.S.C. § 2703(c)(2)'], issuer: { authority: 'U.S. Department of Labor, Office of Inspector General' } }));
    lacksCodes(fine, 'authority.process_mismatch');
  });
});

describe('who may issue', () => {
  const customs: Overrides = {
    process: 'administrative_summons', legal_basis: ['19 U.S.C. § 1509'],
    stated_purpose: 'Determining liability for duties on imported merchandise misdeclared at entry',
    offense: null,
    issuer: { authority: 'U.S. Customs and Border Protection', signed_by: { name: 'X', title: 'Port Director' } },
  };

  test('a § 1509 summons within its purposes, signed by a port director, reaches subscriber data', () => {
    const a = assess(demand(customs));
    assert.equal(a.recommendation, 'comply');
    lacksCodes(a, 'authority.issuer_not_authorized', 'authority.purpose_mismatch');
  });

  test('a § 1509 summons signed below a special agent in charge is not authorised: reject', () => {
    for (const title of ['Special Agent', 'Assistant Special Agent in Charge', 'Deputy Special Agent in Charge']) {
      const a = assess(demand(layer(customs, { issuer: { signed_by: { name: 'X', title } } })));
      assert.equal(a.recommendation, 'reject', title);
      hasCodes(a, 'authority.issuer_not_authorized');
      assert.equal(reasonFor(a, 'subscriber.handle'), 'authority.issuer_not_authorized');
    }
  });

  test('a § 1509 summons from an agency other than customs is not authorised', () => {
    const a = assess(demand({ ...customs, issuer: { authority: 'Federal Trade Commission', signed_by: { name: 'X', title: 'Director' } } }));
    hasCodes(a, 'authority.issuer_not_authorized');
    assert.match(finding(a, 'authority.issuer_not_authorized')!.message, /Federal Trade Commission/);
  });

  test('a § 2703(d) order with no court behind it is no order: reject', () => {
    const a = assess(demand(layer(ORDER_2703D, { issuer: { court: null, signed_by: { name: 'X', title: 'Detective' } }, categories: ['records.graph'] })));
    assert.equal(a.recommendation, 'reject');
    assert.match(finding(a, 'authority.issuer_not_authorized')!.message, /no court or judge/);
  });

  test('a National Security Letter may come only from the FBI, signed at a rank the statute allows', () => {
    const nsl: Overrides = { process: 'national_security_letter', legal_basis: ['18 U.S.C. § 2709'], stated_purpose: 'International terrorism investigation', offense: null, categories: ['subscriber.handle'], issuer: { authority: 'Federal Bureau of Investigation', signed_by: { name: 'X', title: 'Special Agent in Charge' } } };
    lacksCodes(assess(demand(nsl)), 'authority.issuer_not_authorized');
    hasCodes(assess(demand({ ...nsl, issuer: { authority: 'Drug Enforcement Administration', signed_by: { name: 'X', title: 'Special Agent in Charge' } } })), 'authority.issuer_not_authorized');
    hasCodes(assess(demand({ ...nsl, issuer: { authority: 'Federal Bureau of Investigation', signed_by: { name: 'X', title: 'Special Agent' } } })), 'authority.issuer_not_authorized');
  });

  test('a city police department cannot issue an administrative subpoena under § 2703(c)(2)', () => {
    const a = assess(demand({ process: 'administrative_subpoena', legal_basis: ['18 U.S.C. § 2703(c)(2)'], issuer: { authority: 'Springfield Police Department', level: 'local' } }));
    assert.equal(a.recommendation, 'reject');
    hasCodes(a, 'authority.issuer_not_authorized');
  });
});

describe('purposes of the cited statute', () => {
  test('a § 876 subpoena in a drug investigation is within its purposes; one about online harassment is not', () => {
    const dea: Overrides = { process: 'administrative_subpoena', legal_basis: ['21 U.S.C. § 876'], issuer: { authority: 'Drug Enforcement Administration, Miami Field Division' } };
    const drugs = assess(demand({ ...dea, stated_purpose: 'Fentanyl trafficking investigation', offense: { description: 'Distribution of controlled substances', max_sentence_years: 20 } }));
    lacksCodes(drugs, 'authority.purpose_mismatch');
    assert.equal(drugs.recommendation, 'comply');
    const speech = assess(demand({ ...dea, stated_purpose: 'Identify the author of posts criticising the agency', offense: null }));
    assert.equal(speech.recommendation, 'challenge');
    hasCodes(speech, 'authority.purpose_mismatch');
    assert.deepEqual(finding(speech, 'authority.purpose_mismatch')?.citations[0], '21 U.S.C. § 876(a)');
  });

  test('a purpose-limited summons that states no purpose at all is a purpose mismatch', () => {
    const a = assess(demand({ process: 'administrative_summons', legal_basis: ['19 U.S.C. § 1509'], stated_purpose: '', offense: null, issuer: { authority: 'U.S. Customs and Border Protection', signed_by: { name: 'X', title: 'Special Agent in Charge' } } }));
    assert.match(finding(a, 'authority.purpose_mismatch')!.message, /states no purpose at all/);
  });

  test('instruments without purpose limits in the catalog never raise a purpose mismatch', () => {
    lacksCodes(assess(demand({ stated_purpose: 'Investigation', offense: null })), 'authority.purpose_mismatch');
  });
});

describe('what the process can reach', () => {
  test('a proper warrant for content is complied with, content included', () => {
    const a = assess(demand({ ...WARRANT, categories: ['content.public', 'content.private', 'content.media', 'subscriber.handle'] }));
    assert.equal(a.recommendation, 'comply');
    assert.deepEqual(a.categories.produce, ['content.public', 'content.private', 'content.media', 'subscriber.handle']);
    lacksCodes(a, 'content.warrant_required');
  });

  test('a § 2703(d) order for content and the social graph: produce the graph, withhold content for want of a warrant', () => {
    const a = assess(demand({ ...ORDER_2703D, categories: ['records.graph', 'records.message_metadata', 'content.private'] }));
    assert.equal(a.recommendation, 'narrow');
    assert.deepEqual(a.categories.produce, ['records.graph', 'records.message_metadata']);
    assert.equal(reasonFor(a, 'content.private'), 'content.warrant_required');
    assert.ok(finding(a, 'content.warrant_required')!.citations.some((c) => c.includes('Warshak')));
  });

  test('a § 2703(d) order for content only leaves nothing to produce: reject', () => {
    const a = assess(demand({ ...ORDER_2703D, categories: ['content.public'] }));
    assert.equal(a.recommendation, 'reject');
    assert.equal(reasonFor(a, 'content.public'), 'content.warrant_required');
  });

  test('a subpoena cannot reach non-content records beyond basic subscriber information', () => {
    const a = assess(demand({ categories: ['subscriber.handle', 'records.graph', 'records.interactions'] }));
    assert.equal(a.recommendation, 'narrow');
    assert.deepEqual(a.categories.produce, ['subscriber.handle']);
    assert.equal(reasonFor(a, 'records.graph'), 'authority.insufficient_process');
    assert.match(finding(a, 'authority.insufficient_process')!.message, /2703\(d\)/);
  });

  test('location history needs a warrant (Carpenter), even where Publius holds none', () => {
    const a = assess(demand({ ...ORDER_2703D, categories: ['records.graph', 'records.location'] }));
    hasCodes(a, 'records.location_warrant_required', 'records.not_held');
    assert.ok(a.categories.not_held.includes('records.location'));
    assert.ok(finding(a, 'records.location_warrant_required')!.citations.some((c) => c.includes('Carpenter')));
    lacksCodes(assess(demand({ ...WARRANT, categories: ['records.location'] })), 'records.location_warrant_required');
  });

  test('an NSL asking for content is limited to its four categories', () => {
    const a = assess(demand({
      process: 'national_security_letter', legal_basis: ['18 U.S.C. § 2709'], stated_purpose: 'Protect against clandestine intelligence activities', offense: null,
      issuer: { authority: 'Federal Bureau of Investigation', signed_by: { name: 'X', title: 'Deputy Assistant Director' } },
      categories: ['subscriber.service', 'content.private', 'records.graph'],
    }));
    assert.equal(a.recommendation, 'narrow');
    assert.deepEqual(a.categories.produce, ['subscriber.service']);
    assert.equal(reasonFor(a, 'content.private'), 'nsl.four_categories_only');
    assert.equal(reasonFor(a, 'records.graph'), 'nsl.four_categories_only');
  });

  test('content is never disclosed to a private party, whatever the subpoena; non-content is not barred', () => {
    const civil = assess(demand({
      process: 'civil_subpoena', legal_basis: ['Fed. R. Civ. P. 45'], stated_purpose: 'Breach of contract action', offense: null,
      issuer: { authority: 'Smith & Jones LLP, counsel for plaintiff', level: 'private', signed_by: { name: 'X', title: 'Attorney' } },
      categories: ['content.private', 'content.public', 'subscriber.service'],
    }));
    assert.equal(civil.recommendation, 'narrow');
    assert.equal(reasonFor(civil, 'content.private'), 'content.no_private_party_disclosure');
    assert.deepEqual(civil.categories.produce, ['subscriber.service']);
    assert.ok(finding(civil, 'content.no_private_party_disclosure')!.citations.includes('18 U.S.C. § 2702(a)'));
    const defence = assess(demand({ process: 'trial_subpoena', issuer: { authority: 'Office of the Public Defender', level: 'private' }, categories: ['content.public'] }));
    assert.equal(reasonFor(defence, 'content.public'), 'content.no_private_party_disclosure');
    lacksCodes(defence, 'content.warrant_required');
  });
});

describe('anonymous speech', () => {
  const unmask: Overrides = {
    process: 'civil_subpoena', legal_basis: ['Fed. R. Civ. P. 45'], stated_purpose: 'Defamation action against Doe', offense: null,
    issuer: { authority: 'Smith & Jones LLP, counsel for plaintiff', level: 'private', signed_by: { name: 'X', title: 'Attorney' } },
    categories: ['subscriber.email', 'connection.ip', 'subscriber.handle'],
  };

  test('a civil subpoena to unmask a pseudonymous speaker is challenged (Dendrite / Cahill / Highfields)', () => {
    const a = assess(demand(unmask));
    assert.equal(a.recommendation, 'challenge');
    const f = finding(a, 'speech.civil_unmasking')!;
    assert.equal(f.severity, 'blocker');
    assert.ok(f.citations.some((c) => c.startsWith('Dendrite')) && f.citations.some((c) => c.startsWith('Doe v. Cahill')) && f.citations.some((c) => c.startsWith('Highfields')));
    assert.deepEqual(f.categories, ['subscriber.email', 'connection.ip']);
    lacksCodes(a, 'authority.no_offense_stated', 'speech.anonymous_identity');
  });

  test('after a court has ordered it, civil unmasking is a warning for the lawyer, not a challenge', () => {
    const a = assess(demand(layer(unmask, { issuer: { court: { name: 'Superior Court of California, County of San Mateo', judge: 'Judge' } } })));
    assert.equal(finding(a, 'speech.civil_unmasking')?.severity, 'warning');
    assert.equal(a.recommendation, 'comply');
  });

  test('a government demand for a pseudonymous account\'s identity is flagged for First Amendment review with the four-part test', () => {
    const a = assess(demand({ categories: ['subscriber.handle', 'connection.ip'] }));
    const f = finding(a, 'speech.anonymous_identity')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /\(1\).*\(2\).*\(3\).*\(4\)/s);
    assert.ok(f.citations.some((c) => c.startsWith('McIntyre')));
    assert.equal(a.recommendation, 'comply');
  });

  test('a demand for identity that names no offence and no court reviewed is challenged', () => {
    const a = assess(demand({ stated_purpose: 'Official investigation', offense: null, categories: ['subscriber.handle', 'subscriber.name'] }));
    assert.equal(a.recommendation, 'challenge');
    hasCodes(a, 'authority.no_offense_stated', 'speech.anonymous_identity');
    assert.equal(reasonFor(a, 'subscriber.handle'), 'speech.anonymous_identity');
  });

  test('for an account known not to be pseudonymous, a demand that names no offence is only sent back for clarification', () => {
    const a = assess(demand({ stated_purpose: 'Investigation', offense: null, categories: ['subscriber.handle', 'subscriber.email'] }), { pseudonymous: () => false });
    assert.equal(a.recommendation, 'clarify');
    hasCodes(a, 'authority.no_offense_stated');
    lacksCodes(a, 'speech.anonymous_identity');
  });

  test('nothing identifying requested: no speech finding', () => {
    const a = assess(demand({ stated_purpose: 'Investigation', offense: null }));
    lacksCodes(a, 'authority.no_offense_stated', 'speech.anonymous_identity', 'speech.civil_unmasking');
  });
});

describe('foreign authorities', () => {
  const EU_JUDGE = { authority: 'Amtsgericht München, Ermittlungsrichter', country: 'DE', level: 'foreign', signed_by: { name: 'Richter', title: 'Ermittlungsrichter' }, court: { name: 'Amtsgericht München', judge: 'Ermittlungsrichter' } };
  const EU_PROSECUTOR = { authority: 'Staatsanwaltschaft München I', country: 'DE', level: 'foreign', signed_by: { name: 'X', title: 'Staatsanwalt' }, court: null };
  const eu = (over: Overrides): Demand => demand(layer({
    process: 'eu_production_order', channel: 'eu_system', legal_basis: ['Regulation (EU) 2023/1543'], received_at: '2026-10-01T08:00:00Z',
    deadline: null, date_range: { from: '2026-05-01', to: '2026-09-30' },
    stated_purpose: 'Investigation of extortion', offense: { description: 'Erpressung, § 253 StGB', max_sentence_years: 5 },
    issuer: EU_JUDGE,
  }, over));

  test('an EU production order from a prosecutor reaches subscriber data but not content, which needs a judge', () => {
    const a = assess(eu({ issuer: EU_PROSECUTOR, categories: ['subscriber.handle', 'content.private', 'records.graph'] }));
    assert.equal(a.recommendation, 'narrow');
    assert.deepEqual(a.categories.produce, ['subscriber.handle']);
    assert.equal(reasonFor(a, 'content.private'), 'authority.issuer_not_authorized');
    assert.equal(reasonFor(a, 'records.graph'), 'authority.issuer_not_authorized');
    assert.ok(finding(a, 'authority.issuer_not_authorized')!.citations.some((c) => c.includes('Art. 4(2)')));
    hasCodes(a, 'jurisdiction.eu_e_evidence', 'notice.issuer_informs_user');
    assert.equal(a.notice.action, 'withhold');
    assert.equal(deadline(a, 'respond'), '2026-10-11T08:00:00Z');
  });

  test('an EU production order from a judge: traffic data produced; content withheld because US law bars it (conflicting obligations)', () => {
    const a = assess(eu({ categories: ['records.message_metadata', 'content.private'] }));
    assert.equal(a.recommendation, 'narrow');
    assert.deepEqual(a.categories.produce, ['records.message_metadata']);
    assert.equal(reasonFor(a, 'content.private'), 'jurisdiction.conflicting_obligations');
    assert.ok(finding(a, 'jurisdiction.conflicting_obligations')!.citations.includes('Regulation (EU) 2023/1543, Art. 17'));
  });

  test('EU traffic data needs an offence of at least three years, or a listed one', () => {
    const minor = assess(eu({ offense: { description: 'Beleidigung', max_sentence_years: 1 }, categories: ['records.graph', 'subscriber.handle'] }));
    assert.equal(reasonFor(minor, 'records.graph'), 'authority.offense_below_threshold');
    assert.deepEqual(minor.categories.produce, ['subscriber.handle']);
    const listed = assess(eu({ offense: { description: 'Public provocation to commit a terrorist offence', max_sentence_years: 2 }, categories: ['records.graph'] }));
    lacksCodes(listed, 'authority.offense_below_threshold');
    assert.equal(listed.recommendation, 'comply');
  });

  test('an EU order\'s own confidentiality request leaves notice to the issuing authority', () => {
    const a = assess(eu({ categories: ['subscriber.handle'], nondisclosure: { type: 'statutory', basis: 'Regulation (EU) 2023/1543, Art. 13', until: null } }));
    assert.equal(a.notice.action, 'withhold');
    hasCodes(a, 'notice.issuer_informs_user');
    lacksCodes(a, 'notice.order_unverified', 'notice.unbounded_order');
  });

  test('an EU production order in an emergency is due in 8 hours', () => {
    const a = assess(eu({ categories: ['subscriber.handle'], emergency: { danger: 'Threat to kill a named person tonight', persons_at_risk: 'A named person', why_needed: 'To locate the author' } }));
    assert.equal(deadline(a, 'respond'), '2026-10-01T16:00:00Z');
  });

  test('EU orders received before 18 August 2026, or from Denmark, must go through mutual legal assistance', () => {
    const early = assess(eu({ received_at: '2026-06-01T08:00:00Z', categories: ['subscriber.handle'] }));
    assert.equal(early.recommendation, 'reject');
    assert.match(finding(early, 'jurisdiction.foreign_mlat_required')!.message, /2026-08-18/);
    const denmark = assess(eu({ issuer: { ...EU_JUDGE, country: 'DK', authority: 'Københavns Byret' }, categories: ['subscriber.handle'] }));
    assert.equal(denmark.recommendation, 'reject');
    hasCodes(denmark, 'jurisdiction.foreign_mlat_required');
  });

  test('an EU production order issued by the police without validation is not authorised', () => {
    const a = assess(eu({ issuer: { authority: 'Polizeipräsidium München', signed_by: { name: 'X', title: 'Kriminalhauptkommissar' }, court: null }, categories: ['subscriber.handle'] }));
    assert.equal(a.recommendation, 'reject');
    hasCodes(a, 'authority.issuer_not_authorized');
  });

  const uk = (over: Overrides): Demand => demand(layer({
    process: 'cloud_act_order', legal_basis: ['Crime (Overseas Production Orders) Act 2019', '18 U.S.C. § 2523'],
    stated_purpose: 'Investigation of a conspiracy to murder', offense: { description: 'Conspiracy to murder', max_sentence_years: 99 },
    categories: ['content.private', 'subscriber.handle'],
    issuer: { authority: 'Metropolitan Police Service', country: 'GB', level: 'foreign', signed_by: { name: 'HHJ', title: 'Judge' }, court: { name: 'Central Criminal Court', judge: 'HHJ' } },
  }, over));

  test('a UK order under the CLOUD Act agreement may reach content; the agreement\'s conditions are listed for the lawyer', () => {
    const a = assess(uk({}));
    assert.equal(a.recommendation, 'comply');
    assert.ok(a.categories.produce.includes('content.private'));
    const f = finding(a, 'jurisdiction.cloud_act_agreement')!;
    assert.match(f.message, /United States person/);
    assert.ok(f.citations.some((c) => c.startsWith('18 U.S.C. § 2523')));
    lacksCodes(a, 'jurisdiction.foreign_mlat_required', 'jurisdiction.conflicting_obligations');
  });

  test('a UK order without judicial authorisation, or for a minor offence, is not within the agreement', () => {
    assert.equal(assess(uk({ issuer: { court: null, signed_by: { name: 'X', title: 'Detective Inspector' } } })).recommendation, 'reject');
    const minor = assess(uk({ offense: { description: 'Malicious communications', max_sentence_years: 2 } }));
    assert.equal(reasonFor(minor, 'content.private'), 'authority.offense_below_threshold');
  });

  test('a "CLOUD Act order" from a country without an agreement goes back to MLAT', () => {
    const a = assess(uk({ issuer: { country: 'FR', authority: 'Tribunal judiciaire de Paris' } }));
    assert.equal(a.recommendation, 'reject');
    hasCodes(a, 'jurisdiction.foreign_mlat_required');
  });

  test('a foreign police letter for content is rejected and routed to MLAT', () => {
    const a = assess(demand({
      process: 'foreign_request', legal_basis: ['Code de procédure pénale, art. 60-1'],
      issuer: { authority: 'Police nationale, Paris', country: 'FR', level: 'foreign', signed_by: { name: 'X', title: 'Commissaire' } },
      categories: ['content.private', 'subscriber.handle'],
    }));
    assert.equal(a.recommendation, 'reject');
    hasCodes(a, 'jurisdiction.foreign_mlat_required');
    assert.equal(reasonFor(a, 'content.private'), 'jurisdiction.foreign_mlat_required');
    assert.deepEqual(a.categories.produce, []);
    assert.ok(finding(a, 'jurisdiction.foreign_mlat_required')!.citations.includes('18 U.S.C. § 3512'));
  });

  test('a foreign court\'s search warrant has no force here either', () => {
    const a = assess(demand(layer(WARRANT, { issuer: { authority: 'Landgericht Berlin', country: 'DE', level: 'foreign' }, categories: ['content.public'] })));
    assert.equal(a.recommendation, 'reject');
    hasCodes(a, 'jurisdiction.foreign_mlat_required');
  });

  test('an MLAT request executed by the Justice Department with a § 3512 warrant reaches content; without a court it does not', () => {
    const mlat: Overrides = { process: 'mlat_request', legal_basis: ['18 U.S.C. § 3512'], issuer: { authority: 'U.S. Department of Justice, Office of International Affairs', ...JUDGE }, categories: ['content.public', 'subscriber.handle'] };
    assert.equal(assess(demand(mlat)).recommendation, 'comply');
    const bare = assess(demand(layer(mlat, { issuer: { court: null } })));
    assert.equal(reasonFor(bare, 'content.public'), 'content.warrant_required');
    const direct = assess(demand(layer(mlat, { issuer: { authority: 'Ministère de la Justice', country: 'FR', level: 'foreign', court: null } })));
    assert.equal(direct.recommendation, 'reject');
    hasCodes(direct, 'jurisdiction.foreign_mlat_required');
  });
});

describe('emergencies', () => {
  const emergency = (over: Overrides = {}): Demand => demand(layer({
    process: 'emergency_request', legal_basis: ['18 U.S.C. § 2702(b)(8)'], stated_purpose: 'Emergency', offense: null, deadline: null,
    issuer: { authority: 'Portland Police Bureau', level: 'local', signed_by: { name: 'X', title: 'Sergeant' } },
    emergency: { danger: 'The account posted that the user will kill themselves tonight (suicide threat)', persons_at_risk: 'The account holder', why_needed: 'To find the person before they act' },
    categories: ['subscriber.handle', 'connection.sessions', 'content.public'], date_range: { from: '2026-08-30', to: '2026-09-01' },
  }, over));

  test('an emergency with the facts that justify it, from a verified requester: disclose what relates to it', () => {
    const a = assess(emergency());
    assert.equal(a.recommendation, 'narrow');
    hasCodes(a, 'emergency.criteria_met', 'notice.delayed_for_emergency');
    lacksCodes(a, 'emergency.insufficient_detail', 'emergency.verify_requester', 'requester.unverified', 'speech.anonymous_identity');
    assert.deepEqual(a.categories.produce, ['subscriber.handle', 'connection.sessions', 'content.public']);
    assert.equal(a.notice.action, 'notify_after');
    assert.equal(a.notice.date, '2026-11-30');
    assert.equal(deadline(a, 'respond'), '2026-09-01T12:00:00Z');
    lacksCodes(a, 'scope.deadline_unreasonable');
  });

  test('an emergency claimed without detail, or without a danger to life or limb, is sent back for the facts', () => {
    const bare = assess(emergency({ emergency: null }));
    assert.equal(bare.recommendation, 'clarify');
    hasCodes(bare, 'emergency.insufficient_detail');
    assert.deepEqual(bare.categories.produce, []);
    const mild = assess(emergency({ emergency: { danger: 'Ongoing harassment of a city councillor', persons_at_risk: 'A councillor', why_needed: 'To stop the harassment' } }));
    assert.equal(mild.recommendation, 'clarify');
    assert.match(finding(mild, 'emergency.insufficient_detail')!.message, /not a danger of death or serious physical injury/);
  });

  test('an unverified emergency requester must be called back first (forged emergency requests)', () => {
    const a = assess(emergency({ issuer: { verified: false } }));
    assert.equal(a.recommendation, 'clarify');
    hasCodes(a, 'emergency.verify_requester', 'emergency.criteria_met');
    lacksCodes(a, 'requester.unverified');
    assert.equal(reasonFor(a, 'subscriber.handle'), 'emergency.verify_requester');
  });

  test('a foreign emergency request may get non-content, never content', () => {
    const a = assess(emergency({ issuer: { authority: 'Toronto Police Service', country: 'CA', level: 'foreign' } }));
    assert.equal(a.recommendation, 'narrow');
    assert.equal(reasonFor(a, 'content.public'), 'jurisdiction.foreign_mlat_required');
    assert.deepEqual(a.categories.produce, ['subscriber.handle', 'connection.sessions']);
  });
});

describe('preservation', () => {
  const preserve = (over: Overrides = {}): Demand => demand(layer({
    kind: 'preservation', process: 'preservation_request', legal_basis: ['18 U.S.C. § 2703(f)'], deadline: null,
    categories: [], all_records: true, date_range: null,
  }, over));

  test('a first § 2703(f) request: preserve held records for 90 days from receipt, disclose nothing', () => {
    const a = assess(preserve());
    assert.equal(a.recommendation, 'comply');
    hasCodes(a, 'preservation.hold');
    lacksCodes(a, 'scope.overbroad');
    assert.deepEqual(a.categories.produce, []);
    assert.equal(reasonFor(a, 'content.private'), 'preservation.hold');
    assert.equal(deadline(a, 'preservation_expires'), '2026-11-30T12:00:00Z');
  });

  test('a receipt time written without a zone is UTC, whatever the server\'s time zone', () => {
    assert.equal(deadline(assess(preserve({ received_at: '2026-09-01T12:00' })), 'preservation_expires'), '2026-11-30T12:00:00Z');
  });

  test('one renewal adds 90 days to the current period', () => {
    const a = assess(preserve({ preservation: { sequence: 2, hold_expires: '2026-09-20T12:00:00Z' } }));
    hasCodes(a, 'preservation.renewal');
    lacksCodes(a, 'preservation.hold');
    assert.equal(deadline(a, 'preservation_expires'), '2026-12-19T12:00:00Z');
    assert.match(finding(a, 'preservation.renewal')!.message, /No further renewal/);
  });

  test('a third request has no statutory basis: reject', () => {
    const a = assess(preserve({ preservation: { sequence: 3 } }));
    assert.equal(a.recommendation, 'reject');
    hasCodes(a, 'preservation.no_further_renewal');
    assert.equal(deadline(a, 'preservation_expires'), undefined);
    assert.equal(reasonFor(a, 'subscriber.handle'), 'preservation.no_further_renewal');
  });

  test('an EU preservation order runs 60 days, extendable by 30', () => {
    const a = assess(preserve({
      process: 'eu_preservation_order', legal_basis: ['Regulation (EU) 2023/1543'], received_at: '2026-10-01T08:00:00Z',
      issuer: { authority: 'Parquet de Paris', country: 'FR', level: 'foreign', signed_by: { name: 'X', title: 'Procureur de la République' } },
    }));
    hasCodes(a, 'preservation.hold', 'jurisdiction.eu_e_evidence');
    assert.equal(deadline(a, 'preservation_expires'), '2026-11-30T08:00:00Z');
    lacksCodes(a, 'jurisdiction.foreign_mlat_required', 'jurisdiction.conflicting_obligations');
  });
});

describe('notice to the account holder', () => {
  const gag = (until: string | null) => demand({ ...WARRANT, categories: ['content.public'], legal_basis: ['18 U.S.C. § 2703(a)', '18 U.S.C. § 2705(b)'], nondisclosure: { type: 'court_order', basis: '18 U.S.C. § 2705(b)', until } });

  test('with no order forbidding it, the user is told now', () => {
    const a = assess(demand());
    assert.equal(a.notice.action, 'notify_now');
    hasCodes(a, 'notice.notify_user');
    assert.equal(deadline(a, 'notice_due'), '2026-09-01');
  });

  test('a § 2705(b) order ending in the future delays notice until then; as of a later date it has expired', () => {
    const d = gag('2026-12-01');
    const before = assess(d, { asOf: '2026-11-30' });
    assert.equal(before.notice.action, 'notify_after');
    assert.equal(before.notice.date, '2026-12-01');
    hasCodes(before, 'notice.delayed_until_order_expires');
    assert.equal(deadline(before, 'order_expires'), '2026-12-01');
    assert.equal(deadline(before, 'notice_due'), '2026-12-01');
    const afterwards = assess(d, { asOf: '2026-12-01' });
    assert.equal(afterwards.notice.action, 'notify_now');
    hasCodes(afterwards, 'notice.order_expired');
    lacksCodes(afterwards, 'notice.delayed_until_order_expires');
    assert.equal(afterwards.recommendation, 'comply');
  });

  test('a § 2705(b) order without an end date is challenged; notice is withheld meanwhile', () => {
    const a = assess(gag(null));
    assert.equal(a.recommendation, 'challenge');
    assert.equal(a.notice.action, 'withhold');
    assert.equal(finding(a, 'notice.unbounded_order')?.severity, 'blocker');
    assert.equal(reasonFor(a, 'content.public'), 'notice.unbounded_order');
  });

  test('an order longer than a year is within the law but beyond DOJ policy', () => {
    const a = assess(gag('2028-01-01'));
    hasCodes(a, 'notice.order_exceeds_policy', 'notice.delayed_until_order_expires');
    lacksCodes(assess(gag('2027-06-01')), 'notice.order_exceeds_policy');
  });

  test('a letter asking for secrecy is not an order: notify', () => {
    const a = assess(demand({ nondisclosure: { type: 'request', basis: null, until: null } }));
    assert.equal(a.notice.action, 'notify_now');
    hasCodes(a, 'notice.request_is_not_order');
  });

  test('a "court order" to keep quiet that no court issued is held until a lawyer has read it', () => {
    const a = assess(demand({ nondisclosure: { type: 'court_order', basis: '18 U.S.C. § 2705(b)', until: '2027-01-01' } }));
    assert.equal(a.notice.action, 'withhold');
    hasCodes(a, 'notice.order_unverified');
    lacksCodes(a, 'notice.notify_user');
  });
});

describe('scope', () => {
  test('a deadline too short to review is flagged and the response date set to the review time', () => {
    const a = assess(demand({ deadline: '2026-09-03T12:00:00Z' }));
    hasCodes(a, 'scope.deadline_unreasonable');
    assert.equal(deadline(a, 'respond'), '2026-09-06T12:00:00Z');
    const fine = assess(demand());
    lacksCodes(fine, 'scope.deadline_unreasonable');
    assert.equal(deadline(fine, 'respond'), '2026-09-21T17:00:00Z');
  });

  test('"all records", a missing date range for content, or too many accounts make a demand overbroad', () => {
    hasCodes(assess(demand({ all_records: true })), 'scope.overbroad');
    const voluminous = assess(demand({ ...ORDER_2703D, all_records: true, categories: ['records.graph'] }));
    assert.match(finding(voluminous, 'scope.overbroad')!.message, /unusually voluminous/);
    const noRange = assess(demand({ ...WARRANT, categories: ['content.public'], date_range: null }));
    hasCodes(noRange, 'scope.overbroad');
    assert.equal(noRange.recommendation, 'narrow');
    hasCodes(assess(demand({ targets: ['a', 'b', 'c', 'd', 'e', 'f'].map((account) => ({ account })) })), 'scope.overbroad');
    lacksCodes(assess(demand({ date_range: null })), 'scope.overbroad');
  });

  test('a target that does not exist still gets a full assessment', () => {
    const a = assess(demand({ ...ORDER_2703D, targets: [{ account: '@No_Such_User' }], categories: ['records.graph', 'content.public'] }), { exists: () => false });
    hasCodes(a, 'scope.target_not_found', 'content.warrant_required', 'authority.recognized');
    assert.equal(a.recommendation, 'narrow');
    assert.match(finding(a, 'scope.target_not_found')!.message, /@no_such_user/);
    assert.equal(a.notice.action, 'withhold');
    assert.match(a.notice.reason, /no one to notify/);
    lacksCodes(assess(demand()), 'scope.target_not_found');
  });

  test('handles are normalised before the lookup: "@Name", acct: URIs and profile URLs', () => {
    const asked: string[] = [];
    assess(demand({ targets: [{ account: '@Sample_User' }, { account: 'acct:sample_user@publius.example' }, { account: 'https://publius.example/@sample_user' }] }), { exists: (h) => (asked.push(h), true) });
    assert.deepEqual(asked, ['sample_user', 'sample_user', 'sample_user']);
  });

  test('an unverified requester must be confirmed before anything is produced', () => {
    const a = assess(demand({ issuer: { verified: false } }));
    assert.equal(a.recommendation, 'clarify');
    hasCodes(a, 'requester.unverified');
    assert.equal(reasonFor(a, 'subscriber.handle'), 'requester.unverified');
  });

  test('categories Publius never collects are listed as not held, not withheld', () => {
    const a = assess(demand({ categories: ['subscriber.handle', 'subscriber.email', 'subscriber.payment'] }));
    assert.deepEqual(a.categories.not_held, ['subscriber.email', 'subscriber.payment']);
    assert.deepEqual(finding(a, 'records.not_held')?.categories, ['subscriber.email', 'subscriber.payment']);
    assert.equal(a.categories.withhold.length, 0);
  });
});

describe('requests from account holders (GDPR)', () => {
  const gdpr = (over: Overrides = {}): Demand => demand(layer({
    process: 'gdpr_request', channel: 'email', legal_basis: ['GDPR Art. 15'], stated_purpose: '', offense: null, deadline: '2026-09-03T00:00:00Z',
    issuer: { authority: 'The account holder', country: 'DE', level: 'private', officer: null, signed_by: null },
    categories: [], all_records: true, date_range: null,
  }, over));

  test('access (Art. 15): everything held goes to the account holder within a month', () => {
    const a = assess(gdpr());
    assert.equal(a.recommendation, 'comply');
    hasCodes(a, 'gdpr.access');
    assert.deepEqual([...a.categories.produce].sort(), [...HELD].sort());
    lacksCodes(a, 'scope.overbroad', 'speech.civil_unmasking', 'content.no_private_party_disclosure', 'jurisdiction.foreign_mlat_required', 'scope.deadline_unreasonable');
    assert.equal(deadline(a, 'respond'), '2026-10-01T12:00:00Z');
    assert.equal(a.notice.action, 'notify_now');
  });

  test('portability (Art. 20) and erasure (Art. 17)', () => {
    hasCodes(assess(gdpr({ legal_basis: ['Regulation (EU) 2016/679, Art. 20'] })), 'gdpr.portability');
    const erase = assess(gdpr({ legal_basis: ['GDPR Article 17'] }));
    hasCodes(erase, 'gdpr.erasure');
    assert.deepEqual(erase.categories.produce, []);
    assert.equal(reasonFor(erase, 'content.public'), 'gdpr.erasure');
  });

  test('a requester not confirmed to be the account holder is asked to confirm first', () => {
    const a = assess(gdpr({ issuer: { verified: false } }));
    assert.equal(a.recommendation, 'clarify');
    hasCodes(a, 'gdpr.verify_data_subject');
    lacksCodes(a, 'requester.unverified');
  });
});

describe('removal demands', () => {
  test('are left to a lawyer for now', () => {
    const a = assess(demand({ kind: 'removal', process: 'removal_court_order', categories: [], removal: { items: ['https://publius.example/@x/1'], grounds: 'defamation', scope: 'global' } }));
    assert.equal(a.recommendation, 'clarify');
    hasCodes(a, 'removal.not_assessed');
  });
});

describe('the finding codes', () => {
  test('every code of the shared contract (FORMAT.md) is defined', () => {
    const format = fs.readFileSync(path.resolve(repoRoot, '../shared/legal/FORMAT.md'), 'utf8');
    const section = format.slice(format.indexOf('### Finding codes'));
    const contract = [...section.matchAll(/^\| ([a-z_]+\.[a-z_]+) \|/gm)].map((m) => m[1]!);
    assert.ok(contract.length >= 30, `found ${contract.length} codes in FORMAT.md`);
    for (const code of contract) assert.ok((FINDING_CODE_LIST as string[]).includes(code), code);
  });

  test('DESK.md documents every code', () => {
    const desk = fs.readFileSync(path.join(repoRoot, 'src/legal/DESK.md'), 'utf8');
    for (const code of FINDING_CODE_LIST) assert.ok(desk.includes(`\`${code}\``), code);
  });

  // Tests in a file run in order, so this one sees every assessment made above.
  test('every finding code is produced by at least one test above', () => {
    const missing = FINDING_CODE_LIST.filter((c) => !seenCodes.has(c));
    assert.deepEqual(missing, [], `finding codes no test exercises: ${missing.join(', ')}`);
  });
});
