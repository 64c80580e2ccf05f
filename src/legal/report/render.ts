import { fileURLToPath } from 'node:url';
import { html, Html } from '../../http/web/_layout.js';
import type { AuthorityRow, BreakdownRow, TransparencyReport } from './transparency.js';

/**
 * The three published forms of one report. All three are made from the same computed object, so they cannot
 * disagree; the HTML page carries every number as text (tables), the charts only repeat them for the eye.
 */

/** The page's optional stylesheet, next to this file so it ships with the code that writes the markup it styles. */
export const REPORT_CSS_PATH = fileURLToPath(new URL('./report.css', import.meta.url));

export function toJson(report: TransparencyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------- CSV

type Cell = string | number | boolean | null;

/** Every figure of the report as (section, key, value), in a fixed order: the rows of the CSV. */
export function metricRows(report: TransparencyReport): [string, string, Cell][] {
  const rows: [string, string, Cell][] = [];
  const add = (section: string, values: object) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) rows.push([section, key, value as Cell]);
    }
  };
  const breakdown = (section: string, list: BreakdownRow[], fields: (keyof BreakdownRow)[]) => {
    for (const r of list) for (const f of fields) rows.push([section, `${r.key}.${f}`, r[f]]);
  };
  const authorities = (section: string, list: AuthorityRow[]) => {
    for (const r of list) rows.push([section, `${r.country}/${r.authority}`, r.requests]);
  };

  add('report', {
    format: report.format, period: report.period, starts_at: report.starts_at, ends_at: report.ends_at,
    complete: report.complete, generated_at: report.generated_at, instance: report.instance,
  });
  const { outcomes, by_country, by_process, by_authority, ...information } = report.information;
  add('information', information);
  add('information.outcomes', outcomes);
  breakdown('information.by_country', by_country, ['requests', 'accounts', 'some_data_produced']);
  breakdown('information.by_process', by_process, ['requests', 'accounts', 'some_data_produced']);
  authorities('information.by_authority', by_authority);
  add('emergency', report.emergency);
  const { by_country: preservationByCountry, ...preservation } = report.preservation;
  add('preservation', preservation);
  breakdown('preservation.by_country', preservationByCountry, ['requests', 'accounts']);
  add('notices', report.notices);
  add('challenges', report.challenges);
  add('withdrawn', { demands: report.withdrawn });
  add('moderation', { reports_received: report.moderation.reports_received, appeals_filed: report.moderation.appeals_filed, appeals_upheld: report.moderation.appeals_upheld, appeals_reversed: report.moderation.appeals_reversed });
  add('moderation.actions', report.moderation.actions);
  const r = report.removals;
  add('removals', { demands: r.demands, items: r.items });
  add('removals.demands_by_outcome', r.demands_by_outcome);
  add('removals.items_by_outcome', r.items_by_outcome);
  for (const w of r.withheld_in) rows.push(['removals.withheld_in', w.key, w.items]);
  for (const c of r.by_country) {
    for (const f of ['demands', 'removed', 'withheld_in_country', 'rejected', 'withdrawn', 'open'] as const) rows.push(['removals.by_country', `${c.key}.${f}`, c[f]]);
  }
  authorities('removals.by_authority', r.by_authority);
  add('national_security', report.national_security);
  add('malformed', { demands: report.malformed });
  add('definitions', report.definitions);
  return rows;
}

/**
 * One field per RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. A text field that a
 * spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe: authority names come from
 * documents anyone can send, and a CSV opened in a spreadsheet must not execute them.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(report: TransparencyReport): string {
  const lines = [['period', 'section', 'key', 'value'], ...metricRows(report).map(([s, k, v]) => [report.period, s, k, v])];
  // CRLF after every record, the last one included (RFC 4180 § 2).
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// --------------------------------------------------------------------------------------------------- HTML

interface Bar {
  label: string;
  value: number;
}

/** Colours with at least 4.5:1 contrast against white, told apart by their labels too (never by colour alone). */
const PALETTE = ['#1f4e9c', '#8a3b12', '#2f6b2f', '#6a2c8a', '#7a5b00', '#005f73', '#9b2242'];

