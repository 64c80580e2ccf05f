import { finding, type DraftFinding, type Rule } from './rule.js';

/**
 * GDPR requests from account holders themselves (Art. 15, 17, 20). The person asking is the person the data is
 * about, so the bars that protect users from others do not apply — but the desk must be sure of who is asking.
 */
export const dataSubjectRule: Rule = {
  name: 'data_subject',
  check(f) {
    const a = f.authority;
    const right = a?.data_subject_right;
    if (!a || !right) return [];
    const out: DraftFinding[] = [];
    const held = f.requested.filter((c) => f.held.has(c));
    const months = a.limits?.response?.months ?? 1;
    const extension = a.limits?.response?.extension_months;
    const timing = `Answer within ${months} month${months === 1 ? '' : 's'} of receipt${extension ? `, extendable by ${extension} more where the request is complex (tell the account holder why within the first month)` : ''}.`;
    if (right === 'erasure') {
      out.push(finding({
        code: 'gdpr.erasure', severity: 'info', effect: 'none',
        message: `The account holder asks for their data to be erased. Erase it, except what a preservation hold or another legal obligation requires Publius to keep for now; erasure yields to those. ${timing}`,
        citations: [...a.citations, 'Regulation (EU) 2016/679, Art. 17(3)(b), (e)', ...(a.limits?.citations ?? [])],
        categories: held, withholds: true,
      }));
    } else {
      out.push(finding({
        code: right === 'access' ? 'gdpr.access' : 'gdpr.portability', severity: 'info', effect: 'none',
        message: `The account holder asks for ${right === 'access' ? 'a copy of their data' : 'their data in a structured, machine-readable form'}. Provide what Publius holds about their own account. ${timing}`,
        citations: [...a.citations, ...(a.limits?.citations ?? [])],
      }));
    }
    if (!f.demand.issuer.verified) {
      out.push(finding({
        code: 'gdpr.verify_data_subject', severity: 'blocker', effect: 'clarify',
        message: 'The requester has not been confirmed to be the account holder. Ask them to confirm from within the account (signed in) before anything is sent or erased; giving one person\'s data to another is itself a breach.',
        citations: ['Regulation (EU) 2016/679, Art. 12(6)'],
      }));
    }
    return out;
  },
};
