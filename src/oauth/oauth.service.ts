import type { Db } from '../db/database.js';
import type { OauthApp } from '../db/schema.js';
import type { Clock } from '../clock.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { SessionService, IssuedToken } from '../sessions/sessions.service.js';
import { fail } from '../errors.js';
import { hashToken, randomToken, timingSafeEqualString } from '../security/tokens.js';
import { parseScopes, scopesWithin, unknownScopes } from '../sessions/scopes.js';
import { OAuthStore } from './oauth.store.js';
import { isValidChallenge, verifierMatches } from './pkce.js';

/** The out-of-band redirect: the code is shown on the page for the person to copy into the app. */
export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';
/** Scopes an app gets when it asks for none (Mastodon's default). */
export const DEFAULT_SCOPES = 'read';
const CODE_TTL_MS = 10 * 60 * 1000;
/** Schemes a browser would run or render instead of handing the code to an app. */
const FORBIDDEN_REDIRECT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:']);

export interface RegisteredApp {
  app: OauthApp;
  /** Shown once in the registration response; only its hash is kept. */
  clientSecret: string;
}

/** An authorisation request that passed every check: what the consent form shows and the code will carry. */
export interface AuthorizationRequest {
  app: OauthApp;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
}

export interface Registration {
  issued: IssuedToken;
  /** Shown once; Mastodon's Token entity has no place for them, so the API adds `recovery_codes`. */
  recoveryCodes: string[];
}

/**
 * OAuth 2 for Mastodon clients (RFC 6749 with PKCE, RFC 7636): client applications, authorisation codes and
 * the token grants. Secrets, codes and tokens are stored only as SHA-256 hashes.
 */
export class OAuthService {
  private readonly store: OAuthStore;

  constructor(
    db: Db,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly tokenTtlDays: number,
  ) {
    this.store = new OAuthStore(db);
  }

  async registerApp(input: { name: string; redirectUris: string[]; scopes?: string | null; website?: string | null }): Promise<RegisteredApp> {
    const scopes = parseScopes(input.scopes || DEFAULT_SCOPES);
    const unknown = unknownScopes(scopes);
    if (unknown.length) fail('VALIDATION', `Validation failed: Unknown scope ${unknown.join(', ')}`, { scopes: unknown });
    if (input.redirectUris.length === 0) fail('VALIDATION', 'Validation failed: Redirect URI is required');
    for (const uri of input.redirectUris) {
      const problem = redirectUriProblem(uri);
      if (problem) fail('VALIDATION', `Validation failed: Redirect URI ${problem}`);
    }
    const clientSecret = randomToken();
    const app = await this.store.insertApp({
      client_id: randomToken(), client_secret_hash: hashToken(clientSecret), name: input.name,
      website: input.website || null, redirect_uris: [...new Set(input.redirectUris)].join('\n'), scopes: scopes.join(' '),
    });
    return { app, clientSecret };
  }

  appById(id: string): Promise<OauthApp | undefined> {
    return this.store.appById(id);
  }

  /** Client authentication (RFC 6749 §2.3.1); every failure is the same invalid_client. */
  async authenticateClient(clientId: string | undefined, clientSecret: string | undefined): Promise<OauthApp> {
    const app = clientId && clientId.length <= 100 ? await this.store.appByClientId(clientId) : undefined;
    if (!app || !clientSecret || !timingSafeEqualString(app.client_secret_hash, hashToken(clientSecret))) fail('INVALID_CLIENT');
    return app;
  }

  /**
   * Checks an authorisation request before the consent form is shown and again when it is posted: a known
   * client, one of its registered redirect URIs exactly, scopes within its registration, PKCE by S256 only.
   */
  async checkAuthorization(params: { clientId: string; redirectUri?: string; scope?: string; codeChallenge?: string; codeChallengeMethod?: string }): Promise<AuthorizationRequest> {
    const app = params.clientId.length <= 100 ? await this.store.appByClientId(params.clientId) : undefined;
    if (!app) fail('INVALID_CLIENT');
    const registered = app.redirect_uris.split('\n');
    // RFC 6749 §3.1.2.3: the redirect URI may be left out only when the client registered exactly one.
    const redirectUri = params.redirectUri ?? (registered.length === 1 ? registered[0] : undefined);
    if (!redirectUri || !registered.includes(redirectUri)) fail('INVALID_GRANT', 'The redirect URI is not one this application registered');
    const scopes = parseScopes(params.scope || DEFAULT_SCOPES);
    if (unknownScopes(scopes).length || !scopesWithin(scopes, app.scopes.split(' '))) fail('INVALID_SCOPE');
    let codeChallenge: string | null = null;
    if (params.codeChallenge !== undefined && params.codeChallenge !== '') {
      // RFC 7636 §4.3: a missing method means "plain", which lets anyone who sees the request use the code.
      if (params.codeChallengeMethod !== 'S256') fail('INVALID_REQUEST', 'Only the S256 code challenge method is supported');
      if (!isValidChallenge(params.codeChallenge)) fail('INVALID_REQUEST', 'The code challenge is malformed');
      codeChallenge = params.codeChallenge;
    }
    return { app, redirectUri, scopes, codeChallenge };
  }

