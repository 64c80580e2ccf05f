/**
 * Points in time as the intake format writes them: ISO 8601 dates or date-times, read as UTC when they carry no
 * zone (JavaScript would read "2026-12-01T17:00" in the server's local time, and a deadline must not move with
 * the server).
 */
export function parseInstant(iso: string): Date {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
  return new Date(zoned);
}

/** ISO 8601 without milliseconds: 2026-12-01T13:00:00Z. */
export function formatInstant(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

/** Calendar months, ending on the last day of a shorter month (31 January + 1 month = 28/29 February). */
export function addMonths(d: Date, months: number): Date {
  const out = new Date(d.getTime());
  const day = out.getUTCDate();
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + months);
  const last = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, last));
  return out;
}
