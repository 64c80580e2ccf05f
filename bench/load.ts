/**
 * The load generator: autocannon on loopback, with every request's latency kept so p50/p95/p99 are exact
 * (autocannon's own summary has no p95), and bearer tokens rotated per request.
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  path: string | ((i: number) => string);
  method?: 'GET' | 'POST';
  /** The bearer token for the i-th request (i counts from 0 across all connections). */
  token?: (i: number) => string;
  body?: (i: number) => string;
  connections: number;
  /** Stop after this many requests… */
  amount?: number;
  /** …or after this many seconds. */
  seconds?: number;
  /** Called with each response (status, body) and the index of the request it answers. */
  check?: (i: number, status: number, body: string) => void;
}

export interface LoadResult {
  requests: number;
  ops_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
  seconds: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  let non2xx = 0;
  const request: autocannon.Request = {
    method: spec.method ?? 'GET',
    setupRequest(req, context) {
      const i = next++;
      (context as { i?: number }).i = i;
      const headers: Record<string, string> = {};
      if (spec.token) headers.authorization = `Bearer ${spec.token(i)}`;
      const body = spec.body?.(i);
      if (body !== undefined) headers['content-type'] = 'application/json';
      return {
        ...req,
        path: typeof spec.path === 'function' ? spec.path(i) : spec.path,
        headers,
        ...(body !== undefined ? { body } : {}),
      };
    },
  };
  if (spec.check) {
    const check = spec.check;
    request.onResponse = (status, body, context) => check((context as { i: number }).i, status, body);
  }
  const started = process.hrtime.bigint();
  let instance!: autocannon.Instance;
  // autocannon ends an `amount` run on its next one-second tick, so throughput is counted up to the last response.
  let lastAt = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
      url: spec.url,
      connections: spec.connections,
      pipelining: 1,
      timeout: 30,
      ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.seconds ?? 10 }),
      requests: [request],
    }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', ((_client: unknown, status: number, _bytes: number, ms: number) => {
      lastAt = process.hrtime.bigint();
      latencies.push(ms);
      if (status < 200 || status > 299) non2xx++;
    }) as never);
  });
  const seconds = Math.max(1e-3, Number(lastAt - started) / 1e9);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    ops_per_s: round(latencies.length / seconds, 1),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    non2xx,
    errors: result.errors + result.timeouts,
    seconds: round(seconds, 2),
  };
}
