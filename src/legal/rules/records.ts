import { describeCategories, finding, type Rule } from './rule.js';

/** Requested categories Publius never collects, from the data inventory: the answer for them is "none held". */
export const notHeldRule: Rule = {
  name: 'not_held',
  check(f) {
    if (f.notHeld.length === 0) return [];
    return [finding({
      code: 'records.not_held', severity: 'info', effect: 'none',
      message: `Publius never collects ${describeCategories(f.notHeld)}, for any account. The answer for these is that no such records exist — say so plainly; do not imply they are being withheld.`,
      citations: [],
      categories: f.notHeld,
    })];
  },
};

/** The requester's identity must be confirmed before anything is produced. */
export const requesterRule: Rule = {
  name: 'requester',
  check(f) {
    // Emergencies and GDPR requests have verification findings of their own.
    if (f.demand.issuer.verified || f.authority?.emergency || f.authority?.data_subject_right) return [];
    return [finding({
      code: 'requester.unverified', severity: 'warning', effect: 'clarify',
      message: `The desk has not confirmed that ${f.demand.issuer.authority} sent this demand. Verify it through a contact found independently (the court's or agency's published number), not one given in the document, before producing anything.`,
      citations: [],
    })];
  },
};

/** Removal demands need a decision on the content itself; the desk does not make it automatically yet. */
export const removalRule: Rule = {
  name: 'removal',
  check(f) {
    if (f.demand.kind !== 'removal') return [];
    return [finding({
      code: 'removal.not_assessed', severity: 'warning', effect: 'clarify',
      message: 'This is a demand to remove content. Whether the items must come down (and where) is not assessed automatically yet: a lawyer decides.',
      citations: [],
    })];
  },
};
