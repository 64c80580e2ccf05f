import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Account, AccountUpdate, NewAccount } from '../db/schema.js';

/** The only SQL that writes accounts, recovery codes and invites. */
export class AccountStore {
  constructor(private readonly db: Db) {}

  byId(id: string, db: Db = this.db): Promise<Account | undefined> {
    return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byHandle(handle: string, db: Db = this.db): Promise<Account | undefined> {
    return db.selectFrom('accounts').selectAll().where(sql`lower(handle)`, '=', handle.toLowerCase()).executeTakeFirst();
  }

  async insert(values: NewAccount, db: Db = this.db): Promise<Account> {
    return db.insertInto('accounts').values(values).returningAll().executeTakeFirstOrThrow();
  }

  async update(id: string, values: AccountUpdate, db: Db = this.db): Promise<Account | undefined> {
    return db.updateTable('accounts').set(values).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async replaceRecoveryCodes(accountId: string, codeHashes: string[], db: Db = this.db): Promise<void> {
    await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
    if (codeHashes.length) {
      await db.insertInto('recovery_codes').values(codeHashes.map((code_hash) => ({ account_id: accountId, code_hash }))).execute();
    }
  }

  /** Deletes the code if it belongs to the account; true when one was used. */
  async useRecoveryCode(accountId: string, codeHash: string, db: Db = this.db): Promise<boolean> {
    const res = await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).where('code_hash', '=', codeHash).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async countRecoveryCodes(accountId: string): Promise<number> {
    const row = await this.db.selectFrom('recovery_codes').select(sql<number>`count(*)::int`.as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
    return row.n;
  }

  async insertInvite(codeHash: string, createdBy: string | null, expiresOn: string | null): Promise<void> {
    await this.db.insertInto('invites').values({ code_hash: codeHash, created_by: createdBy, expires_on: expiresOn }).execute();
  }

  /** Marks a valid invite used, atomically; false when it is unknown, used or expired. */
  async redeemInvite(codeHash: string, today: string, db: Db = this.db): Promise<boolean> {
    const res = await db.updateTable('invites').set({ used: true })
      .where('code_hash', '=', codeHash).where('used', '=', false)
      .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async adminCount(): Promise<number> {
    const row = await this.db.selectFrom('accounts').select(sql<number>`count(*)::int`.as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow();
    return row.n;
  }
}
