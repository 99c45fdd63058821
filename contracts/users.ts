import { z } from 'zod';
import { int32, timeZone } from './common.js';

export const roles = ['admin', 'director', 'head_of_sales', 'manager', 'finance', 'marketing', 'operator'] as const;
export const roleSchema = z.enum(roles);
export const languageSchema = z.enum(['ru', 'bg', 'en']);
/** The length rule; the server also refuses common and personal passwords (zxcvbn, email, name). */
export const passwordSchema = z.string().min(10).max(1024);

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  teamId: z.uuid().nullable(),
  language: languageSchema,
  timeZone: z.string(),
  capacity: int32().nullable(),
  /** The user's extension on the PBX: calls they answer or dial are theirs. */
  extension: z.string().nullable(),
  isActive: z.boolean(),
  workspaceId: z.uuid(),
  /** Whether the user signs in with a TOTP code as a second factor. */
  totpEnabled: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const loginBody = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
  /** The 6-digit code of the authenticator app, or an unused recovery code; asked for after TOTP_REQUIRED. */
  totpCode: z.string().trim().min(1).max(64).optional(),
});

export const meSchema = z.object({
  user: userSchema,
  /** Empty when the request was authenticated by an API token (no cookie, no CSRF). */
  csrfToken: z.string(),
  /** The caller's role requires TOTP and it is not set up: every other call answers 403 TOTP_SETUP_REQUIRED. */
  totpSetupRequired: z.boolean(),
  workspace: z.object({ id: z.uuid(), name: z.string(), defaultCurrency: z.string(), timeZone: z.string() }),
  calendarFeedUrl: z.string().nullable(),
});

export const createUserBody = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  password: passwordSchema,
  role: roleSchema,
  teamId: z.uuid().optional(),
  language: languageSchema.optional(),
  timeZone: timeZone().optional(),
  capacity: int32().min(0).max(100000).optional(),
});

export const updateUserBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  role: roleSchema.optional(),
  teamId: z.uuid().nullable().optional(),
  language: languageSchema.optional(),
  timeZone: timeZone().optional(),
  capacity: int32().min(0).max(100000).nullable().optional(),
  isActive: z.boolean().optional(),
  password: passwordSchema.optional(),
  extension: z
    .string()
    .trim()
    .refine((v) => /^[0-9A-Za-z*#._-]{1,32}$/.test(v), { params: { code: 'calls.rules.extension' } })
    .nullable()
    .optional(),
});

export const updateMeBody = z.object({
  language: languageSchema.optional(),
  timeZone: timeZone().optional(),
  name: z.string().trim().min(1).max(200).optional(),
});

export const teamSchema = z.object({ id: z.uuid(), name: z.string(), leadId: z.uuid().nullable() });
export const createTeamBody = z.object({ name: z.string().trim().min(1).max(200), leadId: z.uuid().optional() });

export const setupBody = z.object({
  token: z.string().min(1),
  workspaceName: z.string().trim().min(1).max(200),
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  password: passwordSchema,
  language: languageSchema.optional(),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: passwordSchema,
});
