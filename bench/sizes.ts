/** Sizes of each scenario: the full sizes, and a CI-sized quick form (the whole quick run < 3 min). */
export interface Sizes {
  /** Followers the big account has before the surge. */
  surgeExisting: number;
  /** Accounts that follow it during the surge (through HTTP). */
  surgeNew: number;
  /** Open streaming connections during the broadcast. */
  streams: number;
  /** Measured broadcast posts (the median is reported). */
  broadcastPosts: number;
  /** Seconds per read-storm / floor measurement. */
  readSeconds: number;
  /** Concurrent connections of the load generator. */
  connections: number;
  /** Database sizes (posts) of the growth curve. */
  growthPosts: number[];
  /** Follower counts of the poster in the growth curve. */
  growthFollowers: number[];
  /** Posts per point of the growth curve. */
  growthRequests: number;
  /** Seconds of home timeline reads per point of the growth curve. */
  growthReadSeconds: number;
  /** Accounts a growth reader follows. */
  growthReaderFollows: number;
}

export const FULL: Sizes = {
  surgeExisting: 38_000,
  surgeNew: 120_000,
  streams: 10_000,
  broadcastPosts: 3,
  readSeconds: 10,
  connections: 32,
  growthPosts: [10_000, 100_000, 1_000_000],
  growthFollowers: [1_000, 10_000, 100_000],
  growthRequests: 500,
  growthReadSeconds: 10,
  growthReaderFollows: 100,
};

export const QUICK: Sizes = {
  surgeExisting: 500,
  surgeNew: 1_000,
  streams: 200,
  broadcastPosts: 2,
  readSeconds: 2,
  connections: 32,
  // Two points per curve: every point on the embedded back end costs a server restart (PGlite is single-process).
  growthPosts: [1_000, 30_000],
  growthFollowers: [100, 1_500],
  growthRequests: 100,
  growthReadSeconds: 2,
  growthReaderFollows: 50,
};

/** The surge, broadcast and stream sizes multiplied by `factor` (a full run that would not fit its time). */
export function scaled(sizes: Sizes, factor: number): Sizes {
  if (factor === 1) return sizes;
  const f = (n: number) => Math.max(1, Math.round(n * factor));
  return { ...sizes, surgeExisting: f(sizes.surgeExisting), surgeNew: f(sizes.surgeNew), streams: f(sizes.streams) };
}
