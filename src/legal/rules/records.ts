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
