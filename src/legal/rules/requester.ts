import { finding, type Rule } from './rule.js';

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
