import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../platform/database.js';
import { SEALED_PREFIX } from '../../platform/secrets.js';
import type { Role, SessionsTable, UsersTable } from '../../platform/platform.table.js';
import type { ApiTokensTable } from './users.table.js';

// SQL of the users module only: functions (db, ...) -> rows. The rules (limits, password strength,
// audit, session eviction) stay in the services that call these.

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  language: 'ru' | 'bg' | 'en';
  time_zone: string;
  capacity: number | null;
  extension: string | null;
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
  'extension',
  'is_active',
  'workspace_id',
  'totp_enabled_at',
] as const;

/** Users whose `updated_at`/`version` the update bumps itself; callers give only what changes. */
export type UserChanges = Omit<Updateable<UsersTable>, 'id' | 'workspace_id' | 'version' | 'updated_at'>;

// ---- workspaces and setup

export async function insertWorkspace(db: Db, input: { name: string; defaultLanguage: string }): Promise<{ id: string }> {
  return db
    .insertInto('workspaces')
    .values({ name: input.name, default_language: input.defaultLanguage })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertSetupToken(db: Db, token: string): Promise<void> {
  await db.insertInto('setup_tokens').values({ token, used_at: null }).execute();
}

export async function findPendingSetupToken(db: Db, token: string) {
  return db.selectFrom('setup_tokens').select('token').where('token', '=', token).where('used_at', 'is', null).executeTakeFirst();
}

/** Spends the token if still unused; undefined when another request spent it first. */
export async function spendSetupToken(db: Db, token: string) {
  return db
    .updateTable('setup_tokens')
    .set({ used_at: new Date() })
    .where('token', '=', token)
    .where('used_at', 'is', null)
    .returning('token')
    .executeTakeFirst();
}

// ---- users

export async function insertUser(db: Db, values: Insertable<UsersTable>): Promise<UserRow> {
  return db.insertInto('users').values(values).returning(userCols).executeTakeFirstOrThrow();
}

/** Applies changes to a user of the workspace, bumping its version. */
export async function updateUserRow(db: Db, workspaceId: string, id: string, changes: UserChanges): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .returning(userCols)
    .executeTakeFirstOrThrow();
}

