import { normalizeHandle } from '../accounts/handle.js';
import { resolveBasis, type BasisResolution } from './basis.js';
import { parseInstant } from './instant.js';
import type { Authority, Catalog } from './catalog.js';
import type { Demand } from './demand.schema.js';
import { LEGAL_CATEGORIES, type LegalCategory } from './vocabulary.js';

/** What the assessment needs to know about the instance, besides the demand itself. */
export interface AssessmentContext {
  /** The moment time-dependent rules are evaluated at (`--as-of`); deadlines are computed from receipt. */
  asOf: Date;
  /** Categories the instance holds at all, from the data inventory. */
  heldCategories: readonly string[];
  /** Whether a local account with this handle exists. */
  targetExists: (handle: string) => boolean;
  /** Whether the account is pseudonymous. Publius never knows real names, so this defaults to true. */
  targetIsPseudonymous?: (handle: string) => boolean;
  /** The authority catalog; the bundled one when absent. */
  catalog?: Catalog;
}

/** A target account as the desk sees it. */
export interface TargetFacts {
  /** As written on the demand. */
  account: string;
  /** The local handle it names, normalised. */
  handle: string;
  exists: boolean;
  pseudonymous: boolean;
}

/** Why a demand has no force here at all, whatever it asks for. */
export type JurisdictionBlock =
  | { kind: 'route' }
  | { kind: 'country'; country: string }
  | { kind: 'not_in_force'; from: string };

/** Everything the rules read, derived once from the demand, the context and the catalog. */
export interface DemandFacts {
  demand: Demand;
  catalog: Catalog;
  asOf: Date;
  receivedAt: Date;
  basis: BasisResolution;
  /** The instrument the demand is assessed under; null when the catalog has none. */
  authority: Authority | null;
  /** Requested categories, deduplicated, in the demand's order ("all records" with none listed = all). */
  requested: LegalCategory[];
  held: ReadonlySet<LegalCategory>;
  notHeld: LegalCategory[];
  /** Requested categories that can reveal who is behind an account. */
  identifyingRequested: LegalCategory[];
  targets: TargetFacts[];
  /** The issuer is a government (or court) of another country. */
  foreign: boolean;
  /** A private party (litigant, lawyer) asks — not the account holder exercising their own rights. */
  privateRequester: boolean;
  /** A court or judge issued or validated the demand. */
  judicial: boolean;
  /** The demand states an offence, or an investigation concrete enough to name what it is about. */
  investigationNamed: boolean;
  /** The stated purpose and the offence, together, for matching against an instrument's purposes. */
  purposeText: string;
  /** Set when the demand has no force here (wrong channel, wrong country, instrument not yet applicable). */
  blocked: JurisdictionBlock | null;
  /** Whether carrying the demand out would hand records over (false for preservation and erasure). */
  discloses: boolean;
  /** Days a lawyer needs to review it: the instrument's own review time, or the desk's default. */
  reviewDays: number;
}

/** Derives the facts every rule reads: the resolved instrument, categories, targets, issuer traits. */
export function gatherFacts(demand: Demand, ctx: AssessmentContext, catalog: Catalog): DemandFacts {
  const basis = resolveBasis(catalog, demand.legal_basis, demand.process);
  const authority = basis.primary;
  const requested = requestedCategories(demand);
  const held = new Set(LEGAL_CATEGORIES.filter((c) => ctx.heldCategories.includes(c)));
  const pseudonymous = ctx.targetIsPseudonymous ?? (() => true);
  const targets = demand.targets.map(({ account }) => {
    const handle = localHandle(account);
    return { account, handle, exists: ctx.targetExists(handle), pseudonymous: pseudonymous(handle) };
  });
  const foreign = demand.issuer.level === 'foreign' || demand.issuer.country !== catalog.home_country;
  const identifying = new Set(catalog.identifying_categories);
  return {
    demand,
    catalog,
    asOf: ctx.asOf,
    receivedAt: parseInstant(demand.received_at),
    basis,
    authority,
    requested,
    held,
    notHeld: requested.filter((c) => !held.has(c)),
    identifyingRequested: requested.filter((c) => identifying.has(c)),
    targets,
    foreign,
    privateRequester: demand.issuer.level === 'private' && authority?.requester !== 'data_subject',
    judicial: demand.issuer.court !== null,
    investigationNamed: namesInvestigation(demand),
    purposeText: [demand.stated_purpose, demand.offense?.description ?? ''].join(' ').trim(),
    blocked: authority ? jurisdictionBlock(authority, demand, foreign) : null,
    discloses: demand.kind !== 'removal' && !authority?.preservation && authority?.data_subject_right !== 'erasure',
    reviewDays: authority?.limits?.review_days ?? catalog.review.minimum_days,
  };
}

function requestedCategories(demand: Demand): LegalCategory[] {
  if (demand.categories.length === 0 && demand.all_records) return [...LEGAL_CATEGORIES];
  return [...new Set(demand.categories)];
}

/** "@Alt_USCIS", "acct:alt_uscis@example.org" and "https://example.org/@alt_uscis" all name `alt_uscis`. */
export function localHandle(account: string): string {
  let s = account.trim().replace(/^acct:/i, '');
  if (/^https?:\/\//i.test(s)) s = s.replace(/\/+$/, '').split('/').pop() ?? s;
  s = s.replace(/^@/, '');
  return normalizeHandle(s.split('@')[0] ?? s);
}

function jurisdictionBlock(authority: Authority, demand: Demand, foreign: boolean): JurisdictionBlock | null {
  if (authority.route === 'mlat') return { kind: 'route' };
  const countries = authority.countries;
  if (foreign && !countries.includes('*') && !countries.includes(demand.issuer.country)) {
    return { kind: 'country', country: demand.issuer.country };
  }
  if (authority.in_force_from && demand.received_at.slice(0, 10) < authority.in_force_from) {
    return { kind: 'not_in_force', from: authority.in_force_from };
  }
  return null;
}

// Words that say a demand is "an investigation" without saying of what. A purpose made only of these names
// nothing a court could weigh (the first part of the anonymous-speech test: that an offence was committed).
const EMPTY_PURPOSE_WORDS = new Set([
  'a', 'an', 'the', 'of', 'in', 'into', 'to', 'for', 'and', 'or', 'on', 'regarding', 'concerning', 'about', 'related',
  'relevant', 'investigation', 'investigations', 'investigative', 'inquiry', 'official', 'matter', 'case', 'records',
  'record', 'request', 'law', 'laws', 'enforcement', 'purpose', 'purposes', 'ongoing', 'pending', 'criminal', 'civil',
  'police', 'government', 'federal', 'state', 'crime', 'crimes', 'offense', 'offenses', 'offence', 'offences',
  'violation', 'violations', 'alleged', 'possible', 'potential', 'suspected', 'misconduct', 'activity', 'activities',
  'this', 'that', 'our', 'authorized', 'authorised', 'lawful', 'legitimate', 'business', 'other', 'matters',
]);

function namesInvestigation(demand: Demand): boolean {
  if (demand.offense && demand.offense.description.trim() !== '') return true;
  const words = demand.stated_purpose.toLowerCase().split(/[^\p{L}\p{N}§]+/u).filter((w) => w.length > 0);
  return words.some((w) => !EMPTY_PURPOSE_WORDS.has(w));
}
