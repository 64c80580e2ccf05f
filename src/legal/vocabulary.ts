/**
 * The words of the intake format (shared/legal/FORMAT.md). The category vocabulary is the data inventory's
 * (`src/privacy/inventory.ts`), so the privacy page, the export and the legal desk name data the same way.
 */
import type { LegalCategory } from '../privacy/inventory.js';

export { LEGAL_CATEGORIES, type LegalCategory } from '../privacy/inventory.js';

/** Kinds of legal process a demand can be. */
export const PROCESS_TYPES = [
  'administrative_subpoena', 'administrative_summons', 'grand_jury_subpoena', 'trial_subpoena', 'civil_subpoena',
  'court_order_2703d', 'search_warrant', 'pen_register_order', 'wiretap_order', 'national_security_letter',
  'fisa_order', 'emergency_request', 'preservation_request', 'foreign_request', 'mlat_request', 'cloud_act_order',
  'eu_production_order', 'eu_preservation_order', 'removal_court_order', 'removal_government_request',
  'copyright_notice', 'gdpr_request',
] as const;
/** One kind of legal process. */
export type ProcessType = (typeof PROCESS_TYPES)[number];

/** How a demand reached the desk. */
export const CHANNELS = ['portal', 'email', 'fax', 'mail', 'in_person', 'eu_system'] as const;
/** One way a demand can reach the desk. */
export type Channel = (typeof CHANNELS)[number];

/** What a demand asks for: records, that records be kept, or that something be taken down. */
export const DEMAND_KINDS = ['information', 'preservation', 'removal'] as const;
/** What a demand asks for. */
export type DemandKind = (typeof DEMAND_KINDS)[number];

/** Who issued a demand. `private` covers litigants, their lawyers and account holders themselves. */
export const ISSUER_LEVELS = ['federal', 'state', 'local', 'foreign', 'private'] as const;
/** The level of government (or private party) that issued a demand. */
export type IssuerLevel = (typeof ISSUER_LEVELS)[number];

/** What keeps the desk from telling the account holder: a court's order, a statute, or only a request. */
export const NONDISCLOSURE_TYPES = ['court_order', 'statutory', 'request'] as const;
/** The kind of secrecy requirement a demand carries. */
export type NondisclosureType = (typeof NONDISCLOSURE_TYPES)[number];

/** How far a removal demand reaches. */
export const REMOVAL_SCOPES = ['global', 'country'] as const;

/** Plain words for each category (FORMAT.md), for findings a lawyer or an account holder reads. */
export const CATEGORY_LABELS: Readonly<Record<LegalCategory, string>> = {
  'subscriber.handle': 'user and account names',
  'subscriber.name': 'real name',
  'subscriber.address': 'postal address',
  'subscriber.email': 'e-mail addresses',
  'subscriber.phone': 'phone numbers',
  'subscriber.payment': 'means and source of payment',
  'subscriber.service': 'creation date, length and types of service',
  'connection.ip': 'IP addresses',
  'connection.sessions': 'log-in records and session times',
  'connection.device': 'devices, user agents and browser data',
  'records.graph': 'followers, following and blocks',
  'records.interactions': 'favourites, boosts, bookmarks and mentions',
  'records.message_metadata': 'who sent direct messages to whom, and when',
  'records.location': 'location history',
  'content.public': 'public posts and profile text',
  'content.private': 'followers-only posts, direct messages and drafts',
  'content.media': 'uploaded files',
};
