import { z } from 'zod';
import { isoDateTime } from './common.js';
import { roleSchema } from './users.js';

// Second factor (TOTP), API tokens and the workspace's security settings.

export const totpSetupSchema = z.object({
  /** Base32 secret, for typing into an app that cannot scan the QR code. */
  secret: z.string(),
  /** otpauth://totp/... URI: the content of the QR code. */
  otpauthUrl: z.string(),
});

export const totpCodeBody = z.object({
  /** A 6-digit code of the authenticator app (disable also takes an unused recovery code). */
  code: z.string().trim().min(1).max(64),
});

export const totpEnabledSchema = z.object({
  /** Single-use codes for when the phone is lost: shown once, stored hashed. */
  recoveryCodes: z.array(z.string()),
});

const futureInstant = isoDateTime().refine(
  (v) => {
    const t = Date.parse(v);
    return t > Date.now() && new Date(t).getUTCFullYear() <= 2999;
  },
  { params: { code: 'future_datetime' } },
);

export const createApiTokenBody = z.object({
  name: z.string().trim().min(1).max(200),
  /** When the token stops working; without it, it works until revoked. */
  expiresAt: futureInstant.optional(),
});

export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createdApiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** `orb_...`: shown this once; only its SHA-256 is kept. Send as `Authorization: Bearer <token>`. */
  token: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});

export const securitySettingsSchema = z.object({
  /** Users of these roles must turn on TOTP before they can use anything else. */
  totpRequiredRoles: z.array(roleSchema),
});
export const updateSecuritySettingsBody = z.object({
  totpRequiredRoles: z.array(roleSchema).max(7),
});
