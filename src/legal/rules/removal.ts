import { finding, type Rule } from './rule.js';

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
