/**
 * Every error the domain can raise, in one table: a stable code, its HTTP status and a default message.
 * The Mastodon API renders them as {"error": message}; the web UI shows the message. Codes are never renamed.
 */
export const ERRORS = {
  VALIDATION: { status: 422, message: 'Validation failed' },
  BAD_REQUEST: { status: 400, message: 'Bad request' },
  UNAUTHORIZED: { status: 401, message: 'The access token is invalid' },
  FORBIDDEN: { status: 403, message: 'This action is not allowed' },
  NOT_FOUND: { status: 404, message: 'Record not found' },
  CONFLICT: { status: 409, message: 'Conflict' },
  GONE: { status: 410, message: 'Gone' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'File is too large' },
  UNSUPPORTED_MEDIA: { status: 422, message: 'File type is not supported' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  HANDLE_TAKEN: { status: 422, message: 'Validation failed: Username has already been taken' },
  HANDLE_INVALID: { status: 422, message: 'Validation failed: Username must contain only letters, numbers and underscores (1-30)' },
  PASSPHRASE_WEAK: { status: 422, message: 'Validation failed: Passphrase is too weak' },
  SIGNUP_CLOSED: { status: 403, message: 'Registrations are closed on this server' },
  INVITE_INVALID: { status: 422, message: 'Validation failed: Invite code is invalid or already used' },
  LOGIN_FAILED: { status: 401, message: 'Invalid handle or passphrase' },
  ACCOUNT_SUSPENDED: { status: 403, message: 'Your login is currently disabled' },
  INVALID_CLIENT: { status: 401, message: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.' },
  INVALID_GRANT: { status: 400, message: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.' },
  INVALID_SCOPE: { status: 400, message: 'The requested scope is invalid, unknown, or malformed.' },
  INVALID_REQUEST: { status: 400, message: 'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.' },
  INSUFFICIENT_SCOPE: { status: 403, message: 'This action is outside the authorized scopes' },
  CSRF: { status: 403, message: 'The form has expired; reload the page and try again' },
  INTERNAL: { status: 500, message: 'Internal server error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** A domain error: thrown by services, mapped to HTTP by the error plugin. */
export class PubliusError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Optional field-level details (Mastodon puts them in `details`). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERRORS[code].message);
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
}

export function fail(code: ErrorCode, message?: string, details?: Record<string, unknown>): never {
  throw new PubliusError(code, message, details);
}
