import { z } from 'zod';
import YAML from 'yaml';
import {
  CHANNELS, DEMAND_KINDS, ISSUER_LEVELS, LEGAL_CATEGORIES, NONDISCLOSURE_TYPES, PROCESS_TYPES, REMOVAL_SCOPES,
} from './vocabulary.js';
import { parseInstant } from './instant.js';
import { describeIssues } from './problems.js';

// The intake format of shared/legal/FORMAT.md. Objects are strict: a misspelt field ("nondisclosur") would
// otherwise be dropped without a word and the desk would assess a demand that says something else.

const ISO_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date (`2026-12-01`) or date-time (`2017-03-14T15:20:00Z`); times without a zone are UTC. */
const isoDateOrTime = z.string().refine((s) => ISO_DATE_OR_TIME.test(s) && !Number.isNaN(parseInstant(s).getTime()), {
  message: 'must be an ISO 8601 date (2026-12-01) or date-time (2026-12-01T17:00:00Z)',
});
const text = z.string().trim().min(1);
const person = z.strictObject({ name: z.string(), title: z.string() });

const IssuerSchema = z.strictObject({
  authority: text,
  country: z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code in capitals, e.g. US, GB, DE' }),
  level: z.enum(ISSUER_LEVELS),
  officer: person.nullable().default(null),
  signed_by: person.nullable().default(null),
  /** Present when a court issued or validated the demand. */
  court: z.strictObject({ name: text, judge: z.string().nullable().default(null) }).nullable().default(null),
  /** The desk independently confirmed who sent it (call-back to a known number, portal identity, …). */
  verified: z.boolean().default(false),
});

const NondisclosureSchema = z.strictObject({
  type: z.enum(NONDISCLOSURE_TYPES),
  basis: z.string().nullable().default(null),
  /** Date the secrecy ends; null when the document states none. */
  until: isoDateOrTime.nullable().default(null),
});

const EmergencySchema = z.strictObject({
  danger: z.string().default(''),
  persons_at_risk: z.string().default(''),
  why_needed: z.string().default(''),
});

/** A demand as received, in the intake format. */
export const DemandSchema = z.strictObject({
  reference: text,
  received_at: isoDateOrTime,
  channel: z.enum(CHANNELS).nullable().default(null),
  kind: z.enum(DEMAND_KINDS),
  process: z.enum(PROCESS_TYPES),
  issuer: IssuerSchema,
  legal_basis: z.array(text).default([]),
  stated_purpose: z.string().default(''),
  offense: z.strictObject({
    description: z.string().default(''),
    max_sentence_years: z.number().min(0).nullable().default(null),
  }).nullable().default(null),
  targets: z.array(z.strictObject({ account: text })).min(1),
  categories: z.array(z.enum(LEGAL_CATEGORIES)).default([]),
  all_records: z.boolean().default(false),
  date_range: z.strictObject({ from: isoDateOrTime, to: isoDateOrTime }).nullable().default(null),
  deadline: isoDateOrTime.nullable().default(null),
  nondisclosure: NondisclosureSchema.nullable().default(null),
  emergency: EmergencySchema.nullable().default(null),
  preservation: z.strictObject({
    sequence: z.number().int().min(1),
    /** When the hold being renewed ends (optional): a renewal adds its period to this date. */
    hold_expires: isoDateOrTime.nullable().default(null),
  }).nullable().default(null),
  removal: z.strictObject({
    items: z.array(text).min(1),
    grounds: z.string().default(''),
    scope: z.enum(REMOVAL_SCOPES).default('global'),
  }).nullable().default(null),
  document: z.strictObject({
    file: text,
    sha256: z.string().regex(/^[0-9a-f]{64}$/i, { message: 'must be 64 hexadecimal characters' }).nullable().default(null),
  }).nullable().default(null),
  text: z.string().default(''),
});

/** A demand that passed intake validation: every optional field filled with its default. */
export type Demand = z.output<typeof DemandSchema>;

/** Either the validated demand, or every problem found, each as `field.path: what is wrong`. */
export type DemandParseResult = { ok: true; demand: Demand } | { ok: false; problems: string[] };

/** Validates a demand, listing every structural problem and every inconsistency between fields. */
export function parseDemand(input: unknown): DemandParseResult {
  const parsed = DemandSchema.safeParse(input);
  const problems = [
    ...(parsed.success ? [] : describeIssues(parsed.error.issues, input)),
    ...consistencyProblems(input),
  ];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, demand: parsed.data };
}

/**
 * Parses a demand file's text: JSON when the name ends in `.json` (or the text starts with `{`), YAML
 * otherwise. YAML 1.2 keeps `NO` (Norway) and dates as text, as the format expects.
 */
export function parseDemandText(text: string, filename?: string): DemandParseResult {
  const asJson = filename ? /\.json$/i.test(filename) : /^\s*\{/.test(text);
  let input: unknown;
  try {
    input = asJson ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    return { ok: false, problems: [`(document): is not valid ${asJson ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`] };
  }
  return parseDemand(input);
}

// Checks that need two fields at once. They read the raw input defensively so that they report alongside the
// structural problems instead of waiting until those are fixed.
function consistencyProblems(input: unknown): string[] {
  if (!isRecord(input)) return [];
  const problems: string[] = [];
  const kind = input.kind;
  const categories = Array.isArray(input.categories) ? input.categories : [];
  if (kind !== 'removal' && categories.length === 0 && input.all_records !== true) {
    problems.push('categories: list at least one category of records, or set all_records to true');
  }
  if (kind === 'removal' && (input.removal === null || input.removal === undefined)) {
    problems.push('removal: a removal demand must say which items ({ "items": [...] })');
  }
  if (isRecord(input.date_range)) {
    const { from, to } = input.date_range;
    if (typeof from === 'string' && typeof to === 'string' && parseInstant(from).getTime() > parseInstant(to).getTime()) {
      problems.push(`date_range: "from" (${from}) is after "to" (${to})`);
    }
  }
  if (isRecord(input.issuer) && input.issuer.country === 'UK') {
    problems.push('issuer.country: the ISO code of the United Kingdom is GB, not UK');
  }
  if (isRecord(input.issuer) && input.issuer.level === 'foreign' && input.issuer.country === 'US') {
    problems.push('issuer.level: "foreign" contradicts issuer.country "US"');
  }
  return problems;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
