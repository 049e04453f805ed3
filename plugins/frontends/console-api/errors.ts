import { defineErrors } from '../../../kernel/errors';

/** Console sign-in, session and page-access errors; statuses are what the browser sees. */
export const consoleErrors = defineErrors({
  BSK_CONSOLE_SIGNIN_FAILED: { status: 401, message: 'wrong email or password' },
  BSK_CONSOLE_SIGNIN_THROTTLED: { status: 429, message: 'too many sign-in attempts; retry in {retryAfterSeconds}s' },
  BSK_CONSOLE_SESSION_MISSING: { status: 401, message: 'not signed in, or the session expired: sign in again' },
  BSK_CONSOLE_CSRF_INVALID: { status: 403, message: 'missing or wrong CSRF token: send the x-csrf-token that GET /console/api/session returns' },
  BSK_CONSOLE_ORIGIN_DENIED: { status: 403, message: 'cross-site request refused (Origin {origin})' },
  BSK_CONSOLE_ROLE_DENIED: { status: 403, message: 'only owners and admins may do this (you are {role})' },
  BSK_CONSOLE_OWNER_ONLY: { status: 403, message: 'only an owner may change an owner or grant the owner role' },
  BSK_CONSOLE_ORG_NOT_FOUND: { status: 404, message: 'no organisation {orgId} for this session' },
  BSK_CONSOLE_MEMBER_NOT_FOUND: { status: 404, message: 'no member {memberId} in this organisation' },
  BSK_CONSOLE_SELF_CHANGE: { status: 409, message: 'you cannot suspend yourself or change your own role' },
  BSK_CONSOLE_EMAIL_TAKEN: { status: 409, message: 'an account with this email already exists: sign in instead' },
  BSK_CONSOLE_PASSWORD_WEAK: { status: 400, message: 'field password: must be {minimum} to 256 characters' },
  BSK_CONSOLE_INVITE_INVALID: { status: 404, message: 'the invite link is unknown, already used or expired' },
  BSK_CONSOLE_CODE_INVALID: { status: 404, message: 'the redemption code is unknown or already used' },
  BSK_CONSOLE_SUSPENDED: { status: 403, message: 'your membership of this organisation is suspended' },
});
