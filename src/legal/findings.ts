/**
 * Every finding code the desk can report, defined once. Codes are a stable contract (shared/legal/FORMAT.md):
 * add new ones, never rename one. `when` is the plain-language trigger shown in DESK.md.
 */
export const FINDING_CODES = {
  'authority.recognized': 'the demand was assessed under a catalogued instrument (named in the message)',
  'authority.unknown_basis': 'the cited basis is not in the catalog: a lawyer must review',
  'authority.process_mismatch': 'the cited basis authorises a different kind of process than the document claims to be',
  'authority.purpose_mismatch': "the stated purpose or target is outside the cited statute's purposes",
  'authority.issuer_not_authorized': 'the issuer may not issue this process (rank, body, or missing judicial validation)',
  'authority.insufficient_process': 'the process cannot compel one or more requested categories (listed)',
  'authority.offense_below_threshold': 'the instrument reaches these categories only for offences above a sentence threshold or on a list',
  'authority.no_offense_stated': 'the demand names no offence or investigation, yet seeks identity',
  'speech.anonymous_identity': 'identifying data of a pseudonymous account is sought: heightened First Amendment review',
  'speech.civil_unmasking': "a private party seeks a speaker's identity: only on a court order after Dendrite/Cahill/Highfields review",
  'content.warrant_required': 'content requested without a warrant',
  'content.no_private_party_disclosure': 'content requested by a private party (never allowed)',
  'records.location_warrant_required': 'location history requested without a warrant (Carpenter)',
  'jurisdiction.foreign_mlat_required': 'foreign authority without an applicable agreement: use MLAT',
  'jurisdiction.cloud_act_agreement': 'foreign order under a § 2523 agreement: check its conditions',
  'jurisdiction.eu_e_evidence': 'EU production/preservation order: Regulation 2023/1543 rules apply',
  'jurisdiction.conflicting_obligations': 'an EU order asks for content that US law forbids disclosing to a foreign government: reasoned objection',
  'emergency.criteria_met': 'danger of death or serious injury described; voluntary disclosure limited to it',
  'emergency.insufficient_detail': 'emergency claimed without the facts that justify it',
  'emergency.verify_requester': 'requester not independently verified',
  'preservation.hold': "preserve held records (90 days, or the order's period)",
  'preservation.renewal': 'one further period granted',
  'preservation.no_further_renewal': 'renewal beyond what the law allows',
  'nsl.four_categories_only': 'NSL asks beyond name, address, length of service, toll billing records',
  'nsl.reciprocal_notice': 'invoke § 3511(b) review of the non-disclosure requirement',
  'notice.notify_user': 'no order forbids notice: notify the user now',
  'notice.delayed_until_order_expires': 'a non-disclosure order is in force until a date',
  'notice.order_expired': 'the non-disclosure order has expired: notify',
  'notice.request_is_not_order': 'confidentiality was asked for, but no order imposes it',
  'notice.unbounded_order': 'a non-disclosure order with no end date: challenge it',
  'notice.order_exceeds_policy': "a non-disclosure order runs longer than the Justice Department's one-year policy",
  'notice.order_unverified': 'secrecy is claimed under an order or statute the desk cannot confirm: withhold notice until a lawyer has',
  'notice.delayed_for_emergency': 'an emergency disclosure: notify once the danger has passed',
  'notice.issuer_informs_user': 'under the instrument the issuing authority informs the user, and the order is kept confidential',
  'scope.overbroad': '"all records", no date range, or more accounts than the stated purpose needs',
  'scope.deadline_unreasonable': 'the deadline is before receipt or too short to review',
  'scope.target_not_found': 'a target account does not exist here',
  'requester.unverified': "the requester's identity has not been confirmed",
  'records.not_held': 'some requested categories are never collected by Publius',
  'gdpr.access': "the account holder's own request for a copy of their data (Art. 15)",
  'gdpr.portability': "the account holder's own request for their data in a portable form (Art. 20)",
  'gdpr.erasure': "the account holder's own request to erase their data (Art. 17)",
  'gdpr.verify_data_subject': 'the requester has not been confirmed to be the account holder',
  'removal.not_assessed': 'removal demands are not assessed automatically yet: a lawyer decides',
} as const;

/** A stable finding code. */
export type FindingCode = keyof typeof FINDING_CODES;

/** Every finding code, in the order of the table above. */
export const FINDING_CODE_LIST = Object.keys(FINDING_CODES) as FindingCode[];

/** Whether a string is a known finding code. */
export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDING_CODES, code);
}
