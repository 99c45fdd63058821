import type { z } from 'zod';
import type { createUserBody, updateUserBody, User } from '../../../contracts/users.js';
import type { AuthUser } from '../../platform/auth.js';
import { evictSession, evictUserSessions, newToken, SESSION_TTL_MS } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { Secrets } from '../../platform/secrets.js';
import { getWorkspaceSettings } from '../../platform/settings.js';
import { PlatformErrors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { beginAttempt, finishAttempt, hashPassword, verifyPassword } from './users.login.js';
import { UserErrors } from './users.errors.js';
import { assertStrongPassword } from './users.password.js';
import { spendSecondFactor } from './users.totp.js';
import * as repo from './users.repository.js';
import type { UserRow } from './users.repository.js';

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    teamId: r.team_id,
    language: r.language,
    timeZone: r.time_zone,
    capacity: r.capacity,
    extension: r.extension,
    isActive: r.is_active,
    workspaceId: r.workspace_id,
    totpEnabled: r.totp_enabled_at !== null,
  };
}

/** Creates a workspace and its first admin (first start, setup link, tests, demo). */
export async function createWorkspaceWithAdmin(
  db: Db,
  input: { workspaceName: string; email: string; name: string; password: string; language?: 'ru' | 'bg' | 'en' },
) {
  assertStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const ws = await repo.insertWorkspace(trx, { name: input.workspaceName, defaultLanguage: input.language ?? 'ru' });
    const user = await repo.insertUser(trx, {
      workspace_id: ws.id,
      email: input.email.toLowerCase(),
      name: input.name,
      password_hash: passwordHash,
      role: 'admin',
      team_id: null,
      capacity: null,
      calendar_token: null,
      deleted_at: null,
      language: input.language ?? 'ru',
    });
    await recordAudit(trx, null, {
      workspaceId: ws.id,
      entity: 'user',
      entityId: user.id,
      action: 'create',
      after: stripUser(toUser(user)),
    });
    return { workspaceId: ws.id, user: toUser(user) };
  });
}

const stripUser = (u: User) => ({ ...u }) as Record<string, unknown>;

export async function countUsers(db: Db): Promise<number> {
  return repo.countAllUsers(db);
}

/**
 * Checks credentials and the second factor, under the limits of `beginAttempt` (shared by every
 * instance through the database). Unknown emails cost one argon2 verification like known ones.
 * With TOTP on, a right password without `totpCode` answers 401 TOTP_REQUIRED (not counted as a
 * failure); a wrong code counts like a wrong password. Returns a new session.
 */
export async function login(db: Db, secrets: Secrets, input: { email: string; password: string; totpCode?: string }, ip: string) {
  const normEmail = input.email.trim().toLowerCase();
  const attempt = await beginAttempt(db, normEmail, ip);
  const row = await repo.findLoginUser(db, normEmail);
  const ok = await verifyPassword(row?.password_hash, input.password);
  if (!row || !ok) {
    await finishAttempt(db, attempt, 'failed');
    throw UserErrors.INVALID_CREDENTIALS();
  }
  if (row.totp_enabled_at && row.totp_secret) {
    if (!input.totpCode) {
      await finishAttempt(db, attempt, 'totp_required');
      throw UserErrors.TOTP_REQUIRED();
    }
    if (!(await spendSecondFactor(db, secrets, row.id, row.totp_secret, input.totpCode))) {
      await finishAttempt(db, attempt, 'failed');
      throw UserErrors.SIGN_IN_TOTP_INVALID({ fields: [{ path: 'totpCode', code: 'totp_code' }] });
    }
  }
  await finishAttempt(db, attempt, 'succeeded');
  const session = { id: newToken(), csrf: newToken(24) };
  await repo.insertSession(db, {
    id: session.id,
    user_id: row.id,
    workspace_id: row.workspace_id,
    csrf_token: session.csrf,
    expires_at: new Date(Date.now() + SESSION_TTL_MS),
  });
  return { sessionId: session.id, csrfToken: session.csrf, user: toUser(row) };
}

/**
 * The caller changes their own password: the current one is checked under the login limits (a
 * stolen session must not become a password oracle), the new one against the strength rules;
 * every other session of the user ends.
 */
export async function changeOwnPassword(
  db: Db,
  user: AuthUser,
  sessionId: string | null,
  input: { currentPassword: string; newPassword: string },
  ip: string,
) {
  const row = await repo.getPasswordFields(db, user.id);
  assertStrongPassword(input.newPassword, row, 'newPassword');
  const attempt = await beginAttempt(db, row.email.toLowerCase(), ip);
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    await finishAttempt(db, attempt, 'failed');
    throw UserErrors.PASSWORD_WRONG({ fields: [{ path: 'currentPassword', code: 'errors.PASSWORD_WRONG' }] });
  }
  await finishAttempt(db, attempt, 'succeeded');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.updateUserRow(trx, user.workspaceId, user.id, { password_hash: passwordHash });
    await repo.deleteUserSessions(trx, user.id, sessionId);
    await recordAudit(trx, user, { entity: 'user', entityId: user.id, action: 'update', after: { passwordChanged: true } });
  });
  evictUserSessions(user.id);
}

/** The caller's own language, time zone or name. */
export async function updateOwnProfile(db: Db, userId: string, input: { language?: 'ru' | 'bg' | 'en'; timeZone?: string; name?: string }) {
  await repo.updateOwnProfile(db, userId, { language: input.language, time_zone: input.timeZone, name: input.name });
}

export async function logout(db: Db, sessionId: string) {
  evictSession(sessionId);
  await repo.deleteSession(db, sessionId);
}