const CHART_WIDTH = 640;
const LABEL_WIDTH = 190;
const BAR_SPACE = 380;
const ROW_HEIGHT = 28;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A horizontal bar chart drawn on the server as SVG, at a fixed size so that it stays readable on a page with no
 * stylesheet (a saved copy); report.css lets it shrink on narrow screens. Only presentation attributes (x, y, width, fill), no style
 * attribute or element, so it renders under `style-src 'self'`; labels are escaped like every other text.
 */
function barChart(id: string, title: string, bars: Bar[], multicolour = false): Html {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW_HEIGHT + 8;
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW_HEIGHT;
    const width = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * BAR_SPACE));
    const fill = multicolour ? PALETTE[i % PALETTE.length] : PALETTE[0];
    return html`<g><text x="${LABEL_WIDTH - 8}" y="${y + 17}" text-anchor="end" font-size="13" fill="currentColor">${clip(b.label, 28)}</text><rect x="${LABEL_WIDTH}" y="${y + 4}" width="${width}" height="${ROW_HEIGHT - 8}" fill="${fill}"></rect><text x="${LABEL_WIDTH + width + 6}" y="${y + 17}" font-size="13" fill="currentColor">${b.value}</text></g>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title" font-family="system-ui, sans-serif"><title id="${id}-title">${title} (bar chart; the table below gives the same figures)</title>${rows}</svg>`;
}

