/** The one source of "now", so tests can move time (legal deadlines, expiries) without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** 'YYYY-MM-DD' in UTC: the only precision at which Publius records when a person did something. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
