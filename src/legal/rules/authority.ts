import { catalogPattern, type Authority } from '../catalog.js';
import type { DemandFacts } from '../facts.js';
import { finding, listWords, type DraftFinding, type Rule } from './rule.js';

/** Which instrument the demand invokes; citations the catalog does not know; a basis that does not fit. */
export const basisRule: Rule = {
  name: 'basis',
  check(f) {
    const out: DraftFinding[] = [];
    const { authority, basis, demand } = f;
    if (authority) {
      const how = basis.primaryFrom === 'basis'
        ? `It cites ${listWords(demand.legal_basis.map((b) => `"${b}"`))}`
        : demand.legal_basis.length === 0
          ? `It cites no legal basis; it was assessed by its process type (${demand.process})`
          : `None of its citations names an instrument for a ${demand.process}; it was assessed by its process type`;
      out.push(finding({
        code: 'authority.recognized', severity: 'info', effect: 'none',
        message: `Assessed under: ${authority.name}. Jurisdiction: ${authority.jurisdiction}. ${how}.`,
        citations: authority.citations,
      }));
    }
    if (basis.unknown.length > 0) {
      out.push(finding({
        code: 'authority.unknown_basis',
        severity: authority ? 'warning' : 'blocker',
        effect: authority ? 'none' : 'clarify',
        message: authority
          ? `The catalog does not know ${listWords(basis.unknown.map((b) => `"${b}"`))}. A lawyer must read ${basis.unknown.length === 1 ? 'it' : 'them'} and confirm that nothing there narrows or changes this assessment.`
          : `The catalog knows no instrument for ${listWords(basis.unknown.map((b) => `"${b}"`))} or for a ${demand.process}. A lawyer must review the demand before anything is done.`,
        citations: basis.unknown,
      }));
    } else if (!authority) {
      out.push(finding({
        code: 'authority.unknown_basis', severity: 'blocker', effect: 'clarify',
        message: `The catalog has no instrument for a ${demand.process}${demand.legal_basis.length === 0 ? ', and the demand cites no legal basis' : ''}. A lawyer must review the demand before anything is done.`,
        citations: [],
      }));
    }
    if (basis.mismatched.length > 0) {
      out.push(finding({
        code: 'authority.process_mismatch', severity: 'warning', effect: 'clarify',
        message: `The document calls itself a ${demand.process}, but it cites ${listWords(basis.mismatched.map((a) => a.name))}, which authorises ${listWords(basis.mismatched.flatMap((a) => a.processes))}. Ask the requester which process this is before acting.`,
        citations: basis.mismatched.flatMap((a) => a.citations),
      }));
    }
    return out;
  },
};

/** Whether the issuer may issue the instrument at all: level, country, body, rank, and a court where needed. */
export const issuerRule: Rule = {
  name: 'issuer',
  check(f) {
    const a = f.authority;
    if (!a || f.blocked) return [];
    const reasons = issuerFaults(f, a);
    if (reasons.length === 0) return [];
    return [finding({
      code: 'authority.issuer_not_authorized', severity: 'blocker', effect: 'reject',
      message: `This ${a.name} was not issued by someone who may issue one: ${reasons.join('; ')}. As it stands it compels nothing; the requester may come back with process from an authorised issuer.`,
      citations: [...a.issuers.citations, ...a.citations],
      categories: f.requested, withholds: true,
    })];
  },
};

function issuerFaults(f: DemandFacts, a: Authority): string[] {
  const { issuer } = f.demand;
  const faults: string[] = [];
  if (!a.issuers.levels.includes(issuer.level)) {
    faults.push(`a ${issuer.level} issuer cannot issue it (only ${listWords(a.issuers.levels)})`);
  }
  if (!f.foreign && !a.countries.includes('*') && !a.countries.includes(issuer.country)) {
    faults.push(`it can only come from ${listWords(a.countries)}, not ${issuer.country}`);
  }
  const who = [issuer.authority, issuer.signed_by?.title, issuer.officer?.title, issuer.court?.name].filter(Boolean).join(' / ');
  if (a.issuers.bodies.length > 0 && !a.issuers.bodies.some((p) => catalogPattern(p).test(who))) {
    faults.push(`"${issuer.authority}" is not among the bodies that may issue it`);
  }
  const rank = issuer.signed_by?.title ?? issuer.officer?.title ?? '';
  if (a.issuers.signers.length > 0 && !a.issuers.signers.some((p) => catalogPattern(p).test(rank.trim()))) {
    faults.push(rank
      ? `it is signed by a "${rank}", below the lowest rank allowed to sign it`
      : 'it does not say who signed it, and only officials of a minimum rank may');
  }
  if (a.issuers.court === 'required' && !f.judicial) {
    faults.push('no court or judge issued or validated it, and it must be issued by one');
  }
  return faults;
}

/** Whether the stated purpose falls within the purposes the cited statute is limited to. */
export const purposeRule: Rule = {
  name: 'purpose',
  check(f) {
    const a = f.authority;
    if (!a?.purposes || f.blocked) return [];
    if (a.purposes.keywords.some((p) => catalogPattern(p).test(f.purposeText))) return [];
    const stated = f.purposeText ? `states its purpose as "${f.purposeText}"` : 'states no purpose at all';
    return [finding({
      code: 'authority.purpose_mismatch', severity: 'blocker', effect: 'challenge',
      message: `A ${a.name} may be used only for ${a.purposes.summary} (${a.purposes.citation}). This demand ${stated}; nothing in it relates to those purposes. Object in writing and do not produce.${a.enforcement ? ` ${a.enforcement}` : ''}`,
      citations: [a.purposes.citation, ...a.citations],
    })];
  },
};
