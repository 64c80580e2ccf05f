import { finding, type Rule } from './rule.js';

/**
 * Preservation (18 U.S.C. § 2703(f); e-Evidence Art. 11): keep what is held, for the instrument's period,
 * renewable as often as the catalog allows and no more. It discloses nothing and creates no duty to collect.
 */
export const preservationRule: Rule = {
  name: 'preservation',
  check(f) {
    const a = f.authority;
    const p = a?.preservation;
    if (!a || !p || f.blocked) return [];
    const sequence = f.demand.preservation?.sequence ?? 1;
    const held = f.requested.filter((c) => f.held.has(c));
    if (sequence === 1) {
      return [finding({
        code: 'preservation.hold', severity: 'info', effect: 'none',
        message: `Preserve the records held about the target${f.targets.length === 1 ? '' : 's'} for ${p.days} days from receipt. A preservation request discloses nothing and creates no duty to collect data Publius does not already keep; disclosure needs process of its own. ${p.renewals > 0 ? `It may be extended ${p.renewals === 1 ? 'once' : `${p.renewals} times`} by ${p.renewal_days} days.` : 'It cannot be extended.'}`,
        citations: [...p.citations, ...a.citations],
        categories: held, withholds: true,
      })];
    }
    if (sequence - 1 <= p.renewals) {
      const from = f.demand.preservation?.hold_expires;
      return [finding({
        code: 'preservation.renewal', severity: 'info', effect: 'none',
        message: `Renewal ${sequence - 1} of ${p.renewals}: keep the preserved records for another ${p.renewal_days} days, ${from ? `counted from the end of the current period (${from})` : 'counted from receipt because the demand does not give the end of the current period (enter preservation.hold_expires to count from it)'}.${sequence - 1 === p.renewals ? ' No further renewal is possible: to keep the records longer the requester needs process that compels disclosure.' : ''}`,
        citations: [...p.citations, ...a.citations],
        categories: held, withholds: true,
      })];
    }
    return [finding({
      code: 'preservation.no_further_renewal', severity: 'blocker', effect: 'reject',
      message: `This is preservation request number ${sequence}; the law allows the first period and ${p.renewals === 1 ? 'one renewal' : `${p.renewals} renewals`} (${p.days} + ${p.renewals} × ${p.renewal_days} days), no more. Decline it: keeping the records longer needs a warrant, a court order or another process that compels disclosure. The ordinary retention schedule applies again once the current period ends.`,
      citations: [...p.citations, ...a.citations],
      categories: f.requested, withholds: true,
    })];
  },
};
