import { z } from 'zod';
import { int32, timeZone } from './common.js';

export const roles = ['admin', 'director', 'head_of_sales', 'manager', 'finance', 'marketing', 'operator'] as const;
export const roleSchema = z.enum(roles);
export const languageSchema = z.enum(['ru', 'bg', 'en']);

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  teamId: z.uuid().nullable(),
  language: languageSchema,
  timeZone: z.string(),
  capacity: int32().nullable(),
  isActive: z.boolean(),
  workspaceId: z.uuid(),
});
export type User = z.infer<typeof userSchema>;

export const loginBody = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const meSchema = z.object({
  user: userSchema,
  csrfToken: z.string(),
  workspace: z.object({ id: z.uuid(), name: z.string(), defaultCurrency: z.string(), timeZone: z.string() }),
  calendarFeedUrl: z.string().nullable(),
});

export const createUserBody = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(8).max(1024),
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
  password: z.string().min(8).max(1024).optional(),
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
  password: z.string().min(8).max(1024),
  language: languageSchema.optional(),
});
