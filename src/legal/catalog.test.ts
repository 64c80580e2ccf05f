import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import YAML from 'yaml';
import { authoritiesCitedBy, normalizeCitation, resolveBasis } from './basis.js';
import { CatalogError, DEFAULT_CATALOG_FILE, defaultCatalog, loadCatalog, validateCatalog } from './catalog.js';

test('the bundled catalog loads, is versioned and dated', () => {
  const catalog = loadCatalog();
  assert.ok(Number.isInteger(catalog.version) && catalog.version >= 1);
  assert.match(catalog.updated, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(catalog.home_country, 'US');
  assert.equal(defaultCatalog(), defaultCatalog());
});

test('the catalog carries every instrument the desk must know', () => {
  const ids = defaultCatalog().authorities.map((a) => a.id);
  for (const id of [
    'us.customs_summons', 'us.dea_subpoena', 'us.administrative_subpoena', 'us.criminal_subpoena', 'us.civil_subpoena',
    'us.order_2703d', 'us.search_warrant', 'us.preservation', 'us.nondisclosure_2705b', 'us.emergency_disclosure',
    'us.nsl', 'us.nsl_nondisclosure', 'uk.data_access_agreement', 'us.mlat_3512', 'foreign.direct_request',
    'eu.production_order', 'eu.preservation_order', 'gdpr.access', 'gdpr.erasure', 'gdpr.portability',
  ]) assert.ok(ids.includes(id), id);
});

test('citations as written on documents find their instrument', () => {
  const catalog = defaultCatalog();
  const cases: Array<[string, string]> = [
    ['19 U.S.C. § 1509', 'us.customs_summons'],
    ['19 USC 1509(a)', 'us.customs_summons'],
    ['Title 21, United States Code, Section 876', 'us.dea_subpoena'],
    ['18 U.S.C. §§ 2703(c)(2)', 'us.administrative_subpoena'],
    ['Fed. R. Crim. P. 17(c)', 'us.criminal_subpoena'],
    ['Fed. R. Civ. P. 45', 'us.civil_subpoena'],
    ['18 U.S.C. § 2703(d)', 'us.order_2703d'],
    ['18 U.S.C. 2703(b)(1)(A)', 'us.search_warrant'],
    ['Cal. Penal Code § 1524', 'us.search_warrant'],
    ['18 U.S.C. § 2703(f)', 'us.preservation'],
    ['18 U.S.C. § 2705(b)', 'us.nondisclosure_2705b'],
    ['18 U.S.C. § 2702(b)(8)', 'us.emergency_disclosure'],
    ['18 U.S.C. § 2709', 'us.nsl'],
    ['18 U.S.C. § 2709(c)', 'us.nsl_nondisclosure'],
    ['Crime (Overseas Production Orders) Act 2019', 'uk.data_access_agreement'],
    ['18 U.S.C. § 3512', 'us.mlat_3512'],
    ['Regulation (EU) 2023/1543', 'eu.production_order'],
    ['Regulation (EU) 2023/1543', 'eu.preservation_order'],
    ['GDPR Art. 15', 'gdpr.access'],
    ['Article 17 GDPR', 'gdpr.erasure'],
    ['Regulation (EU) 2016/679, Art. 20', 'gdpr.portability'],
  ];
  for (const [citation, id] of cases) {
    assert.ok(authoritiesCitedBy(catalog, citation).some((a) => a.id === id), `${citation} → ${id} (normalised "${normalizeCitation(citation)}")`);
  }
  assert.deepEqual(authoritiesCitedBy(catalog, '18 U.S.C. § 15090'), []);
});

test('a bare "18 U.S.C. § 2703" is resolved by the process type', () => {
  const catalog = defaultCatalog();
  assert.equal(resolveBasis(catalog, ['18 U.S.C. § 2703'], 'search_warrant').primary?.id, 'us.search_warrant');
  assert.equal(resolveBasis(catalog, ['18 U.S.C. § 2703'], 'court_order_2703d').primary?.id, 'us.order_2703d');
  assert.equal(resolveBasis(catalog, ['18 U.S.C. § 2703'], 'grand_jury_subpoena').primary?.id, 'us.criminal_subpoena');
});

test('a bad catalog fails loudly, listing every problem', () => {
  const raw = YAML.parse(fs.readFileSync(DEFAULT_CATALOG_FILE, 'utf8'));
  raw.version = 'one';
  raw.authorities[0].reach[0].tiers = ['subscriber', 'everything'];
  raw.authorities[1].match = ['(unclosed'];
  raw.authorities[2].beyond_reach = { default: 'authority.no_such_code' };
  raw.authorities[3].processes = ['administrative_subpoena', 'carrier_pigeon'];
  raw.authorities[4].typo = true;
  assert.throws(() => validateCatalog(raw, 'broken.yaml'), (err: unknown) => {
    assert.ok(err instanceof CatalogError);
    const all = err.problems.join('\n');
    for (const part of ['version:', 'authorities[0].reach[0].tiers[1]', 'authorities[1].match[0]: is not a valid regular expression',
      'authorities[2].beyond_reach.default', 'authorities[3].processes[1]', 'authorities[4]: has an unknown field "typo"']) {
      assert.ok(all.includes(part), `missing "${part}" in:\n${all}`);
    }
    assert.match(err.message, /broken\.yaml is invalid/);
    return true;
  });
});

test('consistency is checked too: duplicate ids, a category in two tiers, two defaults for one process', () => {
  const raw = YAML.parse(fs.readFileSync(DEFAULT_CATALOG_FILE, 'utf8'));
  raw.authorities[1].id = raw.authorities[0].id;
  raw.tiers.content.categories.push('subscriber.handle');
  raw.authorities.find((a: { id: string }) => a.id === 'us.order_2703d').default_for = ['court_order_2703d', 'search_warrant'];
  raw.authorities.find((a: { id: string }) => a.id === 'us.order_2703d').processes.push('search_warrant');
  assert.throws(() => validateCatalog(raw), (err: unknown) => {
    assert.ok(err instanceof CatalogError);
    assert.ok(err.problems.some((p) => p.includes('id repeats')));
    assert.ok(err.problems.some((p) => p.includes('subscriber.handle must be in exactly one tier')));
    assert.ok(err.problems.some((p) => p.includes('search_warrant already defaults to')));
    return true;
  });
});

test('a catalog file that is not YAML is refused with its name', () => {
  const file = `${process.env.TMPDIR ?? '/tmp'}/publius-bad-catalog-${process.pid}.yaml`;
  fs.writeFileSync(file, 'version: [1\n');
  try {
    assert.throws(() => loadCatalog(file), /cannot be read as YAML/);
  } finally {
    fs.rmSync(file, { force: true });
  }
});
