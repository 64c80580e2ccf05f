import type { DemandFacts } from '../facts.js';
import { describeCategories, finding, listWords, targetNames, type DraftFinding, type Rule } from './rule.js';

/**
 * Unmasking. A demand for data that can identify the person behind a pseudonymous account is a demand to
 * unmask an anonymous speaker: governments must meet heightened First Amendment scrutiny (the four-part test
 * of Twitter's 2017 complaint), private litigants must first win a court's review (Dendrite, Cahill,
 * Highfields). A demand that names no offence fails the first part on its face.
 */
export const speechRule: Rule = {
  name: 'speech',
  check(f) {
    // The account holder's own requests unmask no one; preservation discloses nothing; an emergency has its
    // own rule (good faith about a danger, verification of the requester).
    if (f.identifyingRequested.length === 0 || !f.discloses) return [];
    if (f.authority?.requester === 'data_subject' || f.authority?.emergency) return [];
    const out: DraftFinding[] = [];
    const cats = describeCategories(f.identifyingRequested);
    if (!f.investigationNamed && !f.privateRequester) {
      out.push(finding({
        code: 'authority.no_offense_stated', severity: 'warning', effect: 'clarify',
        message: `The demand seeks data that can identify a person — ${cats} — but names no offence and no investigation concrete enough to say what it is about${f.demand.stated_purpose ? ` ("${f.demand.stated_purpose}")` : ''}. Nothing lets a court weigh whether unmasking is justified. Ask the requester which offence is being investigated and how the identity relates to it.`,
        citations: f.catalog.doctrines.anonymous_speech.citations,
        categories: f.identifyingRequested,
      }));
    }
    const pseudonymous = f.targets.filter((t) => t.pseudonymous);
    if (pseudonymous.length === 0) return out;
    out.push(f.privateRequester ? civilUnmasking(f, cats) : governmentUnmasking(f, cats));
    return out;
  },
};

function governmentUnmasking(f: DemandFacts, cats: string): DraftFinding {
  const doctrine = f.catalog.doctrines.anonymous_speech;
  const unreviewed = !f.judicial && !f.investigationNamed;
  const tests = doctrine.tests.map((t, i) => `(${i + 1}) ${t}`).join('; ');
  return finding({
    code: 'speech.anonymous_identity',
    severity: unreviewed ? 'blocker' : 'warning',
    effect: unreviewed ? 'challenge' : 'none',
    message: `${targetNames(f)} ${f.targets.length === 1 ? 'is a pseudonymous account' : 'are pseudonymous accounts'}, and the demand seeks data that can identify the person behind it: ${cats}. The First Amendment protects anonymous speech; before unmasking, the government must show ${tests}.${unreviewed ? ' No court has reviewed this demand and it states no offence: challenge it rather than produce.' : f.judicial ? ' A court issued or validated this demand; a lawyer confirms that the showing was made.' : ' A lawyer weighs these four points before anything identifying is produced.'}`,
    citations: doctrine.citations,
    categories: f.identifyingRequested,
  });
}

function civilUnmasking(f: DemandFacts, cats: string): DraftFinding {
  const doctrine = f.catalog.doctrines.civil_unmasking;
  return finding({
    code: 'speech.civil_unmasking',
    severity: f.judicial ? 'warning' : 'blocker',
    effect: f.judicial ? 'none' : 'challenge',
    message: `A private party seeks the identity behind ${targetNames(f)} — ${cats}. An anonymous speaker may be unmasked for a litigant only on a court's order after First Amendment review: ${listWords(doctrine.tests)}. ${f.judicial ? 'A court is named on this demand; a lawyer confirms that it made that review, and the account holder is notified first with time to oppose.' : 'No court has reviewed this subpoena: object to it, notify the account holder so they can move to quash, and produce nothing identifying unless a court orders it.'}`,
    citations: doctrine.citations,
    categories: f.identifyingRequested,
  });
}
