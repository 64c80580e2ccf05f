import type { CaseState } from './case.types.js';

/** Outcomes: once a case is here it is counted as closed by the transparency report. */
export const CLOSED_STATES: ReadonlySet<CaseState> = new Set<CaseState>([
  'complied', 'partially_complied', 'nothing_produced', 'rejected', 'withdrawn',
  'removed', 'withheld_in_country', 'removal_rejected', 'preservation_ended',
]);

export const ALL_STATES: readonly CaseState[] = [
  'received', 'incomplete', 'assessed', 'awaiting_clarification', 'challenged', 'in_court', 'approved', 'preserving',
  ...CLOSED_STATES,
];

export function isClosed(state: CaseState): boolean {
  return CLOSED_STATES.has(state);
}

export function isCaseState(value: string): value is CaseState {
  return (ALL_STATES as readonly string[]).includes(value);
}

/**
 * Moves a desk member may make by hand (`transition`). Moves that follow from an act — deciding, producing,
 * placing a hold, deciding a removal — are made by that act, so they cannot be recorded without it:
 * `approved` only through a decision, `complied`/`partially_complied` only through a production package,
 * `removed`/`withheld_in_country`/`removal_rejected` only through a removal decision.
 * A requester may withdraw at any time, and a closed case can be reopened only by going to court (the
 * requester moves to compel, or the desk sues).
 */
const MANUAL: Record<CaseState, readonly CaseState[]> = {
  received: ['withdrawn', 'rejected'],
  incomplete: ['awaiting_clarification', 'withdrawn', 'rejected'],
  assessed: ['awaiting_clarification', 'withdrawn'],
  awaiting_clarification: ['withdrawn', 'rejected', 'nothing_produced'],
  challenged: ['in_court', 'withdrawn', 'nothing_produced', 'rejected'],
  in_court: ['withdrawn', 'nothing_produced', 'rejected'],
  approved: ['nothing_produced', 'withdrawn', 'challenged', 'in_court'],
  preserving: ['preservation_ended', 'withdrawn'],
  complied: ['in_court'],
  partially_complied: ['in_court'],
  nothing_produced: ['in_court'],
  rejected: ['in_court'],
  withdrawn: [],
  removed: ['in_court'],
  withheld_in_country: ['in_court'],
  removal_rejected: ['in_court'],
  preservation_ended: [],
};

export function canMoveByHand(from: CaseState, to: CaseState): boolean {
  return MANUAL[from].includes(to);
}

export function manualMoves(from: CaseState): readonly CaseState[] {
  return MANUAL[from];
}

/** States from which a lawyer may record (or revise) the decision on the assessment. */
export const DECIDABLE: ReadonlySet<CaseState> = new Set<CaseState>(['assessed', 'awaiting_clarification', 'challenged', 'in_court', 'approved']);
