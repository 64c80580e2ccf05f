import { Html, html } from '../http/web/_layout.js';

/**
 * Charts drawn on the server as SVG, readable with no script and under a CSP without inline styles: only
 * presentation attributes and the .chart-* classes of public/publius.css (the attributes are there too so a
 * saved page with no stylesheet still draws a line rather than a black shape). Each chart has a <title> and a
 * <desc> summing it up, and sits in a figure with a table of the same figures: the table is its text alternative.
 */

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 56;
const RIGHT = 16;
const TOP = 14;
const BOTTOM = 34;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

export interface LinePoint { at: Date; value: number }

export interface LineSeries {
  /** What is drawn, in time order. */
  points: LinePoint[];
  /** What the table lists, when not every drawn point (carried values) should be a row; `daily` rows say so. */
  table?: { at: Date; value: number; daily?: boolean }[];
}

export interface ChartOptions {
  title: string;
  /** What the numbers count ("Followers"): the y axis and the table's column. */
  yLabel: string;
  /** Unique on the page; ids of <title>/<desc> derive from it. */
  id?: string;
  /** Shown instead of a chart when there is nothing to draw. */
  empty?: string;
  /**
   * The time axis (line charts): the whole window asked for, so that a history shorter than the window is drawn
   * as short as it is rather than stretched; defaults to the first and last points.
   */
  from?: Date;
  to?: Date;
}