/** The caller's own profile fields (language, time zone, name); no version bump, as before. */
export async function updateOwnProfile(
  db: Db,
  userId: string,
  changes: Pick<Updateable<UsersTable>, 'language' | 'time_zone' | 'name'>,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function countAllUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An active, not deleted user by email (any case), with what login needs to check. */
export async function findLoginUser(db: Db, normEmail: string) {
  return db
    .selectFrom('users')
    .select([...userCols, 'password_hash', 'totp_secret'])
    .where(sql`lower(email)`, '=', normEmail)
    .where('deleted_at', 'is', null)
    .where('is_active', '=', true)
    .executeTakeFirst();
}

/** Any user (deleted ones too) with this email in any case: emails are unique over the instance. */
export async function findUserIdByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

/** Another alive user of the workspace with this extension, if any. */
export async function findUserIdByExtension(db: Db, workspaceId: string, extension: string, exceptId: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('extension', '=', extension)
    .where('deleted_at', 'is', null)
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}

export async function getPasswordFields(db: Db, userId: string) {
  return db.selectFrom('users').select(['password_hash', 'email', 'name']).where('id', '=', userId).executeTakeFirstOrThrow();
}

export async function findUserRow(db: Db, workspaceId: string, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .select(userCols)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function listUserRows(db: Db, workspaceId: string): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .select(userCols)
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
}

export async function findCalendarToken(db: Db, userId: string): Promise<string | null> {
  const r = await db.selectFrom('users').select('calendar_token').where('id', '=', userId).executeTakeFirstOrThrow();
  return r.calendar_token;
}

export async function setCalendarToken(db: Db, userId: string, token: string): Promise<void> {
  await db.updateTable('users').set({ calendar_token: token }).where('id', '=', userId).execute();
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

// ---- teams

export async function findTeamId(db: Db, workspaceId: string, teamId: string) {
  return db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('id', '=', teamId).executeTakeFirst();
}

export async function listTeamRows(db: Db, workspaceId: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'lead_id'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
}

export async function insertTeam(db: Db, values: { workspace_id: string; name: string; lead_id: string | null }) {
  return db
    .insertInto('teams')
    .values({ ...values, deleted_at: null })
    .returning(['id', 'name', 'lead_id'])
    .executeTakeFirstOrThrow();
}

// ---- sessions

export async function insertSession(db: Db, values: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(values).execute();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends the user's sessions, all or all but `keep`. */
export async function deleteUserSessions(db: Db, userId: string, keep?: string | null): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id', '<>', keep);
  await q.execute();
}

export async function getSessionCsrfToken(db: Db, sessionId: string): Promise<string> {
  const r = await db.selectFrom('sessions').select('csrf_token').where('id', '=', sessionId).executeTakeFirstOrThrow();
  return r.csrf_token;
}

// ---- login attempts

const lockKey = (kind: string, value: string) => sql`pg_advisory_xact_lock(hashtextextended(${`login:${kind}:${value}`}, 0))`;

/** Takes the transaction's advisory locks on the account and the address, always in that order. */
export async function lockLoginKeys(trx: Db, email: string, ip: string): Promise<void> {
  await sql`select ${lockKey('account', email)}, ${lockKey('address', ip)}`.execute(trx);
}

/** Windows of the limiter as Postgres intervals ('15 minutes'). */
export type AttemptWindows = { window: string; accountWindow: string; knownAddressFor: string };

/** The counts the limiter decides on, with the database's `now` so clocks of instances do not matter. */
export async function countLoginAttempts(db: Db, email: string, ip: string, w: AttemptWindows) {
  const { window: WINDOW, accountWindow: ACCOUNT_WINDOW, knownAddressFor: KNOWN_ADDRESS_FOR } = w;
  return db
    .selectFrom('login_attempts')
    .select([
      sql<string>`count(*) filter (where lower(email) = ${email} and ip = ${ip} and at > now() - ${WINDOW}::interval and outcome in ('pending', 'failed'))`.as(
        'pair',
      ),
      sql<Date | null>`min(at) filter (where lower(email) = ${email} and ip = ${ip} and at > now() - ${WINDOW}::interval and outcome in ('pending', 'failed'))`.as(
        'pair_oldest',
      ),
      sql<string>`count(*) filter (where ip = ${ip} and at > now() - ${WINDOW}::interval and outcome in ('pending', 'failed'))`.as(
        'address',
      ),
      sql<Date | null>`min(at) filter (where ip = ${ip} and at > now() - ${WINDOW}::interval and outcome in ('pending', 'failed'))`.as(
        'address_oldest',
      ),
      sql<string>`count(*) filter (where lower(email) = ${email} and at > now() - ${ACCOUNT_WINDOW}::interval and outcome in ('pending', 'failed'))`.as(
        'account',
      ),
      sql<Date | null>`max(at) filter (where lower(email) = ${email} and at > now() - ${ACCOUNT_WINDOW}::interval and outcome in ('pending', 'failed'))`.as(
        'account_latest',
      ),
      sql<boolean>`exists (select 1 from login_attempts k where lower(k.email) = ${email} and k.ip = ${ip}
          and k.at > now() - ${KNOWN_ADDRESS_FOR}::interval and k.outcome = 'succeeded')`.as('known'),
      sql<Date>`now()`.as('now'),
    ])
    .where((eb) => eb.or([eb(sql`lower(email)`, '=', email), eb('ip', '=', ip)]))
    .where('at', '>', sql<Date>`now() - ${ACCOUNT_WINDOW}::interval`)
    .executeTakeFirstOrThrow();
}

/**
 * Deletes up to `limit` attempts the limiter no longer reads: anything but a success older than
 * `window` (its longest count), a success older than `knownFor` (what makes an address known).
 * Returns how many went.
 */
export async function deleteStaleLoginAttempts(db: Db, w: { window: string; knownFor: string }, limit: number): Promise<number> {
  const r = await sql`delete from login_attempts where id in (
      select id from login_attempts
      where (outcome <> 'succeeded' and at < now() - ${w.window}::interval) or at < now() - ${w.knownFor}::interval
      limit ${limit})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function insertPendingAttempt(db: Db, email: string, ip: string): Promise<number> {
  const row = await db
    .insertInto('login_attempts')
    .values({ email, ip, succeeded: false, outcome: 'pending' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setAttemptOutcome(db: Db, id: number, outcome: 'failed' | 'succeeded' | 'totp_required'): Promise<void> {
  await db
    .updateTable('login_attempts')
    .set({ outcome, succeeded: outcome === 'succeeded' })
    .where('id', '=', id)
    .execute();
}

// ---- TOTP and recovery codes

export async function getTotpState(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['totp_secret', 'totp_pending_secret', 'totp_enabled_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function setPendingTotpSecret(db: Db, userId: string, secret: string): Promise<void> {
  await db.updateTable('users').set({ totp_pending_secret: secret, totp_last_step: null }).where('id', '=', userId).execute();
}

/** Records `step` as spent if it is newer than the last spent one; false when it was not. */
export async function spendTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const spent = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .returning('id')
    .executeTakeFirst();
  return !!spent;
}

/** Users with a TOTP secret (current or pending) not yet sealed: kept from before secrets were sealed. */
export async function plainTotpSecrets(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'totp_secret', 'totp_pending_secret'])
    .where((eb) => eb.or([eb('totp_secret', 'not like', `${SEALED_PREFIX}%`), eb('totp_pending_secret', 'not like', `${SEALED_PREFIX}%`)]))
    .execute();
}

/** Replaces one stored TOTP secret if it is still `from` (another instance may have sealed it first). */
export async function replaceTotpSecret(
  db: Db,
  userId: string,
  column: 'totp_secret' | 'totp_pending_secret',
  from: string,
  to: string,
): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ [column]: to })
    .where('id', '=', userId)
    .where(column, '=', from)
    .returning('id')
    .executeTakeFirst();
  return !!r;
}

/** Moves the pending secret into place unless another request did first; false then. */
export async function confirmTotpSecret(db: Db, userId: string, secret: string): Promise<boolean> {
  const done = await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_pending_secret: null, totp_enabled_at: new Date(), updated_at: new Date() })
    .where('id', '=', userId)
    .where('totp_pending_secret', '=', secret)
    .where('totp_enabled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!done;
}

export async function clearTotp(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function spendRecoveryCodeHash(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const spent = await db
    .updateTable('recovery_codes')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!spent;
}

export async function deleteRecoveryCodes(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

export async function insertRecoveryCodes(db: Db, userId: string, codeHashes: string[]): Promise<void> {
  await db
    .insertInto('recovery_codes')
    .values(codeHashes.map((h) => ({ user_id: userId, code_hash: h, used_at: null })))
    .execute();
}

export async function setTotpRequiredRoles(db: Db, workspaceId: string, roles: Role[]): Promise<void> {
  await db
    .updateTable('workspaces')
    .set({ totp_required_roles: sql<Role[]>`${roles}::text[]` })
    .where('id', '=', workspaceId)
    .execute();
}

// ---- API tokens

export type ApiTokenRow = { id: string; name: string; created_at: Date; expires_at: Date | null; last_used_at: Date | null };
const apiTokenCols = ['id', 'name', 'created_at', 'expires_at', 'last_used_at'] as const;

export async function insertApiToken(db: Db, values: Insertable<ApiTokensTable>): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(values).returning(apiTokenCols).executeTakeFirstOrThrow();
}

export async function listApiTokenRows(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .select(apiTokenCols)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Revokes the user's token if it is theirs and live; undefined otherwise. */
export async function revokeApiTokenRow(db: Db, userId: string, id: string) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
}
