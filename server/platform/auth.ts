import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import { pickLanguage, type Lang } from '../../contracts/i18n/index.js';
import type { Db } from './database.js';
import { PlatformErrors } from './errors.js';
import type { Role } from './platform.table.js';

export const SESSION_COOKIE = 'orbita_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

/** The caller, as every service sees it. */
export type AuthUser = {
  id: string;
  workspaceId: string;
  role: Role;
  teamId: string | null;
  name: string;
  email: string;
  language: Lang;
  timeZone: string;
  /** How this request was authenticated; the audit log records it. Absent for system callers. */
  via?: 'session' | 'api_token';
  /** The API token of the request, when `via` is 'api_token'. */
  apiTokenId?: string;
  /** The role requires TOTP and the user has not set it up: only the set-up is allowed. */
  totpSetupRequired?: boolean;
};

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
    lang: Lang;
    sessionId: string | null;
  }
}

export const newToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

// A short-lived per-process cache keeps the session lookup off the hot path of every request.
// Logout and user changes evict locally; other instances see them within CACHE_MS.
const CACHE_MS = 5_000;
type Cached = { user: AuthUser; csrf: string; expiresAt: number; until: number };
const sessionCache = new Map<string, Cached>();
export function evictSession(id: string) {
  sessionCache.delete(id);
}
export function evictUserSessions(userId: string) {
  for (const [k, v] of sessionCache) if (v.user.id === userId) sessionCache.delete(k);
}
/** After a workspace-wide change (the roles that require TOTP). */
export function evictWorkspaceSessions(workspaceId: string) {
  for (const [k, v] of sessionCache) if (v.user.workspaceId === workspaceId) sessionCache.delete(k);
}

type UserRowForAuth = {
  id: string;
  workspace_id: string;
  role: Role;
  team_id: string | null;
  name: string;
  email: string;
  language: Lang;
  time_zone: string;
  totp_enabled_at: Date | null;
  totp_required_roles: Role[];
};

function toAuthUser(row: UserRowForAuth, via: 'session' | 'api_token', apiTokenId?: string): AuthUser {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    role: row.role,
    teamId: row.team_id,
    name: row.name,
    email: row.email,
    language: row.language,
    timeZone: row.time_zone,
    via,
    ...(apiTokenId ? { apiTokenId } : {}),
    totpSetupRequired: !row.totp_enabled_at && row.totp_required_roles.includes(row.role),
  };
}

const authUserColumns = [
  'u.id',
  'u.workspace_id',
  'u.role',
  'u.team_id',
  'u.name',
  'u.email',
  'u.language',
  'u.time_zone',
  'u.totp_enabled_at',
  'w.totp_required_roles',
] as const;

async function loadSession(db: Db, id: string): Promise<Cached | null> {
  const hit = sessionCache.get(id);
  const now = Date.now();
  if (hit && hit.until > now && hit.expiresAt > now) return hit;
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
    .select(['s.csrf_token', 's.expires_at', ...authUserColumns])
    .where('s.id', '=', id)
    .where('u.is_active', '=', true)
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now) {
    sessionCache.delete(id);
    return null;
  }
  const entry: Cached = {
    user: toAuthUser(row, 'session'),
    csrf: row.csrf_token,
    expiresAt: row.expires_at.getTime(),
    until: now + CACHE_MS,
  };
  if (sessionCache.size > 10_000) sessionCache.clear();
  sessionCache.set(id, entry);
  return entry;
}

/** API tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'orb_';
export const hashApiToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** The user behind a valid (not revoked, not expired) API token, or null. */
async function loadApiTokenUser(db: Db, token: string): Promise<AuthUser | null> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
    .select(['t.id as token_id', 't.last_used_at', ...authUserColumns])
    .where('t.token_hash', '=', hashApiToken(token))
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
    .where('u.is_active', '=', true)
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // Minute resolution is enough to answer "is this token still used?" without a write per request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute();
  }
  return toAuthUser(row, 'api_token', row.token_id);
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/i;

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a user who must set up TOTP may still call: who am I, the set-up itself, sign out. */
const TOTP_SETUP_ALLOWED = new Set([
  'GET /api/v1/auth/me',
  'PATCH /api/v1/auth/me',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/totp/setup',
  'POST /api/v1/auth/totp/enable',
]);

/**
 * Resolves the caller on every API request: an `Authorization: Bearer` API token (no CSRF: it is
 * not sent by browsers on their own), else the session cookie with CSRF on unsafe methods. A user
 * whose role requires TOTP and who has none gets 403 TOTP_SETUP_REQUIRED outside the set-up.
 */
