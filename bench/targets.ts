/**
 * Issue 5's targets on this 2-core machine (PostgreSQL + Redis); on the embedded default, half of them
 * (half the throughput, twice the latency). Flatness (≤ 1.5× from smallest to largest) is the same on both.
 */
import type { BackendName } from './args.js';

export function targets(backend: BackendName) {
  const k = backend === 'postgres' ? 1 : 0.5;
  return {
    surgeFollowsPerS: 3000 * k,
    broadcastMs: 1000 / k,
    streamMs: 1000 / k,
    readsPerS: 5000 * k,
    readP99Ms: 25 / k,
    readFloorRatio: 0.4 * k,
    growthRatio: 1.5,
  };
}
