import { addDays } from '../../clock.js';
import { parseInstant } from '../instant.js';
import { describeCategories, finding, listWords, type Rule } from './rule.js';

/** "All records", a missing date range, or too many accounts: answer for the specific records only. */
export const overbreadthRule: Rule = {
  name: 'overbreadth',
  check(f) {
    const a = f.authority;
    if (!f.discloses || a?.data_subject_right) return [];
    const { demand, catalog } = f;
    const timeSeries = f.requested.filter((c) => catalog.time_series_categories.includes(c));
    const faults = [
      ...(demand.all_records ? ['it asks for "all records" instead of describing them with reasonable specificity'] : []),
      ...(!demand.date_range && timeSeries.length > 0 ? [`it gives no date range for records that accumulate over time (${describeCategories(timeSeries)})`] : []),
      ...(demand.targets.length > catalog.review.max_targets ? [`it names ${demand.targets.length} accounts; more than ${catalog.review.max_targets} needs a stated reason for each`] : []),
    ];
    if (faults.length === 0) return [];
    return [finding({
      code: 'scope.overbroad', severity: 'warning', effect: 'narrow',
      message: `The demand is broader than it should be: ${faults.join('; ')}. Answer only for the categories it names${timeSeries.length > 0 && !demand.date_range ? ' and ask the requester for the period that matters' : ''}.${a?.overbroad_remedy ? ` ${a.overbroad_remedy}` : ''}`,
      citations: a?.citations ?? [],
    })];
  },
};

/** A deadline before the demand arrived, or too short for a lawyer to review it. */
export const deadlineRule: Rule = {
  name: 'deadline',
  check(f) {
    const deadline = f.demand.deadline;
    if (!deadline || f.authority?.limits?.response) return [];
    const due = parseInstant(deadline);
    const reviewDays = f.reviewDays;
    const before = due.getTime() < f.receivedAt.getTime();
    const short = !before && due.getTime() < addDays(f.receivedAt, reviewDays).getTime();
    if (!before && !short) return [];
    const problem = before
      ? `the deadline (${deadline}) is before the demand was received (${f.demand.received_at}): it could not be met by anyone`
      : `the deadline (${deadline}) leaves less than ${reviewDays} days after receipt, too little for a lawyer to review the demand`;
    return [finding({
      code: 'scope.deadline_unreasonable', severity: 'warning', effect: 'none',
      message: `${problem[0]!.toUpperCase()}${problem.slice(1)}. Tell the requester in writing when Publius will answer (the response date of this assessment allows the review time); missing an impossible deadline is not a refusal.${f.authority?.enforcement ? ` ${f.authority.enforcement}` : ''}`,
      citations: f.authority?.citations ?? [],
    })];
  },
};

/** Targets that do not exist still get a full assessment; the answer for them is that there are no records. */
export const targetRule: Rule = {
  name: 'target',
  check(f) {
    const missing = f.targets.filter((t) => !t.exists);
    if (missing.length === 0) return [];
    const all = missing.length === f.targets.length;
    return [finding({
      code: 'scope.target_not_found', severity: 'warning', effect: 'none',
      message: `No account ${listWords(missing.map((t) => `@${t.handle}`))} exists on this instance${missing.some((t) => t.handle !== t.account.replace(/^@/, '')) ? ` (as written: ${listWords(missing.map((t) => `"${t.account}"`))})` : ''}. ${all ? 'The answer, if the demand is otherwise honoured, is that Publius holds no records for it' : 'The answer for those is that Publius holds no records for them'}; check the spelling with the requester, and do not search for similar accounts.`,
      citations: [],
    })];
  },
};
