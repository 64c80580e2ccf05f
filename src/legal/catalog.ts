import fs from 'node:fs';
import { z } from 'zod';
import YAML from 'yaml';
import { FINDING_CODE_LIST } from './findings.js';
import { describeIssues } from './problems.js';
import { ISSUER_LEVELS, LEGAL_CATEGORIES, PROCESS_TYPES, type LegalCategory } from './vocabulary.js';

/** The bundled catalog: the reviewed, versioned data file beside this module. */
export const DEFAULT_CATALOG_FILE = new URL('./catalog/authorities.yaml', import.meta.url);

export const TIER_NAMES = ['subscriber', 'other_records', 'location', 'content'] as const;
/** The Stored Communications Act's tiers of records, from subscriber information to content. */
export type TierName = (typeof TIER_NAMES)[number];

const pattern = z.string().min(1).refine((s) => compiles(s), { message: 'is not a valid regular expression' });
const category = z.enum(LEGAL_CATEGORIES);
const code = z.enum(FINDING_CODE_LIST);
const citations = z.array(z.string().min(1)).default([]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });
const country = z.string().regex(/^([A-Z]{2}|\*)$/, { message: 'must be an ISO 3166-1 alpha-2 code or "*"' });

const TierSchema = z.strictObject({ label: z.string().min(1), citations, categories: z.array(category).min(1) });

const GrantSchema = z.strictObject({
  tiers: z.array(z.enum(TIER_NAMES)).default([]),
  categories: z.array(category).default([]),
  /** Conditions under which the instrument reaches these categories. */
  requires: z.strictObject({
    court: z.boolean().default(false),
    min_sentence_years: z.number().positive().nullable().default(null),
    /** Offences that qualify whatever their sentence (e-Evidence Art. 5(4)(b)-(c)). */
    listed_offenses: z.array(pattern).default([]),
  }).nullable().default(null),
  /** The finding that explains a category withheld because a condition is not met. */
  unmet: code.default('authority.issuer_not_authorized'),
  citations,
});

const AuthoritySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, { message: 'must look like "us.search_warrant"' }),
  name: z.string().min(1),
  /** `demand`: an instrument a demand is made under; `nondisclosure`: one that forbids telling the user. */
  role: z.enum(['demand', 'nondisclosure']),
  citations: z.array(z.string().min(1)).min(1),
  match: z.array(pattern).default([]),
  jurisdiction: z.string().min(1),
  countries: z.array(country).min(1),
  processes: z.array(z.enum(PROCESS_TYPES)).default([]),
  default_for: z.array(z.enum(PROCESS_TYPES)).default([]),
  requester: z.enum(['government', 'private', 'data_subject']),
  compulsory: z.boolean(),
  enforcement: z.string().optional(),
  /** How a recipient limits an overbroad demand under this instrument (motion to quash or modify, …). */
  overbroad_remedy: z.string().optional(),
  in_force_from: isoDate.optional(),
  /** `mlat`: the instrument has no force here; the requester must go through mutual legal assistance. */
  route: z.enum(['mlat']).optional(),
  /** A legal regime with rules of its own beyond this entry (e-Evidence: enforcing-State notification, Annex III). */
  regime: z.enum(['e_evidence']).optional(),
  issuers: z.strictObject({
    levels: z.array(z.enum(ISSUER_LEVELS)).min(1),
    bodies: z.array(pattern).default([]),
    signers: z.array(pattern).default([]),
    court: z.enum(['required', 'not_required']),
    citations,
  }),
  purposes: z.strictObject({
    summary: z.string().min(1),
    citation: z.string().min(1),
    keywords: z.array(pattern).min(1),
  }).optional(),
  reach: z.array(GrantSchema),
  beyond_reach: z.strictObject({
    default: code,
    tiers: z.partialRecord(z.enum(TIER_NAMES), code).default({}),
  }).default({ default: 'authority.insufficient_process', tiers: {} }),
  foreign_content: code.default('jurisdiction.foreign_mlat_required'),
  conflict: z.strictObject({ citations, days: z.number().int().positive() }).optional(),
  agreement: z.strictObject({ citations, checks: z.array(z.string().min(1)).min(1) }).optional(),
  emergency: z.strictObject({
    keywords: z.array(pattern).min(1),
    notice_delay_days: z.number().int().positive(),
    citations,
  }).optional(),
  preservation: z.strictObject({
    days: z.number().int().positive(),
    renewals: z.number().int().min(0),
    renewal_days: z.number().int().positive(),
    citations,
  }).optional(),
  nondisclosure: z.strictObject({
    types: z.array(z.enum(['court_order', 'statutory'])).min(1),
    requires_court: z.boolean(),
    /** What to do about a requirement with no end date. */
    unbounded: z.enum(['challenge', 'reciprocal_notice']),
    policy_max_days: z.number().int().positive().optional(),
    policy_citation: z.string().optional(),
    reciprocal_notice_days: z.number().int().positive().optional(),
    citations,
  }).optional(),
  notice: z.strictObject({ issuer_informs: z.boolean(), citations }).optional(),
  data_subject_right: z.enum(['access', 'erasure', 'portability']).optional(),
  limits: z.strictObject({
    response: z.strictObject({
      days: z.number().positive().optional(),
      months: z.number().int().positive().optional(),
      emergency_hours: z.number().positive().optional(),
      extension_months: z.number().int().positive().optional(),
    }).optional(),
    /** Overrides the catalog's `review.minimum_days` (0 for preservation and emergencies). */
    review_days: z.number().min(0).optional(),
    citations,
  }).optional(),
  source: z.string().min(1),
  notes: z.string().optional(),
});

