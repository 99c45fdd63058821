import { z } from 'zod';
import { currencySchema } from '../../contracts/products.js';
import type { Db } from './database.js';

// The one reader of a workspace's settings. Modules used to read the workspaces row each in its
// own way, each with its own fallback; the fallbacks now live in this schema, once.

const roleSchema = z.enum(['admin', 'director', 'head_of_sales', 'manager', 'finance', 'marketing', 'operator']);

/** The settings of a workspace as stored, with the defaults a value outside the known ones falls back to. */
export const workspaceSettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  defaultLanguage: z.enum(['ru', 'bg', 'en']).catch('ru'),
  defaultCurrency: currencySchema.catch('RUB'),
  timeZone: z.string(),
  totpRequiredRoles: z.array(roleSchema).catch([]),
  /** A missed call of a known client makes a call-back task for the client's owner. */
  callBackTasks: z.boolean().catch(true),
  /** Roles that write knowledge-base articles (and see drafts); everyone reads published ones. */
  kbEditorRoles: z.array(roleSchema).catch(['admin', 'head_of_sales', 'operator']),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

/** The workspace's settings, or undefined when there is no such workspace. */
export async function findWorkspaceSettings(db: Db, workspaceId: string): Promise<WorkspaceSettings | undefined> {
  const w = await db
    .selectFrom('workspaces')
    .select([
      'id',
      'name',
      'default_language',
      'default_currency',
      'time_zone',
      'totp_required_roles',
      'call_back_tasks',
      'kb_editor_roles',
    ])
    .where('id', '=', workspaceId)
    .executeTakeFirst();
  if (!w) return undefined;
  return workspaceSettingsSchema.parse({
    id: w.id,
    name: w.name,
    defaultLanguage: w.default_language,
    defaultCurrency: w.default_currency,
    timeZone: w.time_zone,
    totpRequiredRoles: w.totp_required_roles,
    callBackTasks: w.call_back_tasks,
    kbEditorRoles: w.kb_editor_roles,
  });
}

/** The workspace's settings; throws when the workspace does not exist (callers hold a session of it). */
export async function getWorkspaceSettings(db: Db, workspaceId: string): Promise<WorkspaceSettings> {
  const s = await findWorkspaceSettings(db, workspaceId);
  if (!s) throw new Error(`workspace ${workspaceId} not found`);
  return s;
}

/** Changes the workspace's switches of the telephony features (the caller audits it). */
export async function setTelephonySettings(db: Db, workspaceId: string, s: Pick<WorkspaceSettings, 'callBackTasks'>): Promise<void> {
  await db.updateTable('workspaces').set({ call_back_tasks: s.callBackTasks }).where('id', '=', workspaceId).execute();
}

/** Changes which roles write knowledge-base articles (the caller audits it). */
export async function setKbEditorRoles(db: Db, workspaceId: string, roles: WorkspaceSettings['kbEditorRoles']): Promise<void> {
  await db.updateTable('workspaces').set({ kb_editor_roles: roles }).where('id', '=', workspaceId).execute();
}

/** The phone-number region of a workspace: Bulgarian by language or time zone, else Russian. */
export function phoneRegionOf(s: WorkspaceSettings | undefined): 'BG' | 'RU' {
  return s && (s.defaultLanguage === 'bg' || s.timeZone === 'Europe/Sofia') ? 'BG' : 'RU';
}
