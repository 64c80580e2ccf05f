import { catalogPattern, type Authority, type Catalog } from './catalog.js';
import type { ProcessType } from './vocabulary.js';

/** Which catalogued instruments a demand's citations and process type point to. */
export interface BasisResolution {
  /** The instrument the demand is assessed under, or null when the catalog has none for it. */
  primary: Authority | null;
  /** Whether the primary instrument came from a cited basis or only from the process type. */
  primaryFrom: 'basis' | 'process' | null;
  /** Cited instruments that forbid notice (§ 2705(b), § 2709(c), …). */
  nondisclosure: Authority[];
  /** Cited demand instruments that do not authorise this kind of process. */
  mismatched: Authority[];
  /** Citations that match nothing in the catalog, as written on the document. */
  unknown: string[];
}

/**
 * Normalises a citation for matching: "§", "Section", "Sec." and full stops removed, "U.S.C." written "USC",
 * spaces collapsed. "18 U.S.C. § 2703(d)" becomes "18 USC 2703(d)".
 */
export function normalizeCitation(citation: string): string {
  return citation
    .replace(/§/g, ' ')
    .replace(/\b(sections?|secs?)\b/gi, ' ')
    .replace(/\./g, '')
    .replace(/\bU ?S ?CA?\b|\bU ?S Code\b/gi, 'USC')
    .replace(/\btitle (\d+),? (USC|united states code),?/gi, '$1 USC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The catalogued instruments a citation matches, in catalog order. */
export function authoritiesCitedBy(catalog: Catalog, citation: string): Authority[] {
  const text = normalizeCitation(citation);
  return catalog.authorities.filter((a) => a.match.some((p) => catalogPattern(p).test(text)));
}

/**
 * Resolves a demand's instrument: the first catalogued demand instrument that a citation matches and that
 * authorises this process; failing that, the catalog's default for the process type.
 */
export function resolveBasis(catalog: Catalog, legalBasis: readonly string[], process: ProcessType): BasisResolution {
  const cited = new Set<Authority>();
  const unknown: string[] = [];
  for (const citation of legalBasis) {
    const found = authoritiesCitedBy(catalog, citation);
    if (found.length === 0) unknown.push(citation);
    found.forEach((a) => cited.add(a));
  }
  const citedInOrder = catalog.authorities.filter((a) => cited.has(a));
  const demands = citedInOrder.filter((a) => a.role === 'demand');
  const fitting = demands.find((a) => a.processes.includes(process)) ?? null;
  const fallback = catalog.authorities.find((a) => a.role === 'demand' && a.default_for.includes(process)) ?? null;
  return {
    primary: fitting ?? fallback,
    primaryFrom: fitting ? 'basis' : fallback ? 'process' : null,
    nondisclosure: citedInOrder.filter((a) => a.role === 'nondisclosure'),
    mismatched: fitting ? [] : demands.filter((a) => !a.processes.includes(process)),
    unknown,
  };
}
