import { z } from 'zod';

const MAX_BIGINT = 9223372036854775807n;

/**
 * Whether a client-supplied id can name a row: digits that fit PostgreSQL's bigint. Anything else names nothing
 * (a 404 for a path id), and must never reach the database, where an out-of-range number is an error (a 500).
 */
export function isRowId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

/** An id parameter in a query or body: malformed ones are a 422. */
export const rowId = z.string().refine(isRowId, 'must be a numeric id');