/** `caption` null inside a figure: the figcaption already names the table, and would be read twice. */
function table(caption: string | null, head: string[], body: (string | number)[][]): Html {
  return html`<table>${caption === null ? null : html`<caption>${caption}</caption>`}<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${body.map((row) => html`<tr>${row.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>`)}</tbody></table>`;
}

/** A chart with its figures as a table: the table is the chart's text alternative, and what a printout keeps. */
function chartFigure(id: string, caption: string, bars: Bar[], head: string[], body: (string | number)[][], multicolour = false): Html {
  if (bars.length === 0) {
    return html`<figure id="${id}"><figcaption>${caption}</figcaption><p>None in this half-year.</p></figure>`;
  }
  return html`<figure id="${id}"><figcaption>${caption}</figcaption>${barChart(id, caption, bars, multicolour)}${table(null, head, body)}</figure>`;
}

function figures(items: [string, string | number][]): Html {
  return html`<dl class="figures">${items.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
}

const PROCESS_NAMES: Record<string, string> = {
  administrative_subpoena: 'Administrative subpoena', administrative_summons: 'Administrative summons',
  grand_jury_subpoena: 'Grand jury subpoena', trial_subpoena: 'Trial subpoena', civil_subpoena: 'Civil subpoena',
  court_order_2703d: 'Court order (18 U.S.C. § 2703(d))', search_warrant: 'Search warrant', pen_register_order: 'Pen register order',
  wiretap_order: 'Wiretap order', emergency_request: 'Emergency request', preservation_request: 'Preservation request',
  foreign_request: 'Foreign request', mlat_request: 'MLAT request', cloud_act_order: 'CLOUD Act order',
  eu_production_order: 'European Production Order', eu_preservation_order: 'European Preservation Order',
  removal_court_order: 'Removal court order', removal_government_request: 'Government removal request',
  copyright_notice: 'Copyright notice', gdpr_request: 'GDPR request',
};

function processName(key: string): string {
  return PROCESS_NAMES[key] ?? key.replace(/_/g, ' ');
}

function label(key: string): string {
  return key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export interface HtmlOptions {
  /** A stylesheet from the same origin (the page reads well without one, as a saved file does). */
  stylesheet?: string;
  /** Where the list of all reports is, and where this report's other forms are. */
  indexHref?: string;
  jsonHref?: string;
  csvHref?: string;
}

export function toHtml(report: TransparencyReport, options: HtmlOptions = {}): string {
  const i = report.information;
  const pct = i.percentage_some_data_produced === null ? 'none decided yet' : `${i.percentage_some_data_produced}%`;
  const title = `Transparency report, ${report.period_label}`;
  const downloads = [
    options.jsonHref ? html`<a href="${options.jsonHref}" type="application/json">JSON</a>` : null,
    options.csvHref ? html`<a href="${options.csvHref}" type="text/csv">CSV</a>` : null,
  ].filter((x): x is Html => x !== null);
  const r = report.removals;

  const body = html`${options.indexHref ? html`<header><p><a href="${options.indexHref}">All transparency reports</a></p></header>` : null}
<main>
<h1>${title}</h1>
<p>${report.instance ? html`<strong>${report.instance}</strong>. ` : null}Demands received from ${report.starts_at.slice(0, 10)} up to (not including) ${report.ends_at.slice(0, 10)}, UTC. Computed from the legal desk's records on ${report.generated_at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}${report.complete ? '.' : html` — <strong>the half-year is not over: these figures can still change.</strong>`}</p>
${downloads.length ? html`<p>The same figures as data: ${downloads.map((d, n) => html`${n ? ', ' : ''}${d}`)}.</p>` : null}
<nav aria-label="Sections of the report"><ul>
<li><a href="#information">Information requests</a></li><li><a href="#emergency">Emergency requests</a></li>
<li><a href="#preservation">Preservation requests</a></li><li><a href="#notices">Notices to users</a></li>
<li><a href="#challenges">Challenges and withdrawals</a></li><li><a href="#removals">Removal demands</a></li>
<li><a href="#national-security">National security</a></li><li><a href="#moderation">Moderation</a></li><li><a href="#malformed">Malformed demands</a></li>
<li><a href="#definitions">How the figures are counted</a></li></ul></nav>
<section aria-labelledby="information"><h2 id="information">Information requests</h2>
${figures([
  ['Requests', i.requests], ['Accounts specified', i.accounts_specified], ['With a non-disclosure order or request', i.with_nondisclosure],
  ['Decided', i.decided], ['Some data produced', i.some_data_produced], ['Percentage where some data was produced', pct],
])}
${chartFigure('by-country', 'Information requests by country', i.by_country.map((c) => ({ label: c.key, value: c.requests })),
  ['Country', 'Requests', 'Accounts specified', 'Some data produced'], i.by_country.map((c) => [c.key, c.requests, c.accounts, c.some_data_produced]))}
${chartFigure('by-process', 'Information requests by type of process', i.by_process.map((c) => ({ label: processName(c.key), value: c.requests })),
  ['Process', 'Requests', 'Accounts specified', 'Some data produced'], i.by_process.map((c) => [processName(c.key), c.requests, c.accounts, c.some_data_produced]))}
${chartFigure('information-outcomes', 'Outcomes of information requests', Object.entries(i.outcomes).filter(([k, v]) => v > 0 || k !== 'other').map(([k, v]) => ({ label: label(k), value: v })),
  ['Outcome', 'Requests'], Object.entries(i.outcomes).filter(([k, v]) => v > 0 || k !== 'other').map(([k, v]) => [label(k), v]), true)}
${i.by_authority.length ? table('Information requests by requesting authority', ['Authority', 'Country', 'Requests'], i.by_authority.map((a) => [a.authority, a.country, a.requests])) : null}
</section>
<section aria-labelledby="emergency"><h2 id="emergency">Emergency requests</h2>
<p>Requests claiming a danger of death or serious physical injury. They are also counted among the information requests above.</p>
${figures([['Requests', report.emergency.requests], ['Accounts specified', report.emergency.accounts_specified], ['Decided', report.emergency.decided], ['Some data disclosed', report.emergency.disclosed]])}
</section>
<section aria-labelledby="preservation"><h2 id="preservation">Preservation requests</h2>
${figures([['Requests', report.preservation.requests], ['Accounts specified', report.preservation.accounts_specified], ['Holds placed', report.preservation.holds_placed], ['Hold renewals', report.preservation.hold_renewals]])}
${report.preservation.by_country.length ? table('Preservation requests by country', ['Country', 'Requests', 'Accounts specified'], report.preservation.by_country.map((c) => [c.key, c.requests, c.accounts])) : null}
</section>
<section aria-labelledby="notices"><h2 id="notices">Notices to users</h2>
${figures([['Delivered in this half-year', report.notices.delivered], ['Delayed', report.notices.delayed], ['Delayed: scheduled for a later date', report.notices.delayed_scheduled], ['Delayed: withheld under an order', report.notices.delayed_withheld], ['Cancelled', report.notices.cancelled]])}
</section>
<section aria-labelledby="challenges"><h2 id="challenges">Challenges and withdrawals</h2>
${figures([['Demands challenged or taken to court', report.challenges.challenged], ['… then withdrawn', report.challenges.withdrawn], ['… some data produced in the end', report.challenges.some_data_produced], ['… nothing produced or rejected', report.challenges.nothing_produced_or_rejected], ['… still open', report.challenges.open], ['Demands withdrawn by the requester (all)', report.withdrawn]])}
</section>
<section aria-labelledby="removals"><h2 id="removals">Removal demands</h2>
${figures([['Demands', r.demands], ['Items named', r.items], ['Items removed', r.items_by_outcome.remove], ['Items withheld in some countries', r.items_by_outcome.withhold_in_country], ['Items kept up', r.items_by_outcome.reject]])}
${chartFigure('removal-outcomes', 'Outcomes of removal demands', Object.entries(r.demands_by_outcome).filter(([k, v]) => v > 0 || k !== 'other').map(([k, v]) => ({ label: label(k), value: v })),
  ['Outcome', 'Demands'], Object.entries(r.demands_by_outcome).filter(([k, v]) => v > 0 || k !== 'other').map(([k, v]) => [label(k), v]), true)}
${chartFigure('removals-by-country', 'Removal demands by country', r.by_country.map((c) => ({ label: c.key, value: c.demands })),
  ['Country', 'Demands', 'Removed', 'Withheld in country', 'Rejected', 'Withdrawn', 'Open'], r.by_country.map((c) => [c.key, c.demands, c.removed, c.withheld_in_country, c.rejected, c.withdrawn, c.open]))}
${r.withheld_in.length ? table('Countries where items were withheld', ['Country', 'Items'], r.withheld_in.map((w) => [w.key, w.items])) : null}
${r.by_authority.length ? table('Removal demands by requesting authority', ['Authority', 'Country', 'Demands'], r.by_authority.map((a) => [a.authority, a.country, a.requests])) : null}
</section>
<section aria-labelledby="national-security"><h2 id="national-security">National security</h2>
<p>National Security Letters and FISA orders may be reported only in bands (50 U.S.C. § 1874). They are counted nowhere else in this report.</p>
${figures([['National security requests', report.national_security.requests], ['Accounts specified', report.national_security.accounts]])}
</section>
<section aria-labelledby="moderation"><h2 id="moderation">Moderation</h2>
<p>Actions by this instance's moderators under its own rules, not legal demands.</p>
${figures([['Reports received', report.moderation.reports_received], ['Appeals filed', report.moderation.appeals_filed], ['Appeals upheld', report.moderation.appeals_upheld], ['Appeals granted (action reversed)', report.moderation.appeals_reversed]])}
${chartFigure('moderation-actions', 'Moderation actions by kind', Object.entries(report.moderation.actions).map(([k, v]) => ({ label: label(k), value: v })),
  ['Action', 'Count'], Object.entries(report.moderation.actions).map(([k, v]) => [label(k), v]), true)}
</section>
<section aria-labelledby="malformed"><h2 id="malformed">Malformed demands</h2>
${figures([['Demands that were not well-formed', report.malformed]])}
</section>
<section aria-labelledby="definitions"><h2 id="definitions">How the figures are counted</h2>
<dl>${Object.entries(report.definitions).map(([k, v]) => html`<dt>${label(k)}</dt><dd>${v}</dd>`)}</dl>
</section>
</main>`;

  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}${report.instance ? ` · ${report.instance}` : ''}</title>
${options.stylesheet ? html`<link rel="stylesheet" href="${options.stylesheet}">` : null}
</head>
<body>${body}</body></html>`}\n`;
}

/** The list of published half-years, as a standalone page like the reports. */
export function indexHtml(instance: string, periods: { id: string; label: string; complete: boolean }[], options: { stylesheet?: string } = {}): string {
  const title = 'Transparency reports';
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}${instance ? ` · ${instance}` : ''}</title>
${options.stylesheet ? html`<link rel="stylesheet" href="${options.stylesheet}">` : null}
</head>
<body><main><h1>${title}</h1>
<p>${instance ? html`<strong>${instance}</strong> publishes` : 'Published'} what authorities and others demanded, half-year by half-year, computed from the legal desk's records.</p>
<ul>${periods.map((p) => html`<li><a href="/transparency/${p.id}.html">${p.label}</a>${p.complete ? '' : ' (in progress)'} — <a href="/transparency/${p.id}.json" type="application/json">JSON</a>, <a href="/transparency/${p.id}.csv" type="text/csv">CSV</a></li>`)}</ul>
</main></body></html>`}\n`;
}
