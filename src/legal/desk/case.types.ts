import type { Assessment, Demand, LegalCategory, NoticeDecision, Recommendation } from '../index.js';

/**
 * Where a case stands. Open states wait for someone at the desk; closed states are outcomes, counted by the
 * transparency report. The allowed moves between them are in case-states.ts.
 */
export type CaseState =
  // open
  | 'received' | 'incomplete' | 'assessed' | 'awaiting_clarification' | 'challenged' | 'in_court' | 'approved' | 'preserving'
  // closed
  | 'complied' | 'partially_complied' | 'nothing_produced' | 'rejected' | 'withdrawn'
  | 'removed' | 'withheld_in_country' | 'removal_rejected' | 'preservation_ended';

/** The lawyer's decision on the automated assessment, stored on the case and in the audit log. */
export interface CaseDecision {
  /** `confirm` when the lawyer kept the automated recommendation, `override` otherwise. */
  action: 'confirm' | 'override';
  recommendation: Recommendation;
  /** Categories the desk will produce (a subset of the requested, held ones); empty unless comply/narrow. */
  produce: LegalCategory[];
  /** Earliest and latest record dates in scope, when the lawyer narrowed by date (ISO dates). */
  date_range: { from: string | null; to: string | null } | null;
  /** Notice decision actually applied (the assessment's unless the lawyer overrode it). */
  notice: NoticeDecision;
  /** For removal demands: what happens to each named item. */
  removal: { outcome: 'remove' | 'withhold_in_country' | 'reject'; countries: string[] } | null;
  reason: string;
  by: string;
  at: string;
}

/** A case as the desk sees it. `demand` is null when the document as received did not validate. */
export interface LegalCase {
  id: string;
  reference: string;
  kind: Demand['kind'] | null;
  process: Demand['process'] | null;
  state: CaseState;
  valid: boolean;
  problems: string[];
  country: string | null;
  targets: string[];
  requesterId: string | null;
  receivedAt: string;
  respondBy: string | null;
  closedAt: string | null;
  /** The parsed demand (valid cases) or { raw } as received. */
  document: unknown;
  demand: Demand | null;
  documentSha256: string | null;
  assessment: Assessment | null;
  decision: CaseDecision | null;
}
