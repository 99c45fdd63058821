import { defineErrors } from '../../platform/errors.js';

/** Errors of users, sign-in, second factor and API tokens (messages in contracts/i18n/auth.ts). */
export const UserErrors = defineErrors('users', {
  USER_NOT_FOUND: { status: 404 },
  EMAIL_TAKEN: { status: 409 },
  INVALID_CREDENTIALS: { status: 401 },
  TOTP_REQUIRED: { status: 401 },
  /** A wrong code where the signed-in user enables or disables the second factor: a field of the form. */
  TOTP_INVALID: { status: 422 },
  /** A wrong code at sign-in: the sign-in failed, like a wrong password. */
  SIGN_IN_TOTP_INVALID: { status: 401, code: 'TOTP_INVALID' },
  TOTP_ALREADY_ENABLED: { status: 409 },
  TOTP_NOT_STARTED: { status: 422 },
  TOTP_NOT_ENABLED: { status: 422 },
  PASSWORD_WRONG: { status: 422 },
  SETUP_TOKEN_INVALID: { status: 404 },
  SETUP_DONE: { status: 409 },
  API_TOKEN_NOT_FOUND: { status: 404 },
  /** Message in contracts/i18n/telephony.ts, beside the calls that extensions are for. */
  EXTENSION_TAKEN: { status: 409 },
});
