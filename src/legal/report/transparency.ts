import { moderationCounts, type ModerationCounts } from '../../moderation/moderation.service.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import { CLOSED_STATES } from '../desk/case-states.js';
import type { CaseState } from '../desk/case.types.js';
import { fail } from '../../errors.js';
import { describeHalfYear, halfYearOf, nextHalfYear, parseHalfYear, type HalfYear } from './half-year.js';

/**
 * The transparency report for one half-year, computed from the legal desk's own tables every time it is asked
 * for. Nothing in it is typed in by a person: a figure nobody can recompute from the records is a figure nobody
 * can check, and the desk's records are hash-chained precisely so that they can be checked.
 */

/** Processes that 50 U.S.C. § 1874 lets a provider report only in bands, never as an exact number. */
export const NATIONAL_SECURITY_PROCESSES: ReadonlySet<string> = new Set(['national_security_letter', 'fisa_order']);

/** Width of the national-security bands (0–249, 250–499, …): the combined-reporting option of § 1874. */
export const NATIONAL_SECURITY_BAND = 250;

export interface BreakdownRow {
  /** An ISO 3166-1 country code, a process from the FORMAT vocabulary, or 'unknown'. */
  key: string;
  requests: number;
  /** Distinct accounts the requests named. */
  accounts: number;
  /** Requests where some data was produced (information requests only; 0 elsewhere). */
  some_data_produced: number;
}

export interface AuthorityRow {
  country: string;
  /** As written on the documents: untrusted text, escaped by every renderer. */
  authority: string;
  requests: number;
}

export interface CountryOutcomeRow {
  key: string;
  demands: number;
  removed: number;
  withheld_in_country: number;
  rejected: number;
  withdrawn: number;
  open: number;
}

export interface InformationOutcomes {
  complied: number;
  partially_complied: number;
  nothing_produced: number;
  rejected: number;
  withdrawn: number;
  /** Closed in a state that does not belong to information requests (should stay 0; shown so totals add up). */
  other: number;
  open: number;
}

export interface RemovalOutcomes {
  removed: number;
  withheld_in_country: number;
  rejected: number;
  withdrawn: number;
  other: number;
  open: number;
}

export interface TransparencyReport {
  format: 'publius.transparency/1';
  period: string;
  period_label: string;
  starts_at: string;
  ends_at: string;
  /** False while the half-year is still running: the figures can still change. */
  complete: boolean;
  generated_at: string;
  instance: string;
  definitions: Record<string, string>;
  information: {
    requests: number;
    accounts_specified: number;
    with_nondisclosure: number;
    decided: number;
    some_data_produced: number;
    percentage_some_data_produced: number | null;
    outcomes: InformationOutcomes;
    by_country: BreakdownRow[];
    by_process: BreakdownRow[];
    by_authority: AuthorityRow[];
  };
  emergency: { requests: number; accounts_specified: number; disclosed: number; decided: number };
  preservation: { requests: number; accounts_specified: number; holds_placed: number; hold_renewals: number; by_country: BreakdownRow[] };
  notices: { delivered: number; delayed: number; delayed_scheduled: number; delayed_withheld: number; cancelled: number };
  challenges: { challenged: number; withdrawn: number; some_data_produced: number; nothing_produced_or_rejected: number; open: number };
  withdrawn: number;
  removals: {
    demands: number;
    items: number;
    demands_by_outcome: RemovalOutcomes;
    items_by_outcome: { remove: number; withhold_in_country: number; reject: number };
    /** Countries where items were withheld, with how many items each. */
    withheld_in: { key: string; items: number }[];
    by_country: CountryOutcomeRow[];
    by_authority: AuthorityRow[];
  };
  national_security: { requests: string; accounts: string; band_size: number };
  malformed: number;
  /** The instance's own moderation in the half-year: reports received, actions by kind, appeals. */
  moderation: ModerationCounts;
}

export interface ReportOptions {
  clock?: Clock;
  /** The instance's name, printed on the report. */
  instance?: string;
}

const PRODUCED: ReadonlySet<string> = new Set(['complied', 'partially_complied']);
const CHALLENGE: ReadonlySet<string> = new Set(['challenged', 'in_court']);

