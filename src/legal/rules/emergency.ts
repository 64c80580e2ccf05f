import { catalogPattern } from '../catalog.js';
import { finding, type DraftFinding, type Rule } from './rule.js';

/**
 * Emergency disclosure (18 U.S.C. § 2702(b)(8), (c)(4)) is voluntary and rests on the provider's good-faith
 * belief in a danger of death or serious physical injury. The desk checks that the facts for that belief are
 * stated, that the requester was verified independently, and limits disclosure to what relates to the danger.
 */
export const emergencyRule: Rule = {
  name: 'emergency',
  check(f) {
    const rule = f.authority?.emergency;
    if (!rule || f.blocked) return [];
    const out: DraftFinding[] = [];
    const e = f.demand.emergency;
    const missing = !e ? ['the danger', 'who is at risk', 'why the records are needed without delay']
      : [
        e.danger.trim() ? null : 'the danger',
        e.persons_at_risk.trim() ? null : 'who is at risk',
        e.why_needed.trim() ? null : 'why the records are needed without delay',
      ].filter((x): x is string => x !== null);
    const grave = !!e && rule.keywords.some((p) => catalogPattern(p).test(`${e.danger} ${e.why_needed}`));
    if (missing.length > 0 || !grave) {
      const gaps = [
        ...(missing.length > 0 ? [`it does not say ${missing.join(', ')}`] : []),
        ...(!grave ? ['what it describes is not a danger of death or serious physical injury'] : []),
      ];
      out.push(finding({
        code: 'emergency.insufficient_detail', severity: 'blocker', effect: 'clarify',
        message: `The request claims an emergency, but ${gaps.join(', and ')}. Emergency disclosure is allowed only when the provider believes in good faith that such a danger requires disclosure without delay. Ask for the facts (or for ordinary legal process) before disclosing anything.`,
        citations: rule.citations,
      }));
    } else {
      out.push(finding({
        code: 'emergency.criteria_met', severity: 'warning', effect: 'narrow',
        message: `The request describes a danger of death or serious physical injury ("${e.danger.trim()}"; at risk: ${e.persons_at_risk.trim()}). Disclosure is voluntary and limited to what relates to that danger: choose the records that help avert it, from the shortest useful period, and ask the requester to follow up with legal process.`,
        citations: rule.citations,
      }));
    }
    if (!f.demand.issuer.verified) {
      out.push(finding({
        code: 'emergency.verify_requester', severity: 'blocker', effect: 'clarify',
        message: `The requester has not been verified. Forged emergency requests sent from compromised police mailboxes are a known way to unmask people: call the agency back on a number found independently (not one given in the request) and confirm the officer and the request before disclosing anything.`,
        citations: rule.citations,
      }));
    }
    return out;
  },
};
