/**
 * Mastodon OAuth scopes. A granted top-level scope covers its sub-scopes (read covers read:statuses);
 * the legacy `follow` scope covers the follow, block and mute sub-scopes.
 */
export const TOP_SCOPES = ['read', 'write', 'follow', 'push', 'profile'] as const;

const FOLLOW_COVERS = ['read:blocks', 'write:blocks', 'read:follows', 'write:follows', 'read:mutes', 'write:mutes'];

export const KNOWN_SCOPES = new Set<string>([
  ...TOP_SCOPES,
  ...['accounts', 'blocks', 'bookmarks', 'favourites', 'filters', 'follows', 'lists', 'mutes', 'notifications', 'search', 'statuses']
    .map((s) => `read:${s}`),
  ...['accounts', 'blocks', 'bookmarks', 'conversations', 'favourites', 'filters', 'follows', 'lists', 'media', 'mutes', 'notifications', 'reports', 'statuses']
    .map((s) => `write:${s}`),
  'admin:read', 'admin:write',
]);

export function parseScopes(value: string | undefined | null, fallback = 'read'): string[] {
  const list = (value ?? fallback).split(/[\s+]+/).filter(Boolean);
  return [...new Set(list)];
}

export function unknownScopes(scopes: string[]): string[] {
  return scopes.filter((s) => !KNOWN_SCOPES.has(s));
}

export function scopeCovers(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) return true;
  const [top] = required.split(':');
  if (granted.includes(top)) return true;
  if (granted.includes('follow') && FOLLOW_COVERS.includes(required)) return true;
  return false;
}

/** Every requested scope must be within what the app registered for. */
export function scopesWithin(requested: string[], allowed: string[]): boolean {
  return requested.every((s) => scopeCovers(allowed, s));
}