export const DEFINITIONS: Record<string, string> = {
  period: 'A case is counted in the half-year (UTC) in which the demand was received, whatever happened to it later. Outcomes are as recorded when the report was generated.',
  information_requests: 'Well-formed demands of kind "information", other than national-security process. Emergency requests are included here and also counted on their own.',
  accounts_specified: 'Distinct accounts named in the requests of a section (handles compared case-insensitively, without a leading @).',
  with_nondisclosure: 'Information requests that came with a non-disclosure order, statute or request.',
  decided: 'Information requests that are closed (complied, partially complied, nothing produced, rejected, withdrawn), plus any that once reached complied or partially complied and were later reopened in court.',
  percentage_some_data_produced: 'Information requests where some data was produced (the desk complied in full or in part) divided by decided information requests, as a percentage with one decimal; null when none was decided. Requests still open are left out of both numbers.',
  emergency: 'Information requests claiming an emergency (danger of death or serious physical injury): process emergency_request or a document with an emergency section. "disclosed" counts those where some data was produced.',
  preservation: 'Well-formed demands of kind "preservation". Holds placed counts the preservation holds the desk placed for them (one per account); renewals counts extensions of those holds.',
  notices: 'Notices to account holders about non-national-security demands. "delivered" counts notices delivered during the half-year. "delayed" counts, for demands received in the half-year, notices still withheld (an order without an end date) or scheduled for a date after the report was generated.',
  challenges: 'Well-formed demands of any kind (other than national-security process) that the desk ever challenged or that ever went to court, as recorded in the audit log; with their outcome.',
  withdrawn: 'Well-formed demands of any kind (other than national-security process) that the requester withdrew.',
  removals: 'Well-formed demands of kind "removal". Demands are counted by the state of the case; items by the desk\'s decision on each named item. "rejected" includes demands the desk refused outright.',
  national_security: 'National Security Letters and FISA orders, reported together only in bands of 250 as 50 U.S.C. § 1874 allows, for requests and for accounts. They are left out of every other figure in this report, so no exact number can be derived from it.',
  moderation: 'Moderation by this instance\'s own moderators (not legal demands): reports users filed, actions taken (each with a reason the account holder sees) and appeals, counted by the day they happened in the half-year.',
  malformed: 'Demands that were not well-formed (missing or contradictory fields), of any kind other than national-security process. They are not counted anywhere else.',
};

/** '0–249' for 0..249, '250–499' for 250..499, … (an en dash, as the statute's examples print it). */
export function band(count: number, size = NATIONAL_SECURITY_BAND): string {
  const low = Math.floor(Math.max(0, count) / size) * size;
  return `${low}–${low + size - 1}`;
}

interface CaseRow {
  id: string;
  kind: string | null;
  process: string | null;
  country: string | null;
  targets: string[];
  valid: boolean;
  state: string;
  document: unknown;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : null;
}

/**
 * National-security process, judged as generously as the records allow: a malformed NSL must land in the band,
 * not in the exact "malformed" count, so the process written in a document that failed validation (or its raw
 * text, when it could not even be parsed) counts too.
 */
export function isNationalSecurity(c: Pick<CaseRow, 'process' | 'document'>): boolean {
  if (c.process && NATIONAL_SECURITY_PROCESSES.has(c.process)) return true;
  const doc = record(c.document);
  if (!doc) return false;
  if (typeof doc.process === 'string' && NATIONAL_SECURITY_PROCESSES.has(doc.process.trim().toLowerCase())) return true;
  return typeof doc.raw === 'string' && /national[\s_-]*security[\s_-]*letter|fisa[\s_-]*order/i.test(doc.raw);
}

function isEmergency(c: CaseRow): boolean {
  return c.process === 'emergency_request' || record(record(c.document)?.emergency) !== null;
}

function hasNondisclosure(c: CaseRow): boolean {
  return record(record(c.document)?.nondisclosure) !== null;
}

/** One spelling per account: `@Alice`, `alice` and `acct:alice` name the same person. */
function accountKey(target: string): string {
  return target.trim().toLowerCase().replace(/^acct:/, '').replace(/^@/, '');
}

function authorityOf(c: CaseRow): string {
  const issuer = record(record(c.document)?.issuer);
  const text = typeof issuer?.authority === 'string' ? issuer.authority.replace(/\s+/g, ' ').trim() : '';
  // Bounded, so one absurd document cannot swell every copy of the report.
  return text ? text.slice(0, 200) : 'unknown';
}

