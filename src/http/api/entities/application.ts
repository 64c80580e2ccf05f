import type { OauthApp } from '../../../db/schema.js';

/** Mastodon's Application entity. https://docs.joinmastodon.org/entities/Application/ */
export interface ApplicationEntity {
  id: string;
  name: string;
  website: string | null;
  scopes: string[];
  /** Deprecated by Mastodon 4.3 in favour of redirect_uris; still read by older clients. */
  redirect_uri: string;
  redirect_uris: string[];
  /** Publius has no Web Push; an empty key tells clients so. */
  vapid_key: string;
}

/** With client credentials: the answer to POST /api/v1/apps, the only time the secret is shown. */
export interface CredentialApplicationEntity extends ApplicationEntity {
  client_id: string;
  client_secret: string;
  client_secret_expires_at: number;
}

export function toApplicationEntity(app: OauthApp): ApplicationEntity {
  const uris = app.redirect_uris.split('\n');
  return {
    id: app.id, name: app.name, website: app.website, scopes: app.scopes.split(' '),
    redirect_uri: uris.join('\n'), redirect_uris: uris, vapid_key: '',
  };
}

export function toCredentialApplicationEntity(app: OauthApp, clientSecret: string): CredentialApplicationEntity {
  return { ...toApplicationEntity(app), client_id: app.client_id, client_secret: clientSecret, client_secret_expires_at: 0 };
}
