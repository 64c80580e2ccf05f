import { basisRule, issuerRule, purposeRule } from './authority.js';
import { dataSubjectRule } from './data-subject.js';
import { emergencyRule } from './emergency.js';
import { jurisdictionRule } from './jurisdiction.js';
import { preservationRule } from './preservation.js';
import { reachRule } from './reach.js';
import { notHeldRule } from './records.js';
import { removalRule } from './removal.js';
import { requesterRule } from './requester.js';
import type { Rule } from './rule.js';
import { deadlineRule, overbreadthRule, targetRule } from './scope.js';
import { speechRule } from './speech.js';

/**
 * The rules, in the order their findings are reported. Order matters once: when two findings withhold the same
 * category, the earlier one is given as the reason — so the rules about the instrument itself come first.
 * Notice is decided separately (rules/notice.ts) because it yields a decision as well as findings.
 */
export const RULES: readonly Rule[] = [
  basisRule,
  jurisdictionRule,
  issuerRule,
  purposeRule,
  reachRule,
  speechRule,
  emergencyRule,
  preservationRule,
  dataSubjectRule,
  overbreadthRule,
  deadlineRule,
  targetRule,
  requesterRule,
  removalRule,
  notHeldRule,
];
