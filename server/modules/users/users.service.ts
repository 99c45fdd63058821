import { sql } from 'kysely';
import type { z } from 'zod';
import type { createUserBody, updateUserBody, User } from '../../../contracts/users.js';
import type { AuthUser } from '../../platform/auth.js';
import { evictSession, evictUserSessions, newToken, SESSION_TTL_MS } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { AppError, conflict, invalidFields, notFound } from '../../platform/errors.js';
import type { Role } from '../../platform/platform.table.js';
import { recordAudit } from '../../platform/audit.js';
import { beginAttempt, finishAttempt, hashPassword, verifyPassword } from './users.login.js';
import { assertStrongPassword } from './users.password.js';
import { spendSecondFactor } from './users.totp.js';

type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  language: 'ru' | 'bg' | 'en';
  time_zone: string;
  capacity: number | null;
  is_active: boolean;
  workspace_id: string;
  totp_enabled_at: Date | null;
};
const userCols = [
  'id',
  'email',
  'name',
  'role',
  'team_id',
  'language',
  'time_zone',
  'capacity',
  'is_active',
  'workspace_id',
  'totp_enabled_at',
] as const;

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
    const ws = await trx
      .insertInto('workspaces')
      .values({ name: input.workspaceName, default_language: input.language ?? 'ru' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('users')
      .values({
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
      })
      .returning(userCols)
      .executeTakeFirstOrThrow();
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
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Checks credentials and the second factor, under the limits of `beginAttempt` (shared by every
 * instance through the database). Unknown emails cost one argon2 verification like known ones.
 * With TOTP on, a right password without `totpCode` answers 401 TOTP_REQUIRED (not counted as a
 * failure); a wrong code counts like a wrong password. Returns a new session.
 */
export async function login(db: Db, input: { email: string; password: string; totpCode?: string }, ip: string) {
  const normEmail = input.email.trim().toLowerCase();
  const attempt = await beginAttempt(db, normEmail, ip);
  const row = await db
    .selectFrom('users')
    .select([...userCols, 'password_hash', 'totp_secret'])
    .where(sql`lower(email)`, '=', normEmail)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash, input.password);
  if (!row || !ok) {
    await finishAttempt(db, attempt, 'failed');
    throw new AppError('unauthenticated', 'INVALID_CREDENTIALS');
  }
  if (row.totp_enabled_at && row.totp_secret) {
    if (!input.totpCode) {
      await finishAttempt(db, attempt, 'totp_required');
      throw new AppError('unauthenticated', 'TOTP_REQUIRED');
    }
    if (!(await spendSecondFactor(db, row.id, row.totp_secret, input.totpCode))) {
      await finishAttempt(db, attempt, 'failed');
      throw new AppError('unauthenticated', 'TOTP_INVALID', [{ path: 'totpCode', code: 'totp_code' }]);
    }
  }
  await finishAttempt(db, attempt, 'succeeded');
  const session = { id: newToken(), csrf: newToken(24) };
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: row.id,
      workspace_id: row.workspace_id,
      csrf_token: session.csrf,
      expires_at: new Date(Date.now() + SESSION_TTL_MS),
    })
    .execute();
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
  const row = await db.selectFrom('users').select(['password_hash', 'email', 'name']).where('id', '=', user.id).executeTakeFirstOrThrow();
  assertStrongPassword(input.newPassword, row, 'newPassword');
  const attempt = await beginAttempt(db, row.email.toLowerCase(), ip);
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    await finishAttempt(db, attempt, 'failed');
    throw invalidFields([{ path: 'currentPassword', code: 'errors.PASSWORD_WRONG' }], 'PASSWORD_WRONG');
  }
  await finishAttempt(db, attempt, 'succeeded');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: new Date(), version: sql`version + 1` })
      .where('id', '=', user.id)
      .execute();
    let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (sessionId) others = others.where('id', '<>', sessionId);
    await others.execute();
    await recordAudit(trx, user, { entity: 'user', entityId: user.id, action: 'update', after: { passwordChanged: true } });
  });
  evictUserSessions(user.id);
}

export async function logout(db: Db, sessionId: string) {
  evictSession(sessionId);
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function getSessionCsrf(db: Db, sessionId: string): Promise<string> {
  const r = await db.selectFrom('sessions').select('csrf_token').where('id', '=', sessionId).executeTakeFirstOrThrow();
  return r.csrf_token;
}

export async function getUser(db: Db, workspaceId: string, id: string): Promise<User> {
  const r = await db
    .selectFrom('users')
    .select(userCols)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!r) throw notFound('USER_NOT_FOUND');
  return toUser(r);
}

export async function listUsers(db: Db, workspaceId: string): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .select(userCols)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map(toUser);
}

async function assertTeam(db: Db, workspaceId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  const t = await db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('id', '=', teamId).executeTakeFirst();
  if (!t) throw invalidFields([{ path: 'teamId', code: 'invalid' }]);
}

