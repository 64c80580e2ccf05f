import crypto from 'node:crypto';
import type { Db } from '../db/database.js';
import type { OauthApp } from '../db/schema.js';
import type { Clock } from '../clock.js';
import type { SessionService, IssuedToken } from '../sessions/sessions.service.js';
import { fail } from '../errors.js';
import { hashToken, randomToken, timingSafeEqualString } from '../security/tokens.js';
import { parseScopes, scopesWithin, unknownScopes } from '../sessions/scopes.js';

export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';
const CODE_TTL_MS = 10 * 60 * 1000;

export interface RegisteredApp { app: OauthApp; clientSecret: string }

/** OAuth 2 for Mastodon clients: apps, authorization codes (with PKCE), and token grants. */
export class OAuthService {
  constructor(private readonly db: Db, private readonly sessions: SessionService, private readonly clock: Clock, private readonly tokenTtlDays: number) {}

  async registerApp(input: { name: string; redirectUris: string[]; scopes: string; website?: string | null }): Promise<RegisteredApp> {
    const scopes = parseScopes(input.scopes, 'read');
    const unknown = unknownScopes(scopes);
    if (unknown.length) fail('VALIDATION', `Validation failed: Unknown scope ${unknown.join(', ')}`);
    for (const uri of input.redirectUris) if (!isValidRedirect(uri)) fail('VALIDATION', 'Validation failed: Redirect URI must be an absolute URI');
    const clientSecret = randomToken();
    const app = await this.db.insertInto('oauth_apps').values({
      client_id: randomToken(), client_secret_hash: hashToken(clientSecret), name: input.name,
      website: input.website ?? null, redirect_uris: input.redirectUris.join('\n'), scopes: scopes.join(' '),
    }).returningAll().executeTakeFirstOrThrow();
    return { app, clientSecret };
  }

  async appByClientId(clientId: string): Promise<OauthApp | undefined> {
    if (!clientId || clientId.length > 100) return undefined;
    return this.db.selectFrom('oauth_apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  }

  async authenticateClient(clientId: string | undefined, clientSecret: string | undefined): Promise<OauthApp> {
    const app = clientId ? await this.appByClientId(clientId) : undefined;
    if (!app || !clientSecret || !timingSafeEqualString(app.client_secret_hash, hashToken(clientSecret))) fail('INVALID_CLIENT');
    return app;
  }

  /** Checks an authorization request before showing the consent form. */
  async validateAuthorization(params: { clientId: string; redirectUri: string; scope?: string; codeChallenge?: string; codeChallengeMethod?: string }): Promise<{ app: OauthApp; scopes: string[] }> {
    const app = await this.appByClientId(params.clientId);
    if (!app) fail('INVALID_CLIENT');
    if (!app.redirect_uris.split('\n').includes(params.redirectUri)) fail('INVALID_GRANT', 'The redirect URI is not registered for this application');
    const scopes = parseScopes(params.scope, 'read');
    if (unknownScopes(scopes).length || !scopesWithin(scopes, app.scopes.split(' '))) fail('INVALID_SCOPE');
    if (params.codeChallenge !== undefined) {
      if ((params.codeChallengeMethod ?? 'plain') !== 'S256') fail('INVALID_GRANT', 'Only the S256 code challenge method is supported');
      if (!/^[A-Za-z0-9_-]{43,128}$/.test(params.codeChallenge)) fail('INVALID_GRANT', 'Malformed code challenge');
    }
    return { app, scopes };
  }

  async issueCode(input: { app: OauthApp; accountId: string; redirectUri: string; scopes: string[]; codeChallenge?: string }): Promise<string> {
    const code = randomToken();
    await this.db.insertInto('oauth_codes').values({
      code_hash: hashToken(code), app_id: input.app.id, account_id: input.accountId, redirect_uri: input.redirectUri,
      scopes: input.scopes.join(' '), code_challenge: input.codeChallenge ?? null, code_challenge_method: input.codeChallenge ? 'S256' : null,
      expires_at: new Date(this.clock.now().getTime() + CODE_TTL_MS),
    }).execute();
    return code;
  }

  /** Exchanges a code once; a second use, a wrong redirect or a wrong PKCE verifier fails. */
  async exchangeCode(app: OauthApp, code: string, redirectUri: string, codeVerifier?: string): Promise<IssuedToken> {
    const row = await this.db.deleteFrom('oauth_codes').where('code_hash', '=', hashToken(code ?? '')).where('app_id', '=', app.id).returningAll().executeTakeFirst();
    if (!row || row.expires_at < this.clock.now() || row.redirect_uri !== redirectUri) fail('INVALID_GRANT');
    if (row.code_challenge) {
      const computed = codeVerifier ? crypto.createHash('sha256').update(codeVerifier).digest('base64url') : '';
      if (!timingSafeEqualString(computed, row.code_challenge)) fail('INVALID_GRANT', 'The code verifier does not match the challenge');
    }
    return this.sessions.issue({ kind: 'oauth', accountId: row.account_id, appId: app.id, scopes: row.scopes.split(' '), ttlDays: this.tokenTtlDays, withRefresh: true });
  }

  async clientCredentials(app: OauthApp, scope?: string): Promise<IssuedToken> {
    const scopes = parseScopes(scope, 'read');
    if (unknownScopes(scopes).length || !scopesWithin(scopes, app.scopes.split(' '))) fail('INVALID_SCOPE');
    return this.sessions.issue({ kind: 'oauth', accountId: null, appId: app.id, scopes, ttlDays: this.tokenTtlDays });
  }

  refresh(app: OauthApp, refreshToken: string): Promise<IssuedToken> {
    return this.sessions.refresh(refreshToken, app.id, this.tokenTtlDays);
  }
}

function isValidRedirect(uri: string): boolean {
  if (uri === OOB_REDIRECT) return true;
  try {
    const u = new URL(uri);
    return u.protocol !== 'javascript:' && u.protocol !== 'data:';
  } catch {
    return false;
  }
}

/** Mastodon's Token entity. */
export function tokenEntity(issued: IssuedToken, now: Date) {
  return {
    access_token: issued.token,
    token_type: 'Bearer',
    scope: issued.row.scopes,
    created_at: Math.floor(now.getTime() / 1000),
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
  };
}
