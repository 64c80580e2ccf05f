import type { Db } from '../db/database.js';

/**
 * The one place where the legal desk can hold data back from deletion. Before an account's data is purged,
 * deletion calls `beforeAccountDeletion` inside the same transaction; a preservation hold (18 U.S.C.
 * § 2703(f)) implements it by snapshotting the held records so they survive until the hold expires.
 * The default holds nothing.
 */
export interface LegalHoldRegistry {
  beforeAccountDeletion(accountId: string, trx: Db): Promise<void>;
}

export const NO_HOLDS: LegalHoldRegistry = {
  async beforeAccountDeletion() { /* no legal holds are configured */ },
};
