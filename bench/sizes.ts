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
  /** Requests per point of the growth curve (posting / reading). */
  growthRequests: number;
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
  growthRequests: 2_000,
  growthReaderFollows: 100,
};

export const QUICK: Sizes = {
  surgeExisting: 1_000,
  surgeNew: 2_000,
  streams: 300,
  broadcastPosts: 2,
  readSeconds: 3,
  connections: 32,
  growthPosts: [1_000, 10_000, 30_000],
  growthFollowers: [100, 1_000, 3_000],
  growthRequests: 300,
  growthReaderFollows: 50,
};