export async function getSessionCsrf(db: Db, sessionId: string): Promise<string> {
  return repo.getSessionCsrfToken(db, sessionId);
}

export async function getUser(db: Db, workspaceId: string, id: string): Promise<User> {
  const r = await repo.findUserRow(db, workspaceId, id);
  if (!r) throw UserErrors.USER_NOT_FOUND();
  return toUser(r);
}

export async function listUsers(db: Db, workspaceId: string): Promise<User[]> {
  const rows = await repo.listUserRows(db, workspaceId);
  return rows.map(toUser);
}

async function assertTeam(db: Db, workspaceId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  const t = await repo.findTeamId(db, workspaceId, teamId);
  if (!t) throw PlatformErrors.VALIDATION({ fields: [{ path: 'teamId', code: 'invalid' }] });
}

export async function createUser(db: Db, actor: AuthUser, input: z.infer<typeof createUserBody>): Promise<User> {
  await assertTeam(db, actor.workspaceId, input.teamId);
  const exists = await repo.findUserIdByEmail(db, input.email);
  if (exists) throw UserErrors.EMAIL_TAKEN({ fields: [{ path: 'email', code: 'errors.EMAIL_TAKEN' }] });
  assertStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertUser(trx, {
      workspace_id: actor.workspaceId,
      email: input.email.toLowerCase(),
      name: input.name,
      password_hash: passwordHash,
      role: input.role,
      team_id: input.teamId ?? null,
      language: input.language ?? 'ru',
      time_zone: input.timeZone ?? 'Europe/Moscow',
      capacity: input.capacity ?? null,
      calendar_token: null,
      deleted_at: null,
    });
    const user = toUser(row);
    await recordAudit(trx, actor, { entity: 'user', entityId: user.id, action: 'create', after: stripUser(user) });
    return user;
  });
}

export async function updateUser(db: Db, actor: AuthUser, id: string, input: z.infer<typeof updateUserBody>): Promise<User> {
  await assertTeam(db, actor.workspaceId, input.teamId);
  const before = await getUser(db, actor.workspaceId, id);
  if (input.extension && (await repo.findUserIdByExtension(db, actor.workspaceId, input.extension, id)))
    throw UserErrors.EXTENSION_TAKEN({ fields: [{ path: 'extension', code: 'errors.EXTENSION_TAKEN' }] });
  if (input.password) assertStrongPassword(input.password, { email: before.email, name: input.name ?? before.name });
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.transaction().execute(async (trx) => {
    const row = await repo.updateUserRow(trx, actor.workspaceId, id, {
      name: input.name,
      role: input.role,
      team_id: input.teamId,
      language: input.language,
      time_zone: input.timeZone,
      capacity: input.capacity,
      is_active: input.isActive,
      password_hash: passwordHash,
      extension: input.extension,
    });
    const user = toUser(row);
    await recordAudit(trx, actor, { entity: 'user', entityId: id, action: 'update', before: stripUser(before), after: stripUser(user) });
    evictUserSessions(id);
    if (input.password || input.isActive === false) await repo.deleteUserSessions(trx, id);
    return user;
  });
}

export async function listTeams(db: Db, workspaceId: string) {
  const rows = await repo.listTeamRows(db, workspaceId);
  return rows.map((r) => ({ id: r.id, name: r.name, leadId: r.lead_id }));
}

export async function createTeam(db: Db, actor: AuthUser, input: { name: string; leadId?: string }) {
  if (input.leadId)
    await getUser(db, actor.workspaceId, input.leadId).catch(() => {
      throw PlatformErrors.VALIDATION({ fields: [{ path: 'leadId', code: 'invalid' }] });
    });
  return db.transaction().execute(async (trx) => {
    const t = await repo.insertTeam(trx, { workspace_id: actor.workspaceId, name: input.name, lead_id: input.leadId ?? null });
    const team = { id: t.id, name: t.name, leadId: t.lead_id };
    await recordAudit(trx, actor, { entity: 'team', entityId: t.id, action: 'create', after: team });
    return team;
  });
}

/** The per-user secret for the iCalendar feed; created on first use, rotated on revoke. */
export async function calendarToken(db: Db, userId: string, rotate = false): Promise<string> {
  if (!rotate) {
    const existing = await repo.findCalendarToken(db, userId);
    if (existing) return existing;
  }
  const token = newToken(24);
  await repo.setCalendarToken(db, userId, token);
  return token;
}

/** The active user whose iCalendar feed secret this is, if any. */
export async function findUserByCalendarToken(db: Db, token: string) {
  return repo.findUserByCalendarToken(db, token);
}

export async function getWorkspace(db: Db, id: string) {
  const w = await getWorkspaceSettings(db, id);
  return { id: w.id, name: w.name, defaultCurrency: w.defaultCurrency, timeZone: w.timeZone };
}

export async function createSetupToken(db: Db): Promise<string> {
  const token = newToken();
  await repo.insertSetupToken(db, token);
  return token;
}

/** One-time setup link: creates the first workspace and admin, then the token is spent. */
export async function completeSetup(
  db: Db,
  input: { token: string; workspaceName: string; email: string; name: string; password: string; language?: 'ru' | 'bg' | 'en' },
) {
  const pending = await repo.findPendingSetupToken(db, input.token);
  if (!pending) throw UserErrors.SETUP_TOKEN_INVALID();
  // Before the token is spent: a refused password must leave the link usable.
  assertStrongPassword(input.password, input);
  const spent = await repo.spendSetupToken(db, input.token);
  if (!spent) throw UserErrors.SETUP_TOKEN_INVALID();
  if ((await countUsers(db)) > 0) throw UserErrors.SETUP_DONE();
  return createWorkspaceWithAdmin(db, input);
}
