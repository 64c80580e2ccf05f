import type { Finding, Severity } from '../assessment.js';
import type { DemandFacts } from '../facts.js';
import type { FindingCode } from '../findings.js';
import { CATEGORY_LABELS, type LegalCategory } from '../vocabulary.js';

/**
 * What a finding does to the recommendation, from none to reject. The recommendation is the strongest effect
 * among all findings (`comply` when none has any).
 */
export type Effect = 'none' | 'narrow' | 'clarify' | 'challenge' | 'reject';

/** Effects from weakest to strongest. */
export const EFFECT_RANK: Readonly<Record<Effect, number>> = { none: 0, narrow: 1, clarify: 2, challenge: 3, reject: 4 };

/** A finding as a rule produces it: with its effect, and whether it withholds the categories it lists. */
export interface DraftFinding extends Finding {
  effect: Effect;
  /** The listed categories are withheld for this finding's reason (the first such finding wins). */
  withholds: boolean;
}

/** One family of checks. Rules are pure: they read the facts and return findings, nothing else. */
export interface Rule {
  name: string;
  check(facts: DemandFacts): DraftFinding[];
}

/** Builds a draft finding; citations are deduplicated. */
export function finding(f: {
  code: FindingCode;
  severity: Severity;
  effect: Effect;
  message: string;
  citations: readonly string[];
  categories?: readonly LegalCategory[];
  withholds?: boolean;
}): DraftFinding {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    citations: [...new Set(f.citations)],
    categories: [...(f.categories ?? [])],
    effect: f.effect,
    withholds: f.withholds ?? false,
  };
}

/** "phone numbers (subscriber.phone), IP addresses (connection.ip)". */
export function describeCategories(categories: readonly LegalCategory[]): string {
  return categories.map((c) => `${CATEGORY_LABELS[c]} (${c})`).join(', ');
}

/** "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Handles of the targets, for messages: "@alt_uscis". */
export function targetNames(facts: DemandFacts): string {
  return listWords(facts.targets.map((t) => `@${t.handle}`));
}
