import { addDays } from '../clock.js';
import type { Deadline } from './assessment.js';
import { addMonths, formatInstant as instant, parseInstant } from './instant.js';
import type { DemandFacts } from './facts.js';
import type { NoticeOutcome } from './rules/notice.js';

/**
 * The dates a demand sets running. `respond`: the instrument's legal time limit where it has one (10 days for
 * an EU production order, 8 hours in an emergency; one month for a GDPR request), else the demand's own
 * deadline when it is reasonable, else receipt plus the review time. Preservation runs from receipt.
 */
export function computeDeadlines(f: DemandFacts, notice: NoticeOutcome): Deadline[] {
  const out: Deadline[] = [{ kind: 'respond', date: respondBy(f) }];
  const expires = preservationExpires(f);
  if (expires) out.push({ kind: 'preservation_expires', date: expires });
  if (notice.noticeDue) out.push({ kind: 'notice_due', date: notice.noticeDue });
  if (notice.orderExpires) out.push({ kind: 'order_expires', date: notice.orderExpires });
  return out;
}

function respondBy(f: DemandFacts): string {
  const a = f.authority;
  const received = f.receivedAt;
  const legal = a?.limits?.response;
  if (a?.preservation) return instant(received); // "shall take all necessary steps to preserve" — at once
  if (legal) {
    if (f.demand.emergency && legal.emergency_hours) return instant(new Date(received.getTime() + legal.emergency_hours * 3_600_000));
    if (legal.days) return instant(addDays(received, legal.days));
    if (legal.months) return instant(addMonths(received, legal.months));
  }
  const own = f.demand.deadline;
  const earliest = addDays(received, f.reviewDays);
  if (own && parseInstant(own).getTime() >= earliest.getTime()) return own;
  if (own && a?.emergency && parseInstant(own).getTime() >= received.getTime()) return own;
  return instant(earliest);
}

function preservationExpires(f: DemandFacts): string | null {
  const p = f.authority?.preservation;
  if (!p || f.blocked) return null;
  const sequence = f.demand.preservation?.sequence ?? 1;
  if (sequence === 1) return instant(addDays(f.receivedAt, p.days));
  if (sequence - 1 > p.renewals) return null;
  const from = f.demand.preservation?.hold_expires;
  return instant(addDays(from ? parseInstant(from) : f.receivedAt, p.renewal_days));
}
