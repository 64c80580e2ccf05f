import type { IssuedToken } from '../../../sessions/sessions.service.js';

/** Mastodon's Token entity. https://docs.joinmastodon.org/entities/Token/ */
export interface TokenEntity {
  access_token: string;
  token_type: 'Bearer';
  scope: string;
  /** Unix seconds at issue. Not stored: sessions keep dates only. */
  created_at: number;
  refresh_token?: string;
  expires_in: number;
}

export function toTokenEntity(issued: IssuedToken, now: Date, expiresInSeconds: number): TokenEntity {
  return {
    access_token: issued.token,
    token_type: 'Bearer',
    scope: issued.row.scopes,
    created_at: Math.floor(now.getTime() / 1000),
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
    expires_in: expiresInSeconds,
  };
}
