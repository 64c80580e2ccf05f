/** One row of bench-results.json, and the table printed at the end of a run. */
import fs from 'node:fs';
import type { BackendName } from './args.js';

export interface BenchRecord {
  scenario: string;
  backend: BackendName;
  /** The scenario's size: followers, streams, posts in the database… (see `size_of`). */
  size: number;
  size_of?: string;
  ops_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** ops_per_s divided by the floor's ops_per_s measured in the same run and back end. */
  floor_ratio: number | null;
  delivery_ms?: number;
  stream_delivery_ms?: number;
  /** Anything else worth keeping: checks, error counts, targets. */
  notes?: Record<string, unknown>;
  ok: boolean;
}

export class Results {
  readonly records: BenchRecord[] = [];
  readonly failures: string[] = [];
  floor = new Map<BackendName, number>();

  /** Records of other back ends kept from an earlier run (--append). */
  private kept: BenchRecord[] = [];
  private keptMeta: unknown = null;

  constructor(private readonly file: string, private readonly meta: Record<string, unknown>) {}

  /** Keeps the records in `file` of back ends other than `running` (each back end measured in its own run). */
  keepOthers(running: BackendName[]): void {
    if (!fs.existsSync(this.file)) return;
    const old = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { results?: BenchRecord[] } & Record<string, unknown>;
    this.kept = (old.results ?? []).filter((r) => !running.includes(r.backend));
    const { results: _r, ...rest } = old;
    this.keptMeta = rest;
  }

  add(r: Omit<BenchRecord, 'floor_ratio'> & { floor_ratio?: number | null }): BenchRecord {
    const floor = this.floor.get(r.backend);
    const rec: BenchRecord = { ...r, floor_ratio: r.floor_ratio !== undefined ? r.floor_ratio : floor ? Math.round((r.ops_per_s / floor) * 1000) / 1000 : null };
    this.records.push(rec);
    if (!rec.ok) this.failures.push(`${rec.backend}/${rec.scenario}: ${JSON.stringify(rec.notes ?? {})}`);
    console.log(`  ${line(rec)}`);
    this.write();
    return rec;
  }

  fail(what: string): void {
    this.failures.push(what);
    console.error(`  FAILED: ${what}`);
    this.write();
  }

  write(): void {
    const earlier = this.kept.length ? { earlier_run: this.keptMeta } : {};
    fs.writeFileSync(this.file, JSON.stringify({ ...this.meta, finished_at: new Date().toISOString(), failures: this.failures, ...earlier, results: [...this.kept, ...this.records] }, null, 2) + '\n');
  }

  table(): string {
    const head = ['backend', 'scenario', 'size', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'floor×', 'delivery ms', 'stream ms', 'ok'];
    const rows = [...this.kept, ...this.records].map((r) => [
      r.backend, r.scenario, String(r.size), String(r.ops_per_s), String(r.p50_ms), String(r.p95_ms), String(r.p99_ms),
      r.floor_ratio === null ? '' : r.floor_ratio.toFixed(3),
      r.delivery_ms === undefined ? '' : String(r.delivery_ms),
      r.stream_delivery_ms === undefined ? '' : String(r.stream_delivery_ms),
      r.ok ? 'yes' : 'NO',
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fmt = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
  }
}

function line(r: BenchRecord): string {
  const extra = [
    r.delivery_ms !== undefined ? `delivery ${r.delivery_ms} ms` : '',
    r.stream_delivery_ms !== undefined ? `streams ${r.stream_delivery_ms} ms` : '',
    r.floor_ratio !== null ? `floor× ${r.floor_ratio}` : '',
  ].filter(Boolean).join(', ');
  return `${r.ok ? '✓' : '✗'} ${r.scenario} size=${r.size}: ${r.ops_per_s} ops/s, p50 ${r.p50_ms} / p95 ${r.p95_ms} / p99 ${r.p99_ms} ms${extra ? `, ${extra}` : ''}`;
}
