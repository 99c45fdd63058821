import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { AuthUser } from '../../platform/auth.js';
import { evictUserSessions, evictWorkspaceSessions } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { getWorkspaceSettings } from '../../platform/settings.js';
import { UserErrors } from './users.errors.js';
import { recordAudit } from '../../platform/audit.js';
import { isSealed, type Secrets } from '../../platform/secrets.js';
import * as repo from './users.repository.js';

const ISSUER = 'Orbita';
const PERIOD = 30;
const RECOVERY_CODES = 10;

const totpFor = (secret: string, label = '') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

const normalizeRecovery = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashRecovery = (code: string) => crypto.createHash('sha256').update(normalizeRecovery(code)).digest('hex');
/** 10 characters of Crockford-like base32 (no 0/O/1/I), shown as xxxxx-xxxxx: 50 random bits each. */
function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * A stored TOTP secret in the clear. Stored ones are sealed (platform/secrets.ts); a plain base32
 * one is from before sealing (or written by an instance not yet upgraded) and is read as it is
 * until `sealLegacyTotpSecrets` rewrites it at the next start.
 */
const openSecret = (secrets: Secrets, stored: string) => (isSealed(stored) ? secrets.open(stored) : stored);

/** Starts (or restarts) the set-up: a new secret waits for a code from the app to confirm it. */
export async function setupTotp(db: Db, secrets: Secrets, user: AuthUser): Promise<{ secret: string; otpauthUrl: string }> {
  const row = await repo.getTotpState(db, user.id);
  if (row.totp_enabled_at) throw UserErrors.TOTP_ALREADY_ENABLED();
  const secret = new Secret({ size: 20 }).base32;
  await repo.setPendingTotpSecret(db, user.id, secrets.seal(secret));
  return { secret, otpauthUrl: totpFor(secret, user.email).toString() };
}

/**
 * Seals every TOTP secret still stored in the clear (kept from before sealing); start-up runs it.
 * Without a key it refuses when there are any: they must not stay readable in the database.
 */
export async function sealLegacyTotpSecrets(db: Db, secrets: Secrets): Promise<number> {
  const rows = await repo.plainTotpSecrets(db);
  if (!rows.length) return 0;
  if (!secrets.hasKey)
    throw new Error(
      `${rows.length} users' two-factor secrets are stored unencrypted and ORBITA_SECRET_KEY is not set: set it (32 bytes, openssl rand -base64 32) so they are sealed.`,
    );
  let sealed = 0;
  for (const r of rows) {
    for (const column of ['totp_secret', 'totp_pending_secret'] as const) {
      const plain = r[column];
      if (plain && !isSealed(plain) && (await repo.replaceTotpSecret(db, r.id, column, plain, secrets.seal(plain)))) sealed++;
    }
  }
  return sealed;
}

/**
 * Checks a TOTP code (±1 step of 30 s) and spends its step: the same code, or an older one, is
 * never accepted again (a single conditional update, so two parallel uses cannot both pass).
 */
async function spendTotpCode(db: Db, secrets: Secrets, userId: string, stored: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const delta = totpFor(openSecret(secrets, stored)).validate({ token: code, window: 1 });
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 1000 / PERIOD) + delta;
  return repo.spendTotpStep(db, userId, step);
}

async function spendRecoveryCode(db: Db, userId: string, code: string): Promise<boolean> {
  return repo.spendRecoveryCodeHash(db, userId, hashRecovery(code));
}

/**
 * A second factor for a user with TOTP on: a current app code or an unused recovery code (spent
 * either way). `stored` is the secret as stored (sealed); only an app code needs it opened.
 */
export async function spendSecondFactor(db: Db, secrets: Secrets, userId: string, stored: string, code: string): Promise<boolean> {
  const trimmed = code.replace(/\s+/g, '');
  if (/^\d{6}$/.test(trimmed)) return spendTotpCode(db, secrets, userId, stored, trimmed);
  return spendRecoveryCode(db, userId, trimmed);
}

/** Confirms the pending secret with a code from the app; returns the recovery codes, shown once. */
export async function enableTotp(db: Db, secrets: Secrets, user: AuthUser, code: string): Promise<{ recoveryCodes: string[] }> {
  const row = await repo.getTotpState(db, user.id);
  if (row.totp_enabled_at) throw UserErrors.TOTP_ALREADY_ENABLED();
  if (!row.totp_pending_secret) throw UserErrors.TOTP_NOT_STARTED();
  const secret = row.totp_pending_secret;
  if (!(await spendTotpCode(db, secrets, user.id, secret, code.replace(/\s+/g, ''))))
    throw UserErrors.TOTP_INVALID({ fields: [{ path: 'code', code: 'totp_code' }] });
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.confirmTotpSecret(trx, user.id, secret))) throw UserErrors.TOTP_ALREADY_ENABLED();
    await repo.deleteRecoveryCodes(trx, user.id);
    await repo.insertRecoveryCodes(trx, user.id, recoveryCodes.map(hashRecovery));
    await recordAudit(trx, user, {
      entity: 'user',
      entityId: user.id,
      action: 'update',
      before: { totpEnabled: false },
      after: { totpEnabled: true },
    });
  });
  evictUserSessions(user.id);
  return { recoveryCodes };
}

/** Turns TOTP off after a current code or a recovery code; the secret and recovery codes are dropped. */
export async function disableTotp(db: Db, secrets: Secrets, user: AuthUser, code: string): Promise<void> {
  const row = await repo.getTotpState(db, user.id);
  if (!row.totp_enabled_at || !row.totp_secret) throw UserErrors.TOTP_NOT_ENABLED();
  if (!(await spendSecondFactor(db, secrets, user.id, row.totp_secret, code)))
    throw UserErrors.TOTP_INVALID({ fields: [{ path: 'code', code: 'totp_code' }] });
  await db.transaction().execute(async (trx) => {
    await repo.clearTotp(trx, user.id);
    await repo.deleteRecoveryCodes(trx, user.id);
    await recordAudit(trx, user, {
      entity: 'user',
      entityId: user.id,
      action: 'update',
      before: { totpEnabled: true },
      after: { totpEnabled: false },
    });
  });
  evictUserSessions(user.id);
}

/** The roles that must use TOTP in a workspace. */
export async function getSecuritySettings(db: Db, workspaceId: string) {
  return { totpRequiredRoles: (await getWorkspaceSettings(db, workspaceId)).totpRequiredRoles };
}

/** Admin: which roles must use TOTP; audited, and sessions see it at once. */
export async function updateSecuritySettings(db: Db, actor: AuthUser, input: { totpRequiredRoles: AuthUser['role'][] }) {
  const roles = [...new Set(input.totpRequiredRoles)];
  const before = await getSecuritySettings(db, actor.workspaceId);
  await db.transaction().execute(async (trx) => {
    await repo.setTotpRequiredRoles(trx, actor.workspaceId, roles);
    await recordAudit(trx, actor, {
      entity: 'workspace',
      entityId: actor.workspaceId,
      action: 'update',
      before,
      after: { totpRequiredRoles: roles },
    });
  });
  evictWorkspaceSessions(actor.workspaceId);
  return { totpRequiredRoles: roles };
}
