import type { Db } from '../db/database.js';
import type { OauthApp } from '../db/schema.js';

export interface StoredCode {
  app_id: string;
  account_id: string;
  redirect_uri: string;
  scopes: string;
  code_challenge: string | null;
  expires_at: Date;
}

/** The only SQL that writes client applications and authorisation codes. */
export class OAuthStore {
  constructor(private readonly db: Db) {}

  insertApp(values: { client_id: string; client_secret_hash: string; name: string; website: string | null; redirect_uris: string; scopes: string }): Promise<OauthApp> {
    return this.db.insertInto('oauth_apps').values(values).returningAll().executeTakeFirstOrThrow();
  }

  appByClientId(clientId: string): Promise<OauthApp | undefined> {
    return this.db.selectFrom('oauth_apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  }

  appById(id: string): Promise<OauthApp | undefined> {
    return this.db.selectFrom('oauth_apps').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertCode(codeHash: string, code: StoredCode): Promise<void> {
    await this.db.insertInto('oauth_codes').values({
      code_hash: codeHash, ...code, code_challenge_method: code.code_challenge ? 'S256' : null,
    }).execute();
  }

  /** Codes nobody exchanged: gone once expired, so the table never holds more than ten minutes of them. */
  async deleteExpiredCodes(now: Date): Promise<void> {
    await this.db.deleteFrom('oauth_codes').where('expires_at', '<', now).execute();
  }

  /** Deletes and returns the code in one statement, so two concurrent exchanges cannot both get it. */
  takeCode(codeHash: string, appId: string): Promise<StoredCode | undefined> {
    return this.db.deleteFrom('oauth_codes').where('code_hash', '=', codeHash).where('app_id', '=', appId)
      .returning(['app_id', 'account_id', 'redirect_uri', 'scopes', 'code_challenge', 'expires_at']).executeTakeFirst();
  }
}
