export const HANDLE_PATTERN = /^[a-z0-9_]{1,30}$/i;

/** Handles are unique case-insensitively; this is the form used for comparison. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

export function isValidHandle(handle: string): boolean {
  return HANDLE_PATTERN.test(handle);
}

/** Handles that would impersonate the server or its staff. */
export const RESERVED_HANDLES = new Set([
  'admin', 'administrator', 'root', 'publius', 'support', 'help', 'legal', 'moderator', 'mod', 'staff',
  'system', 'security', 'abuse', 'postmaster', 'webmaster', 'api', 'www', 'about', 'settings', 'instance',
]);
