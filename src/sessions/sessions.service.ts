import type { Db } from '../db/database.js';
import type { AccessToken, Account } from '../db/schema.js';
import type { Clock } from '../clock.js';
import { addDays, isoDate } from '../clock.js';
import { hashToken, randomToken } from '../security/tokens.js';
import { fail } from '../errors.js';

export interface IssuedToken {
  token: string;
  refreshToken: string | null;
  row: AccessToken;
}

export interface Authenticated {
  account: Account | null;
  token: AccessToken;
  scopes: string[];
}

/**
 * Web sessions and OAuth access tokens. Only SHA-256 hashes of tokens are stored, and every time is a date:
 * the table can say that a session exists, never when or from where someone logged in.
 */
export class SessionService {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  async issue(params: {
    kind: 'web' | 'oauth';
    accountId: string | null;
    appId: string | null;
    scopes: string[];
    ttlDays: number;
    withRefresh?: boolean;
  }, db: Db = this.db): Promise<IssuedToken> {
    const token = randomToken();
    const refreshToken = params.withRefresh ? randomToken() : null;
    const now = this.clock.now();
    const row = await db.insertInto('access_tokens').values({
      token_hash: hashToken(token),
      refresh_hash: refreshToken ? hashToken(refreshToken) : null,
      kind: params.kind,
      account_id: params.accountId,
      app_id: params.appId,
      scopes: params.scopes.join(' '),
      created_on: isoDate(now),
      last_used_on: isoDate(now),
      expires_on: isoDate(addDays(now, params.ttlDays)),
    }).returningAll().executeTakeFirstOrThrow();
    return { token, refreshToken, row };
  }

  /** The session behind a bearer token or cookie, or null when unknown, expired or the account is suspended. */
  async authenticate(token: string): Promise<Authenticated | null> {
    const found = await this.find(token);
    if (!found || found.account?.suspended) return null;
    const { row, account } = found;
    const today = isoDate(this.clock.now());
    // Last use is kept as a date, and written at most once a day per session.
    if (row.last_used_on !== today) {
      await this.db.updateTable('access_tokens').set({ last_used_on: today }).where('id', '=', row.id).execute();
      if (account && account.last_seen_on !== today) {
        await this.db.updateTable('accounts').set({ last_seen_on: today }).where('id', '=', account.id).execute();
      }
    }
    return { account, token: row, scopes: row.scopes.split(' ').filter(Boolean) };
  }

  /**
   * The suspended account behind a web session token, or null. `authenticate` refuses such a session; only the
   * pages where a suspended account reads why and appeals ask for it (src/http/web/_session.ts).
   */
  async suspendedWebAccount(token: string): Promise<Account | null> {
    const found = await this.find(token);
    return found && found.row.kind === 'web' && found.account?.suspended ? found.account : null;
  }

  /** An unexpired session and its account (null for an app's own token); undefined when there is none. */
  private async find(token: string): Promise<{ row: AccessToken; account: Account | null } | undefined> {
    if (!token || token.length > 200) return undefined;
    // One statement for both: this runs on every authenticated request, and each statement is a round trip.
    const found = await this.db.selectFrom('access_tokens as t')
      .leftJoin('accounts', 'accounts.id', 't.account_id')
      .selectAll('accounts')
      .select(['t.id as t_id', 't.token_hash as t_token_hash', 't.refresh_hash as t_refresh_hash', 't.kind as t_kind',
        't.app_id as t_app_id', 't.account_id as t_account_id', 't.scopes as t_scopes', 't.created_on as t_created_on',
        't.last_used_on as t_last_used_on', 't.expires_on as t_expires_on'])
      .where('t.token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!found || found.t_expires_on < isoDate(this.clock.now())) return undefined;
    const { t_id, t_token_hash, t_refresh_hash, t_kind, t_app_id, t_account_id, t_scopes, t_created_on, t_last_used_on, t_expires_on, ...account } = found;
    const row: AccessToken = {
      id: t_id, token_hash: t_token_hash, refresh_hash: t_refresh_hash, kind: t_kind, app_id: t_app_id,
      account_id: t_account_id, scopes: t_scopes, created_on: t_created_on, last_used_on: t_last_used_on, expires_on: t_expires_on,
    };
    if (!row.account_id) return { row, account: null };
    // The account row is gone (a deletion racing this request): the session is gone with it.
    return account.id ? { row, account: account as Account } : undefined;
  }

  /** Exchanges a refresh token for a new pair; the old pair stops working. */
  async refresh(refreshToken: string, appId: string, ttlDays: number): Promise<IssuedToken> {
    return this.db.transaction().execute(async (trx) => {
      const old = await trx.deleteFrom('access_tokens')
        .where('refresh_hash', '=', hashToken(refreshToken)).where('app_id', '=', appId)
        .returningAll().executeTakeFirst();
      if (!old) fail('INVALID_GRANT');
      return this.issue({
        kind: old.kind, accountId: old.account_id, appId: old.app_id, scopes: old.scopes.split(' '), ttlDays, withRefresh: true,
      }, trx);
    });
  }

  /** Revokes the session behind an access token or its refresh token (RFC 7009 accepts either). */
  async revokeToken(token: string, appId?: string): Promise<boolean> {
    const hash = hashToken(token);
    let q = this.db.deleteFrom('access_tokens').where((eb) => eb.or([eb('token_hash', '=', hash), eb('refresh_hash', '=', hash)]));
    if (appId) q = q.where('app_id', '=', appId);
    const res = await q.executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** The account's live sessions, newest first, with the name of the app each belongs to. */
  async list(accountId: string): Promise<Array<AccessToken & { app_name: string | null }>> {
    return this.db.selectFrom('access_tokens')
      .leftJoin('oauth_apps', 'oauth_apps.id', 'access_tokens.app_id')
      .selectAll('access_tokens').select('oauth_apps.name as app_name')
      .where('access_tokens.account_id', '=', accountId)
      .where('access_tokens.expires_on', '>=', isoDate(this.clock.now()))
      .orderBy('access_tokens.id', 'desc').execute();
  }

  /** Revokes one of the account's own sessions; another account's id is simply not found. */
  async revokeById(accountId: string, sessionId: string): Promise<void> {
    const res = await this.db.deleteFrom('access_tokens').where('id', '=', sessionId).where('account_id', '=', accountId).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) fail('NOT_FOUND');
  }

  async revokeAll(accountId: string, exceptId?: string, db: Db = this.db): Promise<void> {
    let q = db.deleteFrom('access_tokens').where('account_id', '=', accountId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  }

  async purgeExpired(): Promise<number> {
    const res = await this.db.deleteFrom('access_tokens').where('expires_on', '<', isoDate(this.clock.now())).executeTakeFirst();
    await this.db.deleteFrom('oauth_codes').where('expires_at', '<', this.clock.now()).execute();
    return Number(res.numDeletedRows);
  }
}
