import type { FindingCode } from './findings.js';
import type { LegalCategory } from './vocabulary.js';

/** What the desk recommends a lawyer do with a demand. */
export type Recommendation = 'comply' | 'narrow' | 'challenge' | 'reject' | 'clarify';

/** How much a finding weighs: `blocker` stops the demand (or the categories it lists) as it stands. */
export type Severity = 'info' | 'warning' | 'blocker';

/** One observation about a demand, in plain words, with the law it rests on. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  citations: string[];
  categories: LegalCategory[];
}

/** A requested category the desk would not hand over, and the finding that explains why. */
export interface WithheldCategory {
  category: LegalCategory;
  reason: FindingCode;
}

/**
 * Every requested category in exactly one list. `produce` is what Publius would hand over if the recommendation
 * is carried out; it is empty for `challenge`, `reject` and `clarify`.
 */
export interface CategoryDecision {
  produce: LegalCategory[];
  withhold: WithheldCategory[];
  not_held: LegalCategory[];
}

/** Whether and when to tell the account holder. */
export type NoticeDecision =
  | { action: 'notify_now'; date: null; reason: string }
  | { action: 'notify_after'; date: string; reason: string }
  | { action: 'withhold'; date: null; reason: string };

/** What a deadline is for: answering, the end of a preservation period, notice to the user, the end of a gag. */
export type DeadlineKind = 'respond' | 'preservation_expires' | 'notice_due' | 'order_expires';

/** A date the desk must act by or that ends something (ISO 8601 date or date-time). */
export interface Deadline {
  kind: DeadlineKind;
  date: string;
}

/** The desk's automated first assessment of a demand (shared/legal/FORMAT.md), for a lawyer to confirm or override. */
export interface Assessment {
  recommendation: Recommendation;
  findings: Finding[];
  categories: CategoryDecision;
  notice: NoticeDecision;
  deadlines: Deadline[];
}
