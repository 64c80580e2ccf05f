import { catalogPattern, grantCategories, tierOf, type Authority, type Grant } from '../catalog.js';
import type { DemandFacts } from '../facts.js';
import type { FindingCode } from '../findings.js';
import type { LegalCategory } from '../vocabulary.js';
import { describeCategories, finding, type DraftFinding, type Rule } from './rule.js';

/**
 * Checks every requested category against what the instrument can compel (its `reach` in the catalog), then
 * against the two bars that hold whatever the instrument: no content to private parties (18 U.S.C. § 2702(a)),
 * and no content to foreign governments outside a § 2523 agreement. One finding per reason, listing the
 * categories it withholds.
 */
export const reachRule: Rule = {
  name: 'reach',
  check(f) {
    const a = f.authority;
    if (!a || f.blocked) return [];
    const byReason = new Map<FindingCode, LegalCategory[]>();
    for (const cat of f.requested) {
      const reason = refusal(f, a, cat);
      if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), cat]);
    }
    return [...byReason].map(([code, categories]) => explain(f, a, code, categories));
  },
};

/** Why the instrument does not reach a category, or null when it does. */
function refusal(f: DemandFacts, a: Authority, cat: LegalCategory): FindingCode | null {
  const tier = tierOf(f.catalog, cat);
  if (tier === 'content' && f.privateRequester) return 'content.no_private_party_disclosure';
  const grants = a.reach.filter((g) => grantCategories(f.catalog, g).has(cat));
  if (grants.length === 0) return a.beyond_reach.tiers[tier] ?? a.beyond_reach.default;
  if (!grants.some((g) => unmetCondition(f, g) === null)) return unmetCondition(f, grants[0]!);
  if (tier === 'content' && f.discloses && f.foreign && !a.agreement && a.requester === 'government') return a.foreign_content;
  return null;
}

function unmetCondition(f: DemandFacts, g: Grant): FindingCode | null {
  const req = g.requires;
  if (!req) return null;
  if (req.court && !f.judicial) return g.unmet;
  if (req.min_sentence_years !== null && !meetsOffenseThreshold(f, req.min_sentence_years, req.listed_offenses)) {
    return 'authority.offense_below_threshold';
  }
  return null;
}

function meetsOffenseThreshold(f: DemandFacts, years: number, listed: readonly string[]): boolean {
  const offense = f.demand.offense;
  if (!offense) return false;
  if (offense.max_sentence_years !== null && offense.max_sentence_years >= years) return true;
  return listed.some((p) => catalogPattern(p).test(offense.description));
}

function explain(f: DemandFacts, a: Authority, code: FindingCode, categories: LegalCategory[]): DraftFinding {
  const cats = describeCategories(categories);
  const tiers = [...new Set(categories.map((c) => tierOf(f.catalog, c)))];
  const tierCitations = tiers.flatMap((t) => f.catalog.tiers[t].citations);
  const grantCitations = a.reach.filter((g) => categories.some((c) => grantCategories(f.catalog, g).has(c))).flatMap((g) => g.citations);
  const base = { code, severity: 'blocker' as const, effect: 'narrow' as const, categories, withholds: true };
  switch (code) {
    case 'content.warrant_required':
      return finding({ ...base,
        message: `Content — ${cats} — can be compelled only by a search warrant issued on probable cause; a ${a.name} is not one. Publius requires a warrant for all content, public posts included. Withhold it; the requester may obtain a warrant.`,
        citations: f.catalog.tiers.content.citations });
    case 'records.location_warrant_required':
      return finding({ ...base,
        message: `Historical location data — ${cats} — needs a warrant; a ${a.name} is not one.`,
        citations: f.catalog.tiers.location.citations });
    case 'nsl.four_categories_only':
      return finding({ ...base,
        message: `A National Security Letter reaches only name, address, length of service and toll billing records — not IP logs, other transactional records or content. It cannot compel ${cats}.`,
        citations: [...a.reach.flatMap((g) => g.citations), ...a.citations] });
    case 'content.no_private_party_disclosure':
      return finding({ ...base,
        message: `A private party asks for content — ${cats}. The Stored Communications Act forbids a provider to divulge content to anyone but the account holder or a government with a warrant; there is no exception for civil discovery. The litigant may ask the account holder, who can produce their own posts.`,
        citations: f.catalog.doctrines.private_party_content.citations });
    case 'jurisdiction.conflicting_obligations': {
      const days = a.conflict?.days;
      return finding({ ...base,
        message: `The order asks for content — ${cats}. US law forbids a US provider to disclose content to a foreign government except under an executive agreement under the CLOUD Act, and there is none with the European Union. Do not produce it; send the issuing authority a reasoned objection on the ground of conflicting obligations${days ? ` within ${days} days` : ''}, after which its court reviews the order.`,
        citations: [...(a.conflict?.citations ?? []), ...f.catalog.doctrines.foreign_content.citations] });
    }
    case 'jurisdiction.foreign_mlat_required':
      return finding({ ...base,
        message: `A foreign authority asks for content — ${cats}. A US provider may not disclose content to a foreign government outside an executive agreement under the CLOUD Act, not even voluntarily; the channel is a mutual legal assistance request through the US Department of Justice.`,
        citations: f.catalog.doctrines.foreign_content.citations });
    case 'authority.offense_below_threshold': {
      const req = a.reach.find((g) => g.requires?.min_sentence_years && categories.some((c) => grantCategories(f.catalog, g).has(c)))?.requires;
      const offense = f.demand.offense;
      const stated = offense
        ? `the order states "${offense.description || 'an offence'}"${offense.max_sentence_years !== null ? ` with a maximum of ${offense.max_sentence_years} years` : ' without its maximum sentence'}`
        : 'the order states no offence';
      return finding({ ...base,
        message: `Under a ${a.name}, ${cats} may be ordered only for offences punishable by at least ${req?.min_sentence_years ?? '?'} years${req?.listed_offenses.length ? ' or for the offences the instrument lists' : ''}; ${stated}. Withhold them unless the requester shows a qualifying offence.`,
        citations: [...grantCitations, ...a.citations] });
    }
    case 'authority.issuer_not_authorized':
      return finding({ ...base,
        message: `Under a ${a.name}, ${cats} may be ordered only by a judge, a court or an investigating judge, or by another authority whose order one of them has validated. This order shows no such validation (issuer: ${f.demand.issuer.authority}).`,
        citations: [...grantCitations, ...a.issuers.citations] });
    default:
      return finding({ ...base,
        message: `A ${a.name} cannot compel ${cats}: ${tiers.map((t) => tierNeeds(t)).join('; ')}.`,
        citations: [...tierCitations, ...grantCitations, ...a.citations] });
  }
}

function tierNeeds(tier: string): string {
  switch (tier) {
    case 'subscriber': return 'this instrument does not reach even basic subscriber information';
    case 'other_records': return 'non-content records beyond basic subscriber information need a court order under 18 U.S.C. § 2703(d) or a warrant';
    case 'location': return 'location history needs a warrant';
    default: return 'content needs a warrant';
  }
}