const DoctrineSchema = z.strictObject({ summary: z.string().min(1), citations: z.array(z.string()).min(1), tests: z.array(z.string()).default([]) });

const CatalogSchema = z.strictObject({
  version: z.number().int().positive(),
  updated: isoDate,
  home_country: z.string().regex(/^[A-Z]{2}$/),
  review: z.strictObject({ minimum_days: z.number().min(0), max_targets: z.number().int().positive() }),
  tiers: z.strictObject({ subscriber: TierSchema, other_records: TierSchema, location: TierSchema, content: TierSchema }),
  identifying_categories: z.array(category).min(1),
  time_series_categories: z.array(category).default([]),
  doctrines: z.strictObject({
    anonymous_speech: DoctrineSchema,
    civil_unmasking: DoctrineSchema,
    private_party_content: DoctrineSchema,
    foreign_content: DoctrineSchema,
  }),
  authorities: z.array(AuthoritySchema).min(1),
});

/** The validated authority catalog. */
export type Catalog = z.output<typeof CatalogSchema>;
/** One legal instrument in the catalog. */
export type Authority = Catalog['authorities'][number];
/** One group of categories an instrument reaches, possibly on conditions. */
export type Grant = Authority['reach'][number];

/** The catalog file is malformed or inconsistent; `problems` lists every fault. */
export class CatalogError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`legal catalog ${file} is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CatalogError';
  }
}

/** Reads and validates a catalog file; throws `CatalogError` listing every problem. */
export function loadCatalog(file: string | URL = DEFAULT_CATALOG_FILE): Catalog {
  const name = file instanceof URL ? file.pathname : file;
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CatalogError(name, [`cannot be read as YAML: ${(err as Error).message.split('\n')[0]}`]);
  }
  return validateCatalog(raw, name);
}

/** Validates catalog data already parsed from YAML or JSON. */
export function validateCatalog(raw: unknown, name = '(catalog)'): Catalog {
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success) throw new CatalogError(name, describeIssues(parsed.error.issues, raw));
  const problems = consistencyProblems(parsed.data);
  if (problems.length > 0) throw new CatalogError(name, problems);
  return parsed.data;
}

let bundled: Catalog | undefined;
/** The bundled catalog, loaded once. */
export function defaultCatalog(): Catalog {
  bundled ??= loadCatalog();
  return bundled;
}

/** The tier a category belongs to. */
export function tierOf(catalog: Catalog, cat: LegalCategory): TierName {
  for (const tier of TIER_NAMES) if (catalog.tiers[tier].categories.includes(cat)) return tier;
  throw new Error(`category ${cat} has no tier`); // unreachable: validation checks every category has one
}

/** The categories a grant covers: its tiers' categories plus those it names. */
export function grantCategories(catalog: Catalog, grant: Grant): Set<LegalCategory> {
  return new Set([...grant.tiers.flatMap((t) => catalog.tiers[t].categories), ...grant.categories]);
}

const compiled = new Map<string, RegExp>();
/** A catalog pattern as a case-insensitive regular expression (compiled once). */
export function catalogPattern(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'iu');
    compiled.set(source, re);
  }
  return re;
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}

function consistencyProblems(catalog: Catalog): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const cat of LEGAL_CATEGORIES) {
    const tiers = TIER_NAMES.filter((t) => catalog.tiers[t].categories.includes(cat));
    if (tiers.length !== 1) problems.push(`tiers: category ${cat} must be in exactly one tier (found in ${tiers.length})`);
  }
  const defaults = new Map<string, string>();
  catalog.authorities.forEach((a, i) => {
    const at = `authorities[${i}] (${a.id})`;
    if (seen.has(a.id)) problems.push(`${at}: id repeats authorities[${seen.get(a.id)}]`);
    seen.set(a.id, i);
    if (a.role === 'nondisclosure' && !a.nondisclosure) problems.push(`${at}: a nondisclosure instrument needs a "nondisclosure" section`);
    if (a.role === 'demand' && a.nondisclosure) problems.push(`${at}: only nondisclosure instruments have a "nondisclosure" section`);
    if (a.role === 'demand' && a.processes.length === 0) problems.push(`${at}: a demand instrument must list the processes it applies to`);
    for (const p of a.default_for) {
      if (!a.processes.includes(p)) problems.push(`${at}: default_for ${p} is not among its processes`);
      if (defaults.has(p)) problems.push(`${at}: ${p} already defaults to ${defaults.get(p)}`);
      defaults.set(p, a.id);
    }
    if (a.countries.includes('*') && a.countries.length > 1) problems.push(`${at}: countries "*" must stand alone`);
    a.reach.forEach((g, j) => {
      if (g.tiers.length === 0 && g.categories.length === 0) problems.push(`${at}.reach[${j}]: names no tiers or categories`);
    });
  });
  return problems;
}