export function registerAuth(app: FastifyInstance, db: Db) {
  app.decorateRequest('user', null);
  app.decorateRequest('lang', 'ru');
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (req) => {
    req.lang = pickLanguage(req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const m = BEARER.exec(authorization);
      if (!m) throw PlatformErrors.AUTH_HEADER_INVALID();
      const user = m[1].startsWith(API_TOKEN_PREFIX) ? await loadApiTokenUser(db, m[1]) : null;
      if (!user) throw PlatformErrors.API_TOKEN_INVALID();
      if (!req.headers['accept-language']) req.lang = user.language;
      req.user = user;
    } else {
      const sid = req.cookies?.[SESSION_COOKIE];
      if (!sid) return;
      const session = await loadSession(db, sid);
      if (!session) return;
      if (!req.headers['accept-language']) req.lang = session.user.language;
      if (!SAFE.has(req.method) && !req.url.startsWith('/api/v1/auth/login')) {
        const token = req.headers['x-csrf-token'];
        if (typeof token !== 'string' || !timingSafeEqual(token, session.csrf)) throw PlatformErrors.CSRF();
      }
      req.user = session.user;
      req.sessionId = sid;
    }
    if (req.user.totpSetupRequired && !TOTP_SETUP_ALLOWED.has(`${req.method} ${req.url.split('?')[0]}`)) {
      throw PlatformErrors.TOTP_SETUP_REQUIRED();
    }
  });
}

function timingSafeEqual(a: string, b: string) {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}

/** The signed-in caller, or 401. */
export function requireUser(req: FastifyRequest): AuthUser {
  if (!req.user) throw PlatformErrors.UNAUTHENTICATED();
  return req.user;
}

/** The signed-in caller with one of the roles, or 403. */
export function requireRole(req: FastifyRequest, roles: Role[]): AuthUser {
  const user = requireUser(req);
  if (!roles.includes(user.role)) throw PlatformErrors.FORBIDDEN();
  return user;
}

/** Roles that see every record of the workspace (operators need to find any caller). */
export function seesAll(user: AuthUser): boolean {
  return ['admin', 'director', 'finance', 'marketing', 'operator'].includes(user.role);
}

/** Roles that may change any record they can see; others change only their own or shared ones. */
function editsAllVisible(user: AuthUser): boolean {
  return ['admin', 'director', 'head_of_sales', 'manager'].includes(user.role);
}

/** Ids of the users whose records a head of sales controls: the teams they lead, their own team, themselves. */
export function teamUserIds(user: AuthUser): RawBuilder<string> {
  return sql<string>`(select u.id from users u where u.workspace_id = ${user.workspaceId} and (u.id = ${user.id}
    or u.team_id in (select t.id from teams t where t.lead_id = ${user.id})
    ${user.teamId ? sql`or u.team_id = ${user.teamId}` : sql``}))`;
}

/** The owner half of record-level access over `alias.owner_id`; null when the caller sees every owner. */
export function ownerArm(user: AuthUser, alias: string): RawBuilder<boolean> | null {
  if (seesAll(user)) return null;
  const owner = sql.ref(`${alias}.owner_id`);
  return user.role === 'head_of_sales' ? sql<boolean>`${owner} in ${teamUserIds(user)}` : sql<boolean>`${owner} = ${user.id}`;
}

/**
 * The shared half: records of `entity` shared with the caller. `= any(array(...))` is computed once,
 * before the scan, so the few shared ids drive primary-key lookups instead of a filter applied to
 * whatever index the rest of the query walks.
 */
export function sharedArm(user: AuthUser, entity: string, alias: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.id`)} = any(array(select rs.entity_id from record_shares rs where rs.user_id = ${user.id} and rs.entity = ${entity}))`;
}

/**
 * Record-level access as a SQL predicate over `alias` (a table with id and owner_id): the one
 * filter every list, lookup and search of an owned record goes through. Queries that need each half
 * on its own index run `ownerArm` and `sharedArm` as separate branches and still AND this in.
 */
export function visibleTo(user: AuthUser, entity: string, alias: string): RawBuilder<boolean> {
  const owned = ownerArm(user, alias);
  if (!owned) return sql<boolean>`true`;
  // Here the shares stay an `in (subquery)`: PostgreSQL turns it into a hashed filter, so a list can
  // still walk its (owner, name) index in order. The any(array) form of sharedArm made the planner
  // OR two bitmaps and sort a manager's whole book instead (bench: list 360 -> 39 req/s).
  const shared = sql`${sql.ref(`${alias}.id`)} in (select rs.entity_id from record_shares rs where rs.user_id = ${user.id} and rs.entity = ${entity})`;
  return sql<boolean>`(${owned} or ${shared})`;
}

/**
 * canEditRecord as a SQL predicate over `alias` (to AND with visibleTo): a bulk change checks each
 * record in its own statement rather than one by one.
 */
export function editableBy(user: AuthUser, entity: string, alias: string): RawBuilder<boolean> {
  if (editsAllVisible(user)) return sql<boolean>`true`;
  const id = sql.ref(`${alias}.id`);
  return sql<boolean>`(${sql.ref(`${alias}.owner_id`)} = ${user.id}
    or ${id} in (select rs.entity_id from record_shares rs where rs.user_id = ${user.id} and rs.entity = ${entity}))`;
}

/** Whether the caller may change a record they can already see. */
export function canEditRecord(user: AuthUser, ownerId: string | null, sharedWithCaller: boolean): boolean {
  if (editsAllVisible(user)) return true;
  return ownerId === user.id || sharedWithCaller;
}
