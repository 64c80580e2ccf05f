import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../clock.js';
import { fail } from '../../errors.js';
import { hashToken, randomToken } from '../../security/tokens.js';
import type { AuditLog } from './audit-log.js';

export interface Requester {
  id: string;
  name: string;
  authority: string;
  country: string;
  createdAt: string;
  disabled: boolean;
}

const NewRequester = z.strictObject({
  name: z.string().trim().min(2).max(200),
  authority: z.string().trim().min(2).max(300),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US or DE'),
});

/**
 * Agency accounts for the requester portal. The admin issues them; each gets one random token, shown once
 * and stored only as its SHA-256, so a leaked database cannot be used to file demands in an agency's name.
 */
export class Requesters {
  constructor(private readonly db: Db, private readonly clock: Clock, private readonly audit: AuditLog) {}

  async issue(input: { name: string; authority: string; country: string }, actor: string): Promise<{ requester: Requester; token: string }> {
    const parsed = NewRequester.safeParse(input);
    if (!parsed.success) fail('VALIDATION', `Validation failed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const token = `pr_${randomToken()}`;
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await trx.insertInto('legal_requesters').values({
        ...parsed.data, token_hash: hashToken(token), created_at: this.clock.now(),
      }).returningAll().executeTakeFirstOrThrow();
      await this.audit.append({ caseId: null, type: 'requester.issued', actor, payload: { requester: String(r.id), ...parsed.data } }, trx);
      return r;
    });
    return { requester: toRequester(row), token };
  }

  async authenticate(token: string): Promise<Requester | null> {
    if (!token.startsWith('pr_') || token.length > 200) return null;
    const row = await this.db.selectFrom('legal_requesters').selectAll()
      .where('token_hash', '=', hashToken(token)).where('disabled_at', 'is', null).executeTakeFirst();
    return row ? toRequester(row) : null;
  }

  async disable(id: string, actor: string): Promise<void> {
    if (!/^\d{1,18}$/.test(id)) fail('NOT_FOUND', 'No such agency account');
    await this.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('legal_requesters').set({ disabled_at: this.clock.now() })
        .where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) fail('NOT_FOUND', 'No such active agency account');
      await this.audit.append({ caseId: null, type: 'requester.disabled', actor, payload: { requester: id } }, trx);
    });
  }

  async list(): Promise<Requester[]> {
    return (await this.db.selectFrom('legal_requesters').selectAll().orderBy('id').execute()).map(toRequester);
  }
}

function toRequester(r: { id: string; name: string; authority: string; country: string; created_at: Date; disabled_at: Date | null }): Requester {
  return { id: String(r.id), name: r.name, authority: r.authority, country: r.country, createdAt: new Date(r.created_at).toISOString(), disabled: r.disabled_at !== null };
}
