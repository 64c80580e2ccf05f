/**
 * The one place where account deletion meets the legal desk.
 *
 * A preservation request (18 U.S.C. § 2703(f)) obliges the operator to keep an account's records for 90 days
 * (renewable) even if the account holder deletes them. Deletion asks `holdsFor` before it purges anything.
 * Today no registry can answer yes (the default holds nothing), and when one does, deletion still snapshots
 * nothing: it writes a `preservation_notices` row per hold — the account, the hold, the date — so the legal
 * desk learns that records it had to preserve were deleted. Preservation snapshots (copying the held rows and
 * files somewhere deletion does not reach) belong to the legal desk issue, which replaces `NO_HOLDS` with a
 * registry backed by its own tables and extends deletion to copy before it purges.
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

/** The default until the legal desk exists: nothing is held. */
export const NO_HOLDS: LegalHoldRegistry = {
  async holdsFor() { return []; },
};
