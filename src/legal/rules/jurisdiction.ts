import { finding, listWords, type DraftFinding, type Rule } from './rule.js';

/**
 * Foreign authorities: a demand with no force here goes back to the requester with the right channel (MLAT);
 * an order under a CLOUD Act agreement or the e-Evidence Regulation gets that regime's conditions.
 */
export const jurisdictionRule: Rule = {
  name: 'jurisdiction',
  check(f) {
    const a = f.authority;
    if (!a) return [];
    const out: DraftFinding[] = [];
    const { issuer } = f.demand;
    const mlat = f.catalog.doctrines.foreign_content.citations;
    if (f.blocked) {
      const why = f.blocked.kind === 'route'
        ? `${issuer.authority} (${issuer.country}) wrote directly to Publius; a foreign authority's own request or order has no legal force in the United States.`
        : f.blocked.kind === 'country'
          ? `${issuer.authority} (${issuer.country}) cannot use a ${a.name}: it is available only to ${listWords(a.countries)}, and the United States has no agreement covering ${issuer.country} that lets this request bind Publius.`
          : `A ${a.name} can only be used for orders received from ${f.blocked.from}, when the instrument applies; this one arrived on ${f.demand.received_at.slice(0, 10)}.`;
      out.push(finding({
        code: 'jurisdiction.foreign_mlat_required', severity: 'blocker', effect: 'reject',
        message: `${why} Publius discloses only under process that binds it, and content may never go to a foreign government outside a CLOUD Act agreement. Reply that the requester should use a mutual legal assistance request through the US Department of Justice, which results in US process. Preserving the records meanwhile is a decision for a lawyer.`,
        citations: [...mlat, ...a.citations],
        categories: f.requested, withholds: true,
      }));
      return out;
    }
    if (a.agreement) {
      out.push(finding({
        code: 'jurisdiction.cloud_act_agreement', severity: 'warning', effect: 'none',
        message: `This order comes under an executive agreement under the CLOUD Act, which lifts the US bar on disclosing to ${issuer.country}. Before producing, confirm that ${listWords(a.agreement.checks)}.${a.enforcement ? ` ${a.enforcement}` : ''}`,
        citations: [...a.agreement.citations, ...a.citations],
      }));
    }
    if (a.regime === 'e_evidence') {
      const respond = a.limits?.response?.days
        ? ` Answer within ${a.limits.response.days} days of receipt${a.limits.response.emergency_hours ? ` (${a.limits.response.emergency_hours} hours in an emergency)` : ''}.`
        : '';
      const keep = a.preservation
        ? ` Preserve for ${a.preservation.days} days; the issuing authority may extend once by ${a.preservation.renewal_days} days, and longer only after confirming a request for production.`
        : '';
      out.push(finding({
        code: 'jurisdiction.eu_e_evidence', severity: 'info', effect: 'none',
        message: `The EU e-Evidence Regulation applies.${respond}${keep} For traffic data and content the enforcing Member State is notified and may refuse, among other grounds, to protect freedom of the press and of expression. If the certificate is incomplete, manifestly wrong or cannot be executed, tell the issuing authority at once on the form of Annex III.`,
        citations: [...a.citations, ...(a.limits?.citations ?? []), ...(a.preservation?.citations ?? [])],
      }));
    }
    return out;
  },
};