  /** A single-use code valid for ten minutes, bound to the client, redirect URI, scopes and PKCE challenge. */
  async issueCode(request: AuthorizationRequest, accountId: string): Promise<string> {
    const code = randomToken();
    const now = this.clock.now();
    // expires_at is a precise time (it says when someone authorised an app), so unexchanged codes are deleted as
    // soon as they expire: here, and by the hourly retention run when no one is authorising.
    await this.store.deleteExpiredCodes(now);
    await this.store.insertCode(hashToken(code), {
      app_id: request.app.id, account_id: accountId, redirect_uri: request.redirectUri, scopes: request.scopes.join(' '),
      code_challenge: request.codeChallenge, expires_at: new Date(now.getTime() + CODE_TTL_MS),
    });
    return code;
  }

  /** authorization_code grant. The code is consumed whatever happens next: a failed exchange cannot be retried. */
  async exchangeCode(app: OauthApp, input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<IssuedToken> {
    const row = await this.store.takeCode(hashToken(input.code), app.id);
    if (!row || row.expires_at.getTime() < this.clock.now().getTime()) fail('INVALID_GRANT');
    if (row.redirect_uri !== input.redirectUri) fail('INVALID_GRANT', 'The redirect URI does not match the one the code was issued for');
    if (row.code_challenge && !verifierMatches(input.codeVerifier, row.code_challenge)) {
      fail('INVALID_GRANT', 'The code verifier does not match the code challenge');
    }
    return this.sessions.issue({
      kind: 'oauth', accountId: row.account_id, appId: app.id, scopes: row.scopes.split(' '), ttlDays: this.tokenTtlDays, withRefresh: true,
    });
  }

  /** client_credentials grant: a token for the app itself, with no account (used to register accounts). */
  async clientCredentials(app: OauthApp, scope?: string): Promise<IssuedToken> {
    const scopes = parseScopes(scope || DEFAULT_SCOPES);
    if (unknownScopes(scopes).length || !scopesWithin(scopes, app.scopes.split(' '))) fail('INVALID_SCOPE');
    return this.sessions.issue({ kind: 'oauth', accountId: null, appId: app.id, scopes, ttlDays: this.tokenTtlDays });
  }

  /** refresh_token grant: the old pair stops working and a new pair is issued with the same scopes. */
  refresh(app: OauthApp, refreshToken: string): Promise<IssuedToken> {
    return this.sessions.refresh(refreshToken, app.id, this.tokenTtlDays);
  }

  /** RFC 7009: revokes an access or refresh token of this client; an unknown token is not an error. */
  async revoke(app: OauthApp, token: string): Promise<void> {
    await this.sessions.revokeToken(token, app.id);
  }

  /**
   * Registration through the API (POST /api/v1/accounts): a new account, then a user token for the app that
   * registered it, with the app token's scopes, as Mastodon does.
   */
  async signUp(appToken: { appId: string; scopes: string[] }, input: { handle: string; passphrase: string; inviteCode?: string | null }): Promise<Registration> {
    const { account, recoveryCodes } = await this.accounts.signUp(input);
    const issued = await this.sessions.issue({
      kind: 'oauth', accountId: account.id, appId: appToken.appId, scopes: appToken.scopes, ttlDays: this.tokenTtlDays, withRefresh: true,
    });
    return { issued, recoveryCodes };
  }

  /** Seconds a freshly issued token lives (the Token entity's expires_in). */
  get tokenLifetimeSeconds(): number {
    return this.tokenTtlDays * 86_400;
  }
}

/** Why a redirect URI cannot be registered, or null when it can (RFC 6749 §3.1.2: absolute, no fragment). */
export function redirectUriProblem(uri: string): string | null {
  if (uri === OOB_REDIRECT) return null;
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return 'must be an absolute URI';
  }
  if (FORBIDDEN_REDIRECT_SCHEMES.has(parsed.protocol)) return `may not use the ${parsed.protocol} scheme`;
  if (uri.includes('#')) return 'may not contain a fragment';
  return null;
}
