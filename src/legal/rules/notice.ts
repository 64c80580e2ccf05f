import { addDays, isoDate as isoDay } from '../../clock.js';
import { authoritiesCitedBy } from '../basis.js';
import { parseInstant } from '../instant.js';
import type { NoticeDecision } from '../assessment.js';
import type { Authority } from '../catalog.js';
import type { DemandFacts } from '../facts.js';
import { finding, type DraftFinding } from './rule.js';

/** The notice decision, the findings that explain it, and the dates it depends on. */
export interface NoticeOutcome {
  notice: NoticeDecision;
  findings: DraftFinding[];
  /** When the non-disclosure requirement ends, as stated on the demand. */
  orderExpires: string | null;
  /** When the account holder must be told. */
  noticeDue: string | null;
}

/**
 * Publius tells the account holder about every demand unless an order or statute forbids it, and only for as
 * long as it does. The SCA itself forbids nothing: only a court order under § 2705(b) (or a certified NSL
 * requirement under § 2709(c)) does. A letter that asks for secrecy is not an order.
 */
export function decideNotice(f: DemandFacts): NoticeOutcome {
  const a = f.authority;
  if (a?.data_subject_right) {
    return now(f, [], 'The requester is the account holder; the answer goes to them.');
  }
  if (f.targets.every((t) => !t.exists)) {
    return {
      notice: { action: 'withhold', date: null, reason: 'No account named in the demand exists here: there is no one to notify.' },
      findings: [], orderExpires: f.demand.nondisclosure?.until ?? null, noticeDue: null,
    };
  }
  const nd = f.demand.nondisclosure;
  const extra: DraftFinding[] = [];
  if (nd?.type === 'request') {
    extra.push(finding({
      code: 'notice.request_is_not_order', severity: 'warning', effect: 'none',
      message: 'The requester asks Publius to keep the demand secret, but no court order or statute imposes secrecy: a request is not an order. The Stored Communications Act does not itself forbid telling the user; only a court order under § 2705(b) does. Publius tells the account holder.',
      citations: ['18 U.S.C. § 2705(b)'],
    }));
  } else if (nd && !a?.notice?.issuer_informs) {
    return underRequirement(f, nd.type, nd.basis, nd.until);
  }
  if (a?.notice?.issuer_informs) {
    return {
      notice: { action: 'withhold', date: null, reason: 'Under this instrument the issuing authority informs the person whose data is sought, and the provider keeps the order confidential.' },
      findings: [...extra, finding({
        code: 'notice.issuer_informs_user', severity: 'info', effect: 'none',
        message: 'Under this instrument the issuing authority informs the person whose data is sought (it may delay that under its national law), and the provider must keep the order confidential. Publius does not notify the account holder itself unless a lawyer confirms it may.',
        citations: a.notice.citations,
      })],
      orderExpires: null, noticeDue: null,
    };
  }
  if (a?.emergency) {
    const date = isoDay(addDays(f.receivedAt, a.emergency.notice_delay_days));
    return {
      notice: { action: 'notify_after', date, reason: `Emergency disclosure: the account holder is told once the danger has passed, at the latest on ${date} unless a court orders otherwise.` },
      findings: [...extra, finding({
        code: 'notice.delayed_for_emergency', severity: 'info', effect: 'none',
        message: `Telling the account holder at once could defeat the purpose of an emergency disclosure. Notify once the danger has passed, and no later than ${date} (${a.emergency.notice_delay_days} days after receipt) unless a court order says otherwise.`,
        citations: a.emergency.citations,
      })],
      orderExpires: null, noticeDue: date,
    };
  }
  return now(f, extra, nd?.type === 'request'
    ? 'Secrecy was requested, not ordered: tell the account holder, so they can object before anything is produced.'
    : 'No order forbids it: tell the account holder, so they can object before anything is produced.');
}

function now(f: DemandFacts, extra: DraftFinding[], reason: string): NoticeOutcome {
  const findings = [...extra];
  if (!f.authority?.data_subject_right) {
    findings.push(finding({
      code: 'notice.notify_user', severity: 'info', effect: 'none',
      message: `${reason} Give them the demand's reference, the requester and what is asked, and time to seek legal help.`,
      citations: ['18 U.S.C. § 2705(b)'],
    }));
  }
  return { notice: { action: 'notify_now', date: null, reason }, findings, orderExpires: null, noticeDue: isoDay(f.asOf) };
}

