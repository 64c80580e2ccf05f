import type { Assessment, CategoryDecision, Recommendation, WithheldCategory } from './assessment.js';
import { defaultCatalog } from './catalog.js';
import { computeDeadlines } from './deadlines.js';
import type { Demand } from './demand.schema.js';
import { gatherFacts, type AssessmentContext, type DemandFacts } from './facts.js';
import type { FindingCode } from './findings.js';
import { RULES } from './rules/index.js';
import { decideNotice } from './rules/notice.js';
import { EFFECT_RANK, type DraftFinding, type Effect } from './rules/rule.js';
import type { LegalCategory } from './vocabulary.js';

/**
 * The desk's automated first assessment of a demand: runs every rule of the catalog-driven table, decides
 * notice and deadlines, and sorts each requested category into produce, withhold or not held. Pure: no
 * database, no clock but `ctx.asOf`. A lawyer confirms or overrides the result with a written reason.
 */
export function assessDemand(demand: Demand, ctx: AssessmentContext): Assessment {
  const catalog = ctx.catalog ?? defaultCatalog();
  const facts = gatherFacts(demand, ctx, catalog);
  const notice = decideNotice(facts);
  const drafts = [...RULES.flatMap((rule) => rule.check(facts)), ...notice.findings];
  const { recommendation, categories } = decide(facts, drafts);
  return {
    recommendation,
    findings: drafts.map(({ effect: _effect, withholds: _withholds, ...f }) => f),
    categories,
    notice: notice.notice,
    deadlines: computeDeadlines(facts, notice),
  };
}

function decide(f: DemandFacts, drafts: readonly DraftFinding[]): { recommendation: Recommendation; categories: CategoryDecision } {
  const reasons = new Map<LegalCategory, FindingCode>();
  for (const d of drafts) {
    if (!d.withholds) continue;
    for (const c of d.categories) if (f.held.has(c) && !reasons.has(c)) reasons.set(c, d.code);
  }
  let produce = f.requested.filter((c) => f.held.has(c) && !reasons.has(c));
  let recommendation = strongest(drafts);
  // Narrowing that leaves nothing to hand over is a refusal.
  if (recommendation === 'narrow' && f.discloses && produce.length === 0 && reasons.size > 0) recommendation = 'reject';
  if (recommendation === 'challenge' || recommendation === 'reject' || recommendation === 'clarify') {
    const decisive = drafts.find((d) => d.effect === recommendation)?.code ?? 'authority.insufficient_process';
    for (const c of produce) reasons.set(c, decisive);
    produce = [];
  }
  const withhold: WithheldCategory[] = f.requested.filter((c) => reasons.has(c)).map((c) => ({ category: c, reason: reasons.get(c)! }));
  return { recommendation, categories: { produce, withhold, not_held: f.notHeld } };
}

function strongest(drafts: readonly DraftFinding[]): Recommendation {
  const top = drafts.reduce<Effect>((max, d) => (EFFECT_RANK[d.effect] > EFFECT_RANK[max] ? d.effect : max), 'none');
  return top === 'none' ? 'comply' : top;
}
