import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parseDemand, parseDemandText } from './demand.schema.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examplesDir = path.resolve(repoRoot, '../shared/legal/examples');
const sampleNames = fs.readdirSync(examplesDir).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));

test('every sample demand in shared/legal/examples is accepted', () => {
  assert.ok(sampleNames.length >= 3);
  for (const name of sampleNames) {
    const r = parseDemandText(fs.readFileSync(path.join(examplesDir, name), 'utf8'), name);
    assert.equal(r.ok, true, `${name}: ${r.ok ? '' : r.problems.join('; ')}`);
  }
});

test('the same demand written as YAML parses to the same thing', () => {
  const text = fs.readFileSync(path.join(examplesDir, 'alt-uscis-summons.json'), 'utf8');
  const fromJson = parseDemandText(text, 'a.json');
  const fromYaml = parseDemandText(YAML.stringify(JSON.parse(text)), 'a.yaml');
  assert.ok(fromJson.ok && fromYaml.ok);
  assert.deepEqual(fromYaml.demand, fromJson.demand);
});

test('without a file name, JSON and YAML are told apart by their text', () => {
  const json = parseDemandText('{ "reference": 1 }');
  const yaml = parseDemandText('reference: X\n');
  assert.ok(!json.ok && !yaml.ok);
  assert.ok(json.problems.includes('reference: must be text, not the number 1'));
  assert.ok(yaml.problems.includes('received_at: is missing'));
});

test('optional fields get their defaults: no gag, no emergency, unverified, empty text', () => {
  const r = parseDemand({
    reference: 'R-1', received_at: '2026-01-05', kind: 'information', process: 'search_warrant',
    issuer: { authority: 'Police', country: 'US', level: 'state' },
    targets: [{ account: 'someone' }], categories: ['content.public'],
  });
  assert.ok(r.ok, r.ok ? '' : r.problems.join('; '));
  assert.equal(r.demand.nondisclosure, null);
  assert.equal(r.demand.emergency, null);
  assert.equal(r.demand.issuer.verified, false);
  assert.equal(r.demand.issuer.court, null);
  assert.deepEqual(r.demand.legal_basis, []);
  assert.equal(r.demand.all_records, false);
  assert.equal(r.demand.text, '');
});

test('a malformed, incomplete demand gets every problem listed with its field path', () => {
  const r = parseDemand({
    received_at: 'yesterday',
    kind: 'information',
    process: 'subpoena',
    issuer: { authority: '', country: 'UK', level: 'city', verified: 'yes', court: { judge: 'J' } },
    channel: 'pigeon',
    legal_basis: '19 U.S.C. § 1509',
    targets: [],
    categories: ['subscriber.phone', 'subscriber.shoe_size'],
    date_range: { from: '2026-05-01', to: '2026-01-01' },
    nondisclosur: { type: 'request' },
    offense: { description: 'x', max_sentence_years: -1 },
    preservation: { sequence: 1.5 },
    document: { file: 'a.pdf', sha256: 'abc' },
  });
  assert.equal(r.ok, false);
  if (r.ok) return;
  const expected = [
    'reference: is missing',
    'received_at: must be an ISO 8601 date (2026-12-01) or date-time (2026-12-01T17:00:00Z)',
    'process: must be one of',
    'issuer.authority: must not be empty',
    'channel: must be one of',
    'issuer.level: must be one of "federal", "state", "local", "foreign", "private", not "city"',
    'issuer.verified: must be true or false, not the text "yes"',
    'issuer.court.name: is missing',
    'legal_basis: must be a list, not the text "19 U.S.C. § 1509"',
    'targets: must list at least 1 item',
    'categories[1]: must be one of',
    'offense.max_sentence_years: must be at least 0',
    'preservation.sequence: must be a whole number, not the number 1.5',
    'document.sha256: must be 64 hexadecimal characters',
    '(document): has an unknown field "nondisclosur"',
    'date_range: "from" (2026-05-01) is after "to" (2026-01-01)',
    'issuer.country: the ISO code of the United Kingdom is GB, not UK',
  ];
  for (const e of expected) assert.ok(r.problems.some((p) => p.startsWith(e)), `missing problem "${e}" in:\n${r.problems.join('\n')}`);
  assert.ok(r.problems.some((p) => p.includes('subscriber.shoe_size')));
});

test('a demand must name categories unless it asks for all records, and a removal must name its items', () => {
  const base = { reference: 'R', received_at: '2026-01-05T10:00:00Z', process: 'civil_subpoena', issuer: { authority: 'Law firm', country: 'US', level: 'private' }, targets: [{ account: 'x' }] };
  const none = parseDemand({ ...base, kind: 'information' });
  assert.ok(!none.ok && none.problems.includes('categories: list at least one category of records, or set all_records to true'));
  assert.equal(parseDemand({ ...base, kind: 'information', all_records: true }).ok, true);
  const removal = parseDemand({ ...base, kind: 'removal', process: 'removal_court_order' });
  assert.ok(!removal.ok && removal.problems.some((p) => p.startsWith('removal:')));
});

test('text that is neither JSON nor YAML, or not an object, is one clear problem', () => {
  const bad = parseDemandText('{ "reference": ', 'x.json');
  assert.ok(!bad.ok && bad.problems.length === 1 && bad.problems[0]!.startsWith('(document): is not valid JSON'));
  const list = parseDemand(['not', 'a', 'demand']);
  assert.ok(!list.ok && list.problems[0] === '(document): must be an object (a group of fields), not a list');
});
