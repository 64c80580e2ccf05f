import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { apiClient, PASSPHRASE } from './harness.js';

/**
 * A Mastodon client's side of OAuth, over HTTP, for tests: register an app, walk the authorize form like a
 * browser (cookie, hidden fields, CSRF token), exchange codes.
 */

export const REDIRECT = 'https://client.example/cb';

export interface TestApp { id: string; name: string; client_id: string; client_secret: string; scopes: string[]; redirect_uris: string[] }

export async function registerApp(base: string, opts: { scopes?: string; redirect?: string | string[]; name?: string } = {}): Promise<TestApp> {
  const res = await apiClient(base).post('/api/v1/apps', {
    client_name: opts.name ?? 'Test Client', redirect_uris: opts.redirect ?? REDIRECT, scopes: opts.scopes ?? 'read write follow', website: 'https://client.example',
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export interface FormResponse { status: number; headers: Headers; text: string; json: any }

/** A form-encoded POST, as a browser submits a form (redirects are not followed). */
export async function formPost(base: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<FormResponse> {
  const res = await fetch(base + path, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* an HTML page */ }
  return { status: res.status, headers: res.headers, text, json };
}

export function pkce() {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

export function decodeEntities(v: string): string {
  return v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export interface AuthorizePage {
  status: number;
  headers: Headers;
  text: string;
  /** `name=value` of the CSRF cookie, set on the first visit. */
  cookie?: string;
  hidden: Record<string, string>;
  csrf?: string;
}

/** Loads the authorize page: its hidden fields and the CSRF cookie. `cookie` is sent along (a returning browser). */
export async function openAuthorize(base: string, query: Record<string, string>, cookie?: string): Promise<AuthorizePage> {
  const res = await fetch(`${base}/oauth/authorize?${new URLSearchParams(query)}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const text = await res.text();
  const set = res.headers.getSetCookie().find((c) => /^(__Host-)?publius_csrf=/.test(c));
  const hidden: Record<string, string> = {};
  for (const m of text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[m[1]] = decodeEntities(m[2]);
  return { status: res.status, headers: res.headers, text, cookie: set ? set.split(';')[0] : undefined, hidden, csrf: hidden._csrf };
}

export function authorizeQuery(app: TestApp, opts: { scope?: string; state?: string; challenge?: string; redirect?: string } = {}): Record<string, string> {
  const query: Record<string, string> = {
    response_type: 'code', client_id: app.client_id, redirect_uri: opts.redirect ?? REDIRECT, scope: opts.scope ?? 'read write follow', state: opts.state ?? 'st',
  };
  if (opts.challenge) Object.assign(query, { code_challenge: opts.challenge, code_challenge_method: 'S256' });
  return query;
}

/** The browser part of the flow: open the form, sign in, follow nothing; returns the code from the redirect. */
export async function authorizeCode(base: string, app: TestApp, opts: { scope?: string; state?: string; challenge?: string; handle?: string } = {}): Promise<string> {
  const page = await openAuthorize(base, authorizeQuery(app, opts));
  assert.equal(page.status, 200, page.text);
  const res = await formPost(base, '/oauth/authorize', { ...page.hidden, handle: opts.handle ?? 'oauth_user', passphrase: PASSPHRASE }, { cookie: page.cookie! });
  assert.equal(res.status, 302, res.text);
  return new URL(res.headers.get('location')!).searchParams.get('code')!;
}

export function exchangeCode(base: string, app: TestApp, code: string, extra: Record<string, string> = {}): Promise<FormResponse> {
  return formPost(base, '/oauth/token', {
    grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, redirect_uri: REDIRECT, code, ...extra,
  });
}

/** An app token (client_credentials), as a client gets before registering an account. */
export async function appToken(base: string, scope = 'read write follow', app?: TestApp): Promise<string> {
  const a = app ?? await registerApp(base);
  const res = await formPost(base, '/oauth/token', { grant_type: 'client_credentials', client_id: a.client_id, client_secret: a.client_secret, scope });
  assert.equal(res.status, 200, res.text);
  return res.json.access_token;
}