export async function createUser(db: Db, actor: AuthUser, input: z.infer<typeof createUserBody>): Promise<User> {
  await assertTeam(db, actor.workspaceId, input.teamId);
  const exists = await db
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', input.email.toLowerCase())
    .executeTakeFirst();
  if (exists) throw new AppError('conflict', 'EMAIL_TAKEN', [{ path: 'email', code: 'errors.EMAIL_TAKEN' }]);
  assertStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({
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
      })
      .returning(userCols)
      .executeTakeFirstOrThrow();
    const user = toUser(row);
    await recordAudit(trx, actor, { entity: 'user', entityId: user.id, action: 'create', after: stripUser(user) });
    return user;
  });
}

export async function updateUser(db: Db, actor: AuthUser, id: string, input: z.infer<typeof updateUserBody>): Promise<User> {
  await assertTeam(db, actor.workspaceId, input.teamId);
  const before = await getUser(db, actor.workspaceId, id);
  if (input.password) assertStrongPassword(input.password, { email: before.email, name: input.name ?? before.name });
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({
        name: input.name,
        role: input.role,
        team_id: input.teamId,
        language: input.language,
        time_zone: input.timeZone,
        capacity: input.capacity,
        is_active: input.isActive,
        password_hash: passwordHash,
        updated_at: new Date(),
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('workspace_id', '=', actor.workspaceId)
      .returning(userCols)
      .executeTakeFirstOrThrow();
    const user = toUser(row);
    await recordAudit(trx, actor, { entity: 'user', entityId: id, action: 'update', before: stripUser(before), after: stripUser(user) });
    evictUserSessions(id);
    if (input.password || input.isActive === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    return user;
  });
}

export async function listTeams(db: Db, workspaceId: string) {
  const rows = await db
    .selectFrom('teams')
    .select(['id', 'name', 'lead_id'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, leadId: r.lead_id }));
}

export async function createTeam(db: Db, actor: AuthUser, input: { name: string; leadId?: string }) {
  if (input.leadId)
    await getUser(db, actor.workspaceId, input.leadId).catch(() => {
      throw invalidFields([{ path: 'leadId', code: 'invalid' }]);
    });
  return db.transaction().execute(async (trx) => {
    const t = await trx
      .insertInto('teams')
      .values({ workspace_id: actor.workspaceId, name: input.name, lead_id: input.leadId ?? null, deleted_at: null })
      .returning(['id', 'name', 'lead_id'])
      .executeTakeFirstOrThrow();
    const team = { id: t.id, name: t.name, leadId: t.lead_id };
    await recordAudit(trx, actor, { entity: 'team', entityId: t.id, action: 'create', after: team });
    return team;
  });
}

/** The per-user secret for the iCalendar feed; created on first use, rotated on revoke. */
export async function calendarToken(db: Db, userId: string, rotate = false): Promise<string> {
  if (!rotate) {
    const r = await db.selectFrom('users').select('calendar_token').where('id', '=', userId).executeTakeFirstOrThrow();
    if (r.calendar_token) return r.calendar_token;
  }
  const token = newToken(24);
  await db.updateTable('users').set({ calendar_token: token }).where('id', '=', userId).execute();
  return token;
}

export async function findUserByCalendarToken(db: Db, token: string) {
  return db
    .selectFrom('users')
    .select(['id', 'workspace_id', 'time_zone', 'language', 'name', 'role', 'team_id', 'email'])
    .where('calendar_token', '=', token)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .executeTakeFirst();
}

export async function getWorkspace(db: Db, id: string) {
  const w = await db
    .selectFrom('workspaces')
    .select(['id', 'name', 'default_currency', 'time_zone'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { id: w.id, name: w.name, defaultCurrency: w.default_currency, timeZone: w.time_zone };
}

export async function createSetupToken(db: Db): Promise<string> {
  const token = newToken();
  await db.insertInto('setup_tokens').values({ token, used_at: null }).execute();
  return token;
}

/** One-time setup link: creates the first workspace and admin, then the token is spent. */
export async function completeSetup(
  db: Db,
  input: { token: string; workspaceName: string; email: string; name: string; password: string; language?: 'ru' | 'bg' | 'en' },
) {
  const pending = await db
    .selectFrom('setup_tokens')
    .select('token')
    .where('token', '=', input.token)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (!pending) throw notFound('SETUP_TOKEN_INVALID');
  // Before the token is spent: a refused password must leave the link usable.
  assertStrongPassword(input.password, input);
  const spent = await db
    .updateTable('setup_tokens')
    .set({ used_at: new Date() })
    .where('token', '=', input.token)
    .where('used_at', 'is', null)
    .returning('token')
    .executeTakeFirst();
  if (!spent) throw notFound('SETUP_TOKEN_INVALID');
  if ((await countUsers(db)) > 0) throw conflict('SETUP_DONE');
  return createWorkspaceWithAdmin(db, input);
}
