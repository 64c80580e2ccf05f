import { categoriesNeverHeld, INVENTORY, LEGAL_CATEGORIES, type DataClass, type LegalCategory } from '../../../privacy/inventory.js';

/**
 * The legal categories in the words a reader would use. Typed as a full record so that a category added to
 * the vocabulary cannot be left without words on the pages that promise what is and is not held.
 */
export const CATEGORY_WORDS: Record<LegalCategory, string> = {
  'subscriber.handle': 'your handle',
  'subscriber.name': 'your real name',
  'subscriber.address': 'a postal address',
  'subscriber.email': 'an email address',
  'subscriber.phone': 'a phone number',
  'subscriber.payment': 'payment details',
  'subscriber.service': 'account facts such as the date it was made and its role',
  'connection.ip': 'IP addresses',
  'connection.sessions': 'sign-in sessions and the last date an account was used',
  'connection.device': 'device or browser details',
  'records.graph': 'who follows, mutes and blocks whom',
  'records.interactions': 'favourites, boosts and bookmarks',
  'records.message_metadata': 'who sent a direct message to whom, and when',
  'records.location': 'location',
  'content.public': 'public posts and profiles',
  'content.private': 'followers-only and direct posts',
  'content.media': 'uploaded images',
};

export const CLASS_WORDS: Record<DataClass, string> = {
  public: 'Public',
  private: 'Only the account holder',
  secret: 'Secret (hash only)',
  operational: 'Operational',
};

/** What the inventory says is held and never held, in reader's words; computed from the schema's inventory, never typed in. */
export function heldAndNeverHeld(): { held: string[]; neverHeld: string[] } {
  const never = new Set(categoriesNeverHeld(INVENTORY));
  return {
    held: LEGAL_CATEGORIES.filter((c) => !never.has(c)).map((c) => CATEGORY_WORDS[c]),
    neverHeld: LEGAL_CATEGORIES.filter((c) => never.has(c)).map((c) => CATEGORY_WORDS[c]),
  };
}
