import { PubliusError } from '../../errors.js';

/**
 * A reporting period: one half of a calendar year in UTC, as the large platforms publish and as 50 U.S.C. § 1874
 * expects national-security bands to be reported (semiannually). `start` is inclusive, `end` exclusive, so every
 * instant belongs to exactly one half-year whatever its sub-second precision.
 */
export interface HalfYear {
  /** '2026-H2' */
  id: string;
  year: number;
  half: 1 | 2;
  start: Date;
  end: Date;
}

const PATTERN = /^(\d{4})-H([12])$/;

/** A named error, so callers (HTTP, CLI) can tell bad input apart from a failure. Maps to 422 over HTTP. */
export class PeriodError extends PubliusError {
  constructor(input: string) {
    super('VALIDATION', `"${input.slice(0, 40)}" is not a half-year; write it as YYYY-H1 (January–June) or YYYY-H2 (July–December), e.g. 2026-H2`);
  }
}

export function halfYear(year: number, half: 1 | 2): HalfYear {
  return {
    id: `${String(year).padStart(4, '0')}-H${half}`,
    year, half,
    start: new Date(Date.UTC(year, half === 1 ? 0 : 6, 1)),
    end: half === 1 ? new Date(Date.UTC(year, 6, 1)) : new Date(Date.UTC(year + 1, 0, 1)),
  };
}

/** Parses `2026-H2`; anything else (lower case, spaces, a quarter, a year before 1970) is a PeriodError. */
export function parseHalfYear(text: string): HalfYear {
  const m = PATTERN.exec(text);
  // Before 1970 nothing can have been received by this software; a bound also keeps Date arithmetic exact.
  if (!m || Number(m[1]) < 1970) throw new PeriodError(text);
  return halfYear(Number(m[1]), m[2] === '1' ? 1 : 2);
}

export function isHalfYearId(text: string): boolean {
  return PATTERN.test(text) && Number(text.slice(0, 4)) >= 1970;
}

/** The half-year an instant falls in (UTC). */
export function halfYearOf(date: Date): HalfYear {
  return halfYear(date.getUTCFullYear(), date.getUTCMonth() < 6 ? 1 : 2);
}

export function formatHalfYear(period: HalfYear): string {
  return period.id;
}

/** 'January–June 2026' — the wording of the report's heading. */
export function describeHalfYear(period: HalfYear): string {
  return `${period.half === 1 ? 'January–June' : 'July–December'} ${period.year}`;
}

export function previousHalfYear(period: HalfYear): HalfYear {
  return period.half === 2 ? halfYear(period.year, 1) : halfYear(period.year - 1, 2);
}

export function nextHalfYear(period: HalfYear): HalfYear {
  return period.half === 1 ? halfYear(period.year, 2) : halfYear(period.year + 1, 1);
}