function distinctAccounts(cases: CaseRow[]): number {
  const seen = new Set<string>();
  for (const c of cases) for (const t of c.targets ?? []) { const k = accountKey(t); if (k) seen.add(k); }
  return seen.size;
}

function byKey<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const g = groups.get(k);
    if (g) g.push(item); else groups.set(k, [item]);
  }
  return groups;
}

/** Largest first, then alphabetical, so the same records always give the same report byte for byte. */
function sortRows<T extends { key?: string; country?: string; authority?: string }>(rows: T[], size: (r: T) => number): T[] {
  const name = (r: T) => `${r.key ?? ''}\u0000${r.country ?? ''}\u0000${r.authority ?? ''}`;
  return rows.sort((a, b) => size(b) - size(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** `period` is a HalfYear or its name ('2026-H2'; anything else throws a PeriodError). */
export async function computeReport(db: Db, periodOrName: HalfYear | string, options: ReportOptions = {}): Promise<TransparencyReport> {
  const period = typeof periodOrName === 'string' ? parseHalfYear(periodOrName) : periodOrName;
  const now = (options.clock ?? systemClock).now();
  const inPeriod = db.selectFrom('legal_cases').select('id')
    .where('received_at', '>=', period.start).where('received_at', '<', period.end);

  const [rows, stateEvents, notices, deliveredInPeriod, holds, removals] = await Promise.all([
    db.selectFrom('legal_cases')
      .select(['id', 'kind', 'process', 'country', 'targets', 'valid', 'state', 'document'])
      .where('received_at', '>=', period.start).where('received_at', '<', period.end)
      .orderBy('id').execute(),
    db.selectFrom('legal_events').select(['case_id', 'payload'])
      .where('type', '=', 'case.state').where('case_id', 'in', inPeriod).execute(),
    db.selectFrom('legal_notices').select(['case_id', 'state', 'deliver_at'])
      .where('case_id', 'in', inPeriod).execute(),
    // Delivered during the half-year, whichever half-year the demand came in: what users actually received.
    db.selectFrom('legal_notices').innerJoin('legal_cases', 'legal_cases.id', 'legal_notices.case_id')
      .select(['legal_cases.process', 'legal_cases.document'])
      .where('legal_notices.state', '=', 'delivered')
      .where('legal_notices.delivered_at', '>=', period.start).where('legal_notices.delivered_at', '<', period.end).execute(),
    db.selectFrom('legal_holds').select(['case_id', 'renewals']).where('case_id', 'in', inPeriod).execute(),
    db.selectFrom('legal_removals').select(['case_id', 'outcome', 'countries']).where('case_id', 'in', inPeriod).execute(),
  ]);

  const cases: CaseRow[] = rows.map((r) => ({
    id: String(r.id), kind: r.kind, process: r.process, country: r.country, targets: r.targets ?? [],
    valid: r.valid, state: r.state, document: r.document,
  }));

  const everProduced = new Set<string>();
  const everChallenged = new Set<string>();
  for (const e of stateEvents) {
    const to = record(e.payload)?.to;
    if (typeof to !== 'string' || e.case_id === null) continue;
    if (PRODUCED.has(to)) everProduced.add(String(e.case_id));
    if (CHALLENGE.has(to)) everChallenged.add(String(e.case_id));
  }
  const produced = (c: CaseRow) => PRODUCED.has(c.state) || everProduced.has(c.id);
  const closed = (c: CaseRow) => CLOSED_STATES.has(c.state as CaseState);
  const decided = (c: CaseRow) => closed(c) || produced(c);
  const challenged = (c: CaseRow) => CHALLENGE.has(c.state) || everChallenged.has(c.id);

  const nationalSecurity = cases.filter(isNationalSecurity);
  const reportable = cases.filter((c) => !isNationalSecurity(c));
  const reportableIds = new Set(reportable.map((c) => c.id));
  const wellFormed = reportable.filter((c) => c.valid);
  const malformed = reportable.filter((c) => !c.valid);
  const information = wellFormed.filter((c) => c.kind === 'information');
  const preservation = wellFormed.filter((c) => c.kind === 'preservation');
  const removal = wellFormed.filter((c) => c.kind === 'removal');
  const emergency = information.filter(isEmergency);

  const breakdown = (group: CaseRow[], keyOf: (c: CaseRow) => string): BreakdownRow[] =>
    sortRows([...byKey(group, keyOf)].map(([key, list]) => ({
      key, requests: list.length, accounts: distinctAccounts(list),
      some_data_produced: list.filter((c) => c.kind === 'information' && produced(c)).length,
    })), (r) => r.requests);
  const byAuthority = (group: CaseRow[]): AuthorityRow[] =>
    sortRows([...byKey(group, (c) => `${c.country ?? 'unknown'}\u0000${authorityOf(c)}`)].map(([, list]) => ({
      country: list[0].country ?? 'unknown', authority: authorityOf(list[0]), requests: list.length,
    })), (r) => r.requests);
  const countryOf = (c: CaseRow) => c.country ?? 'unknown';

  const informationOutcomes: InformationOutcomes = { complied: 0, partially_complied: 0, nothing_produced: 0, rejected: 0, withdrawn: 0, other: 0, open: 0 };
  for (const c of information) {
    if (!closed(c)) informationOutcomes.open++;
    else if (c.state in informationOutcomes) informationOutcomes[c.state as keyof InformationOutcomes]++;
    else informationOutcomes.other++;
  }
  const informationDecided = information.filter(decided).length;
  const informationProduced = information.filter(produced).length;

  const removalOutcome = (c: CaseRow): keyof RemovalOutcomes => {
    if (!closed(c)) return 'open';
    if (c.state === 'removed' || c.state === 'withheld_in_country' || c.state === 'withdrawn') return c.state;
    if (c.state === 'removal_rejected' || c.state === 'rejected') return 'rejected';
    return 'other';
  };
  const removalOutcomes: RemovalOutcomes = { removed: 0, withheld_in_country: 0, rejected: 0, withdrawn: 0, other: 0, open: 0 };
  for (const c of removal) removalOutcomes[removalOutcome(c)]++;
  const removalIds = new Set(removal.map((c) => c.id));
  const removalRows = removals.filter((r) => removalIds.has(String(r.case_id)));
  const itemsByOutcome = { remove: 0, withhold_in_country: 0, reject: 0 };
  const withheldIn = new Map<string, number>();
  for (const r of removalRows) {
    if (r.outcome in itemsByOutcome) itemsByOutcome[r.outcome]++;
    if (r.outcome === 'withhold_in_country') for (const country of r.countries ?? []) withheldIn.set(country, (withheldIn.get(country) ?? 0) + 1);
  }
  const removalByCountry: CountryOutcomeRow[] = sortRows([...byKey(removal, countryOf)].map(([key, list]) => {
    const row: CountryOutcomeRow = { key, demands: list.length, removed: 0, withheld_in_country: 0, rejected: 0, withdrawn: 0, open: 0 };
    for (const c of list) {
      const o = removalOutcome(c);
      if (o !== 'other') row[o]++;
    }
    return row;
  }), (r) => r.demands);

  const preservationIds = new Set(preservation.map((c) => c.id));
  const preservationHolds = holds.filter((h) => preservationIds.has(String(h.case_id)));

  const cohortNotices = notices.filter((n) => reportableIds.has(String(n.case_id)));
  const delayedWithheld = cohortNotices.filter((n) => n.state === 'withheld').length;
  const delayedScheduled = cohortNotices.filter((n) => n.state === 'scheduled' && n.deliver_at !== null && new Date(n.deliver_at) > now).length;

  const challengedCases = wellFormed.filter(challenged);

  return {
    format: 'publius.transparency/1',
    period: period.id,
    period_label: describeHalfYear(period),
    starts_at: period.start.toISOString(),
    ends_at: period.end.toISOString(),
    complete: period.end.getTime() <= now.getTime(),
    generated_at: now.toISOString(),
    instance: options.instance ?? '',
    definitions: { ...DEFINITIONS },
    information: {
      requests: information.length,
      accounts_specified: distinctAccounts(information),
      with_nondisclosure: information.filter(hasNondisclosure).length,
      decided: informationDecided,
      some_data_produced: informationProduced,
      percentage_some_data_produced: percentage(informationProduced, informationDecided),
      outcomes: informationOutcomes,
      by_country: breakdown(information, countryOf),
      by_process: breakdown(information, (c) => c.process ?? 'unknown'),
      by_authority: byAuthority(information),
    },
    emergency: {
      requests: emergency.length,
      accounts_specified: distinctAccounts(emergency),
      disclosed: emergency.filter(produced).length,
      decided: emergency.filter(decided).length,
    },
    preservation: {
      requests: preservation.length,
      accounts_specified: distinctAccounts(preservation),
      holds_placed: preservationHolds.length,
      hold_renewals: preservationHolds.reduce((sum, h) => sum + (h.renewals ?? 0), 0),
      by_country: breakdown(preservation, countryOf),
    },
    notices: {
      delivered: deliveredInPeriod.filter((n) => !isNationalSecurity(n)).length,
      delayed: delayedWithheld + delayedScheduled,
      delayed_scheduled: delayedScheduled,
      delayed_withheld: delayedWithheld,
      cancelled: cohortNotices.filter((n) => n.state === 'cancelled').length,
    },
    challenges: {
      challenged: challengedCases.length,
      withdrawn: challengedCases.filter((c) => c.state === 'withdrawn').length,
      some_data_produced: challengedCases.filter(produced).length,
      nothing_produced_or_rejected: challengedCases.filter((c) => !produced(c) && ['nothing_produced', 'rejected', 'removal_rejected'].includes(c.state)).length,
      open: challengedCases.filter((c) => !closed(c)).length,
    },
    withdrawn: wellFormed.filter((c) => c.state === 'withdrawn').length,
    removals: {
      demands: removal.length,
      items: removalRows.length,
      demands_by_outcome: removalOutcomes,
      items_by_outcome: itemsByOutcome,
      withheld_in: sortRows([...withheldIn].map(([key, items]) => ({ key, items })), (r) => r.items),
      by_country: removalByCountry,
      by_authority: byAuthority(removal),
    },
    national_security: {
      requests: band(nationalSecurity.length),
      accounts: band(distinctAccounts(nationalSecurity)),
      band_size: NATIONAL_SECURITY_BAND,
    },
    malformed: malformed.length,
    moderation: await moderationCounts(db, period.start, period.end),
  };
}

/**
 * The half-years worth listing, newest first: from the first one with a demand that is not national-security
 * process up to the current one, without gaps. Starting from the first demand of any kind would give away that
 * a secret order came before everything else; listing only half-years with demands would give away an
 * NSL-only half-year — and the bands exist so that neither can be told.
 */
export async function reportablePeriods(db: Db, clock: Clock = systemClock): Promise<HalfYear[]> {
  const current = halfYearOf(clock.now());
  let first: Date | null = null;
  // Oldest first, in pages: usually the very first row answers; a page of malformed NSLs just means reading on.
  for (let offset = 0; first === null; offset += 200) {
    const page = await db.selectFrom('legal_cases').select(['received_at', 'process', 'document'])
      .where((eb) => eb.or([eb('process', 'is', null), eb('process', 'not in', [...NATIONAL_SECURITY_PROCESSES])]))
      .orderBy('received_at').orderBy('id').offset(offset).limit(200).execute();
    first = page.find((r) => !isNationalSecurity(r))?.received_at ?? null;
    if (page.length < 200) break;
  }
  const periods: HalfYear[] = [];
  let p = first ? halfYearOf(new Date(first)) : current;
  // A demand dated in the future (a typo on intake) must not stretch the list past today.
  if (p.start > current.start) p = current;
  for (; p.start <= current.start; p = nextHalfYear(p)) periods.push(p);
  return periods.reverse();
}

/**
 * The report the public may see for a period named in a URL or on the command line: a malformed name is a
 * PeriodError (422); a half-year that has not begun has no report (404) rather than a page of zeros that
 * looks final. The current half-year is served, marked incomplete.
 */
export async function publishedReport(db: Db, periodText: string, options: ReportOptions = {}): Promise<TransparencyReport> {
  const period = parseHalfYear(periodText);
  const now = (options.clock ?? systemClock).now();
  if (period.start.getTime() > now.getTime()) fail('NOT_FOUND', `No report for ${period.id}: that half-year has not begun`);
  return computeReport(db, period, options);
}
