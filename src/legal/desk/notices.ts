import type { Db } from '../../db/database.js';
import type { Clock } from '../../clock.js';
import { fail } from '../../errors.js';
import { CATEGORY_LABELS, LEGAL_CATEGORIES, type Demand, type NoticeDecision } from '../index.js';
import type { AuditLog } from './audit-log.js';
import type { LegalCase } from './case.types.js';
import { targetHandle } from './assess-held.js';
import { parseInstant } from '../instant.js';

/** What the account holder reads: enough to understand the demand and to get help in time to fight it. */
export interface LegalNoticeBody {
  /** The desk's case number, to quote when writing to the desk. */
  case_id: string;
  kind: 'demand' | 'removal';
  received_on: string;
  from: { authority: string; country: string; level: string };
  process: string;
  legal_basis: string[];
  stated_purpose: string;
  /** What was asked, in plain words ("all records" when the demand said so). */
  asked_for: string[];
  date_range: { from: string | null; to: string | null } | null;
  /** The date by which Publius will answer; the holder's window to seek help or object. */
  respond_by: string | null;
  /** What the desk has decided to do, in plain words. */
  publius_position: string;
  /** The demand's own text with other people's names and other accounts removed. */
  redacted_text: string;
  /** Posts named by a removal demand (removal notices only). */
  items: string[];
  legal_help: string;
}

export interface LegalNoticeView {
  id: string;
  case_id: string;
  delivered_at: string;
  read: boolean;
  notice: LegalNoticeBody;
}

const POSITION: Record<string, string> = {
  comply: 'Publius has reviewed the demand and intends to comply with it as described below.',
  narrow: 'Publius intends to answer only part of the demand: it will produce no more than the law requires.',
  challenge: 'Publius considers this demand unlawful or overbroad and is challenging it. Nothing has been produced.',
  reject: 'Publius has refused this demand. Nothing has been produced.',
  clarify: 'Publius has asked the requester to clarify the demand. Nothing has been produced.',
};

/**
 * Legal notices to account holders. Publius has no e-mail, so the notice waits in the account: delivered at
 * once, scheduled for the day a non-disclosure order ends, or withheld while an order without an end is in
 * force. Nothing here ever delivers a notice before its date.
 */
