/**
 * The one place where account deletion meets the legal desk.
 *
 * A preservation request (18 U.S.C. § 2703(f)) obliges the operator to keep an account's records for 90 days
 * (renewable once) even if the account holder deletes them. Deletion asks `holdsFor` before it purges anything.
 * The registry is the legal desk's `PreservationHolds` (src/legal/preservation/holds.ts, wired in context.ts):
 * placing a hold takes an immutable snapshot of the account's rows and copies its media files outside the
 * media directory, so deletion goes ahead as always and the snapshot survives it until the hold expires or is
 * released and is purged. Deletion also writes a `preservation_notices` row per hold in force — the account,
 * the hold, the date — so the legal desk learns that the held account was deleted. `NO_HOLDS` remains the
 * default for a privacy service built without the desk.
 *
 * Nothing about holds is ever shown to the account holder: deletion answers the same with or without them.
 */
export interface Hold {
  /** The legal desk's identifier for the hold. */
  id: string;
  /** The legal desk case the hold belongs to, if any. */
  caseId: string | null;
}

export interface LegalHoldRegistry {
  /** Holds currently in force over the account's records; empty when deletion may purge freely. */
  holdsFor(accountId: string): Promise<Hold[]>;
}

/** The default when no legal desk is wired in: nothing is held. */
export const NO_HOLDS: LegalHoldRegistry = {
  async holdsFor() { return []; },
};