function underRequirement(f: DemandFacts, type: 'court_order' | 'statutory', basis: string | null, until: string | null): NoticeOutcome {
  const instrument = nondisclosureInstrument(f, type);
  if (!instrument?.nondisclosure || (instrument.nondisclosure.requires_court && !f.judicial)) {
    const what = type === 'court_order' ? 'a court order' : 'a statute';
    return {
      notice: { action: 'withhold', date: null, reason: `Secrecy is claimed under ${what} the desk cannot confirm; notice waits for a lawyer's review.` },
      findings: [finding({
        code: 'notice.order_unverified', severity: 'warning', effect: 'none',
        message: `The demand claims ${what} forbids telling the account holder${basis ? ` ("${basis}")` : ''}, but ${instrument ? 'no court issued it' : 'the catalog knows no such requirement for this process'}. Do not notify until a lawyer has read the order or statute: telling the user in breach of a real order is contempt, and obeying one that does not exist keeps the user in the dark for nothing. Ask the requester for a copy.`,
        citations: basis ? [basis] : [],
      })],
      orderExpires: until, noticeDue: null,
    };
  }
  const rule = instrument.nondisclosure;
  if (until === null) return unbounded(f, instrument, rule);
  const ends = parseInstant(until);
  if (f.asOf.getTime() >= ends.getTime()) {
    const outcome = now(f, [finding({
      code: 'notice.order_expired', severity: 'warning', effect: 'none',
      message: `The non-disclosure requirement ran until ${until} and has expired (as of ${isoDay(f.asOf)}). Tell the account holder now.`,
      citations: rule.citations.length ? rule.citations : instrument.citations,
    })], `The non-disclosure requirement expired on ${until}.`);
    return { ...outcome, orderExpires: until };
  }
  const findings = [finding({
    code: 'notice.delayed_until_order_expires', severity: 'info', effect: 'none',
    message: `The ${lowerFirst(instrument.name)} forbids telling the account holder until ${until}. Do not notify before then; notify on that date unless the court extends the order (diarise it).`,
    citations: instrument.citations,
  })];
  const days = (ends.getTime() - f.receivedAt.getTime()) / 86_400_000;
  if (rule.policy_max_days && days > rule.policy_max_days) {
    findings.push(finding({
      code: 'notice.order_exceeds_policy', severity: 'warning', effect: 'none',
      message: `The order runs ${Math.round(days)} days from receipt. Justice Department policy is that such orders last, barring exceptional circumstances, ${rule.policy_max_days === 365 ? 'one year' : `${rule.policy_max_days} days`} or less; consider moving to shorten it.`,
      citations: rule.policy_citation ? [rule.policy_citation] : [],
    }));
  }
  return {
    notice: { action: 'notify_after', date: until, reason: `A non-disclosure order is in force until ${until}.` },
    findings, orderExpires: until, noticeDue: until,
  };
}

function unbounded(f: DemandFacts, instrument: Authority, rule: NonNullable<Authority['nondisclosure']>): NoticeOutcome {
  if (rule.unbounded === 'reciprocal_notice') {
    return {
      notice: { action: 'withhold', date: null, reason: 'A non-disclosure requirement with no end date is in force; Publius asks for judicial review of it.' },
      findings: [finding({
        code: 'nsl.reciprocal_notice', severity: 'warning', effect: 'none',
        message: `The non-disclosure requirement has no end date. Obey it for now, and notify the Government that Publius wants judicial review of it ("reciprocal notice"); the Government must then apply to a court${rule.reciprocal_notice_days ? ` within ${rule.reciprocal_notice_days} days` : ''}, which must end the requirement unless disclosure would cause one of the harms the statute lists. Publius invokes this for every indefinite gag.`,
        citations: rule.citations,
      })],
      orderExpires: null, noticeDue: null,
    };
  }
  return {
    notice: { action: 'withhold', date: null, reason: 'A court order with no end date forbids notice; Publius obeys it while moving to limit it.' },
    findings: [finding({
      code: 'notice.unbounded_order', severity: 'blocker', effect: 'challenge',
      message: `The ${lowerFirst(instrument.name)} has no end date, so the account holder might never learn of the demand. A court may order secrecy only "for such period as the court deems appropriate", and Justice Department policy limits such orders to one year or less barring exceptional circumstances. Obey it, and move the court to set an end date before producing.`,
      citations: [...instrument.citations, ...(rule.policy_citation ? [rule.policy_citation] : [])],
    })],
    orderExpires: null, noticeDue: null,
  };
}

/**
 * The catalogued instrument that imposes secrecy: the one named as the requirement's basis or among the
 * demand's citations; when neither names one, the one that serves this process type.
 */
function nondisclosureInstrument(f: DemandFacts, type: 'court_order' | 'statutory'): Authority | null {
  const basis = f.demand.nondisclosure?.basis;
  const named = basis ? authoritiesCitedBy(f.catalog, basis) : [];
  const fits = (a: Authority) => a.role === 'nondisclosure' && (a.nondisclosure?.types.includes(type) ?? false);
  const byProcess = f.catalog.authorities.filter((a) => a.processes.includes(f.demand.process));
  return named.find(fits) ?? f.basis.nondisclosure.find(fits) ?? (basis ? null : byProcess.find(fits) ?? null);
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