export class LegalNotices {
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly audit: AuditLog, private readonly legalHelp: string) {}

  /**
   * Applies a notice decision to every target account that exists. A notice already delivered stays delivered
   * (nobody can be "un-told"); an undelivered one follows the latest decision.
   */
  async plan(trx: Db, legalCase: LegalCase, decision: NoticeDecision, recommendation: string, actor: string,
    accounts: Array<{ id: string; handle: string }>, items: string[] = []): Promise<void> {
    const now = this.clock.now();
    for (const account of accounts) {
      const body = this.body(legalCase, account.handle, recommendation, items);
      const existing = await trx.selectFrom('legal_notices').select(['id', 'state'])
        .where('case_id', '=', legalCase.id).where('account_id', '=', account.id).executeTakeFirst();
      if (existing?.state === 'delivered') {
        // Tell the holder what changed (the position), keeping the original delivery.
        await trx.updateTable('legal_notices').set({ body: JSON.stringify(body) }).where('id', '=', existing.id).execute();
        continue;
      }
      const deliverAt = decision.action === 'notify_now' ? now
        : decision.action === 'notify_after' ? parseInstant(decision.date)
          : null;
      const due = deliverAt !== null && deliverAt.getTime() <= now.getTime();
      const values = {
        state: (deliverAt === null ? 'withheld' : due ? 'delivered' : 'scheduled') as 'withheld' | 'delivered' | 'scheduled',
        deliver_at: deliverAt, delivered_at: due ? now : null, body: JSON.stringify(body),
      };
      if (existing) await trx.updateTable('legal_notices').set(values).where('id', '=', existing.id).execute();
      else await trx.insertInto('legal_notices').values({ case_id: legalCase.id, account_id: account.id, ...values }).execute();
      await this.audit.append({
        caseId: legalCase.id, actor,
        type: values.state === 'delivered' ? 'notice.delivered' : values.state === 'scheduled' ? 'notice.scheduled' : 'notice.withheld',
        payload: { account: account.handle, deliver_at: deliverAt?.toISOString() ?? null, reason: decision.reason },
      }, trx);
    }
  }

  /** Delivers every scheduled notice whose date has come (run hourly by maintenance and on desk actions). */
  async deliverDue(): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const due = await trx.selectFrom('legal_notices').innerJoin('accounts', 'accounts.id', 'legal_notices.account_id')
        .select(['legal_notices.id', 'legal_notices.case_id', 'accounts.handle'])
        .where('legal_notices.state', '=', 'scheduled').where('legal_notices.deliver_at', '<=', now).forUpdate().execute();
      for (const n of due) {
        await trx.updateTable('legal_notices').set({ state: 'delivered', delivered_at: now }).where('id', '=', n.id).execute();
        await this.audit.append({ caseId: n.case_id, type: 'notice.delivered', actor: 'system', payload: { account: n.handle, scheduled: true } }, trx);
      }
      return due.length;
    });
  }

  /**
   * The desk lifts a withheld notice (the court lifted its order, or set an end date): deliver now or schedule.
   * Refuses to move a date earlier than the order allows only by the desk's explicit say-so, recorded in the log.
   */
  async release(caseId: string, accountHandle: string, when: Date | null, reason: string, actor: string): Promise<void> {
    if (reason.trim().length < 10) fail('VALIDATION', 'Releasing a withheld notice needs a written reason (court order, date it ends)');
    await this.db.transaction().execute(async (trx) => {
      const n = await trx.selectFrom('legal_notices').innerJoin('accounts', 'accounts.id', 'legal_notices.account_id')
        .select(['legal_notices.id', 'legal_notices.state']).where('legal_notices.case_id', '=', caseId)
        .where('accounts.handle', '=', accountHandle.toLowerCase()).forUpdate().executeTakeFirst();
      if (!n) fail('NOT_FOUND', 'No notice for that account in this case');
      if (n.state === 'delivered') fail('CONFLICT', 'The notice was already delivered');
      const now = this.clock.now();
      const deliverAt = when ?? now;
      const due = deliverAt.getTime() <= now.getTime();
      await trx.updateTable('legal_notices').set({ state: due ? 'delivered' : 'scheduled', deliver_at: deliverAt, delivered_at: due ? now : null })
        .where('id', '=', n.id).execute();
      await this.audit.append({ caseId, actor, type: due ? 'notice.delivered' : 'notice.scheduled', payload: { account: accountHandle, deliver_at: deliverAt.toISOString(), reason } }, trx);
    });
  }

  /** The account holder's delivered notices, newest first. Undelivered ones do not exist for the holder. */
  async forAccount(accountId: string): Promise<LegalNoticeView[]> {
    const rows = await this.db.selectFrom('legal_notices').select(['id', 'case_id', 'delivered_at', 'read_at', 'body'])
      .where('account_id', '=', accountId).where('state', '=', 'delivered').orderBy('delivered_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map((r) => ({
      id: String(r.id), case_id: String(r.case_id), delivered_at: new Date(r.delivered_at!).toISOString(),
      read: r.read_at !== null, notice: r.body as LegalNoticeBody,
    }));
  }

  async markRead(accountId: string, noticeId: string): Promise<void> {
    if (!/^\d{1,18}$/.test(noticeId)) fail('NOT_FOUND');
    const r = await this.db.updateTable('legal_notices').set({ read_at: this.clock.now() })
      .where('id', '=', noticeId).where('account_id', '=', accountId).where('state', '=', 'delivered').executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) fail('NOT_FOUND');
  }

  /** The desk's view of a case's notices: every state, with dates. */
  async forCase(caseId: string) {
    const rows = await this.db.selectFrom('legal_notices').innerJoin('accounts', 'accounts.id', 'legal_notices.account_id')
      .select(['legal_notices.id', 'accounts.handle', 'legal_notices.state', 'legal_notices.deliver_at', 'legal_notices.delivered_at', 'legal_notices.read_at'])
      .where('legal_notices.case_id', '=', caseId).orderBy('legal_notices.id').execute();
    return rows.map((r) => ({
      id: String(r.id), account: r.handle, state: r.state,
      deliver_at: r.deliver_at ? new Date(r.deliver_at).toISOString() : null,
      delivered_at: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
      read: r.read_at !== null,
    }));
  }

  private body(legalCase: LegalCase, handle: string, recommendation: string, items: string[]): LegalNoticeBody {
    const d = legalCase.demand!;
    return {
      case_id: legalCase.id,
      kind: d.kind === 'removal' ? 'removal' : 'demand',
      received_on: legalCase.receivedAt.slice(0, 10),
      from: { authority: d.issuer.authority, country: d.issuer.country, level: d.issuer.level },
      process: d.process,
      legal_basis: d.legal_basis,
      stated_purpose: d.stated_purpose ?? '',
      asked_for: d.all_records ? ['all records', ...d.categories.map((c) => CATEGORY_LABELS[c])] : d.categories.map((c) => CATEGORY_LABELS[c]),
      date_range: d.date_range ? { from: d.date_range.from ?? null, to: d.date_range.to ?? null } : null,
      respond_by: legalCase.respondBy ? legalCase.respondBy.slice(0, 10) : null,
      publius_position: POSITION[recommendation] ?? '',
      redacted_text: redact(d, handle),
      items,
      legal_help: this.legalHelp,
    };
  }
}

/**
 * The demand's text as the holder may see it: other accounts named in the same demand are not the holder's
 * business (and telling them would tell one target about another), and the names of officers are removed.
 */
export function redact(demand: Demand, holderHandle: string): string {
  let text = demand.text ?? '';
  const others = demand.targets.map((t) => targetHandle(t.account)).filter((h) => h && h !== holderHandle.toLowerCase());
  for (const other of others) text = text.replace(new RegExp(`@?${escapeRegExp(other)}\\b`, 'gi'), '[another account]');
  for (const person of [demand.issuer.officer?.name, demand.issuer.signed_by?.name]) {
    if (person && person.trim().length > 2) text = text.split(person).join('[name of official]');
  }
  return text;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every category label, for the desk's forms. */
export const CATEGORY_CHOICES = LEGAL_CATEGORIES.map((c) => ({ category: c, label: CATEGORY_LABELS[c] }));