/** 38k, 158k, 1.2M: axis labels that read at a glance. Tables give the exact figure. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  const trim = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1).replace(/\.0$/, ''));
  if (abs >= 1_000_000) return `${trim(Math.round(n / 100_000) / 10)}M`;
  if (abs >= 1_000) return `${trim(Math.round(n / 100) / 10)}k`;
  return String(Math.round(n));
}

/** 158,000: exact, grouped, the same whatever the server's locale. */
export function fullNumber(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function signed(n: number): string {
  return n > 0 ? `+${fullNumber(n)}` : n < 0 ? `−${fullNumber(-n)}` : '0';
}

/** 'Mar 3' in UTC, the zone samples are bucketed in. */
function shortDate(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** 'YYYY-MM-DD HH:00 UTC' (or the date alone for a daily row). */
function when(d: Date, daily = false): string {
  const iso = d.toISOString();
  return daily ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Round numbers for the y axis: 0 up to a 1/2/5 × 10ⁿ step covering `max`, about `count` steps. */
export function niceTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) { ticks.push(v); if (v >= max) break; }
  return ticks;
}

function slug(text: string): string {
  return 'chart-' + text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The biggest rise between two consecutive drawn points, for the description. */
function steepestRise(points: LinePoint[]): { from: LinePoint; to: LinePoint } | null {
  let best: { from: LinePoint; to: LinePoint } | null = null;
  for (let i = 1; i < points.length; i++) {
    const rise = points[i].value - points[i - 1].value;
    if (rise > 0 && (!best || rise > best.to.value - best.from.value)) best = { from: points[i - 1], to: points[i] };
  }
  return best;
}

/**
 * A line over time. The y axis starts at zero (a count's growth is read against nothing, not against its own
 * minimum) and the x axis is proportional to time, so a rise within one day of a thirty-day window is drawn
 * nearly vertical — as steep as it was.
 */
export function lineChart(series: LineSeries, opts: ChartOptions): Html {
  const id = opts.id ?? slug(opts.title);
  const points = series.points;
  const rows: { at: Date; value: number; daily?: boolean }[] = series.table ?? points;
  const table = html`<table><thead><tr><th scope="col">When</th><th scope="col" class="num">${opts.yLabel}</th><th scope="col" class="num">Change</th></tr></thead><tbody>${rows.map((r, i) => html`<tr><th scope="row">${when(r.at, r.daily)}${r.daily ? ' (end of day)' : ''}</th><td class="num">${fullNumber(r.value)}</td><td class="num">${i === 0 ? '' : signed(r.value - rows[i - 1].value)}</td></tr>`)}</tbody></table>`;
  if (points.length < 2) {
    return html`<figure id="${id}"><figcaption>${opts.title}</figcaption><p>${opts.empty ?? 'Not enough data yet to draw a chart.'}</p>${rows.length ? table : null}</figure>`;
  }
  const t0 = Math.min(opts.from?.getTime() ?? Infinity, points[0].at.getTime());
  const t1 = Math.max(opts.to?.getTime() ?? -Infinity, points.at(-1)!.at.getTime(), t0 + 1);
  const ticks = niceTicks(Math.max(...points.map((p) => p.value)));
  const yMax = ticks.at(-1)!;
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = (d: Date) => r1(LEFT + ((d.getTime() - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => r1(TOP + plotH - (v / yMax) * plotH);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at)} ${y(p.value)}`).join(' ');

  const yAxis = ticks.map((v) => html`<line class="chart-axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v)}" y2="${y(v)}" stroke="#999" stroke-opacity="${v === 0 ? 1 : 0.35}"></line><text class="chart-label" x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end" font-size="12" fill="#555">${compactNumber(v)}</text>`);
  // Day ticks at UTC midnights, thinned to at most six labels whatever the window.
  const days = Math.max(1, Math.ceil((t1 - t0) / DAY_MS));
  const every = Math.max(1, Math.ceil(days / 6));
  const xTicks: Date[] = [];
  for (let d = Math.ceil(t0 / DAY_MS) * DAY_MS; d <= t1; d += every * DAY_MS) xTicks.push(new Date(d));
  const xAxis = xTicks.map((d) => html`<line class="chart-axis" x1="${x(d)}" x2="${x(d)}" y1="${TOP + plotH}" y2="${TOP + plotH + 5}" stroke="#999"></line><text class="chart-label" x="${x(d)}" y="${TOP + plotH + 18}" text-anchor="middle" font-size="12" fill="#555">${shortDate(d)}</text>`);

  const first = points[0];
  const last = points.at(-1)!;
  const rise = steepestRise(points);
  const hours = rise ? Math.max(1, Math.round((rise.to.at.getTime() - rise.from.at.getTime()) / 3_600_000)) : 0;
  const desc = `${opts.yLabel} from ${fullNumber(first.value)} on ${when(first.at)} to ${fullNumber(last.value)} on ${when(last.at)}.`
    + (rise ? ` Largest rise: ${signed(rise.to.value - rise.from.value)} in ${hours === 1 ? 'one hour' : `${hours} hours`}, to ${fullNumber(rise.to.value)} by ${when(rise.to.at)}.` : '');

  const svg = html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif"><title id="${id}-title">${opts.title} (line chart; the table below gives the figures)</title><desc id="${id}-desc">${desc}</desc>${yAxis}${xAxis}<text class="chart-label" x="${LEFT}" y="${TOP - 2}" font-size="12" fill="#555">${opts.yLabel}</text><path class="chart-line" d="${path}" fill="none" stroke="#2a6fb0" stroke-width="2.5" stroke-linejoin="round"></path></svg>`;
  return html`<figure id="${id}">${svg}<figcaption>${opts.title}. ${desc}</figcaption>${table}</figure>`;
}

export interface Bar {
  label: string;
  value: number;
  /** Extra columns for the table (after label and value), e.g. a breakdown of the value. */
  cells?: (string | number)[];
}

/**
 * Horizontal bars, one per row, labelled on the left and valued on the right: long labels (post excerpts) stay
 * readable, which vertical bars would not allow.
 */
export function barChart(bars: Bar[], opts: ChartOptions & { columns?: string[] }): Html {
  const id = opts.id ?? slug(opts.title);
  const head = ['', opts.yLabel, ...(opts.columns ?? [])];
  const table = html`<table><thead><tr>${head.map((h, i) => html`<th scope="col"${i > 0 ? new Html(' class="num"') : ''}>${h}</th>`)}</tr></thead><tbody>${bars.map((b) => html`<tr><th scope="row">${b.label}</th><td class="num">${fullNumber(b.value)}</td>${(b.cells ?? []).map((c) => html`<td class="num">${typeof c === 'number' ? fullNumber(c) : c}</td>`)}</tr>`)}</tbody></table>`;
  if (bars.length === 0) return html`<figure id="${id}"><figcaption>${opts.title}</figcaption><p>${opts.empty ?? 'Nothing to show yet.'}</p></figure>`;
  const labelW = 220;
  const rowH = 26;
  const space = WIDTH - labelW - 70;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * rowH + 8;
  const rows = bars.map((b, i) => {
    const top = 4 + i * rowH;
    const w = b.value === 0 ? 0 : Math.max(2, r1((b.value / max) * space));
    const label = b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label;
    return html`<text class="chart-label" x="${labelW - 8}" y="${top + 17}" text-anchor="end" font-size="12" fill="#555">${label}</text><rect class="chart-bar" x="${labelW}" y="${top + 4}" width="${w}" height="${rowH - 8}" fill="#2a6fb0"></rect><text class="chart-label" x="${labelW + w + 6}" y="${top + 17}" font-size="12" fill="#555">${compactNumber(b.value)}</text>`;
  });
  const top = bars.reduce((a, b) => (b.value > a.value ? b : a), bars[0]);
  const desc = `${bars.length} ${bars.length === 1 ? 'bar' : 'bars'}; highest: ${fullNumber(top.value)} (${top.label}).`;
  const svg = html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif"><title id="${id}-title">${opts.title} (bar chart; the table below gives the figures)</title><desc id="${id}-desc">${desc}</desc>${rows}</svg>`;
  return html`<figure id="${id}">${svg}<figcaption>${opts.title}</figcaption>${table}</figure>`;
}
