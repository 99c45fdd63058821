import type { ApiToken } from '../../../contracts/auth.js';
import type { AuthUser } from '../../platform/auth.js';
import { API_TOKEN_PREFIX, hashApiToken, newToken } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { UserErrors } from './users.errors.js';
import { recordAudit } from '../../platform/audit.js';
import * as repo from './users.repository.js';
import type { ApiTokenRow } from './users.repository.js';

const toApiToken = (r: ApiTokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
});

/** Creates a token for the caller; the secret is returned this once and only its SHA-256 is stored. */
export async function createApiToken(db: Db, user: AuthUser, input: { name: string; expiresAt?: string }) {
  // 32 random bytes: a guess is hopeless, so a fast hash (not argon2) protects the stored copy.
  const token = `${API_TOKEN_PREFIX}${newToken(32)}`;
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertApiToken(trx, {
      workspace_id: user.workspaceId,
      user_id: user.id,
      name: input.name,
      token_hash: hashApiToken(token),
      expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
      last_used_at: null,
      revoked_at: null,
    });
    const created = toApiToken(row);
    await recordAudit(trx, user, {
      entity: 'api_token',
      entityId: row.id,
      action: 'create',
      after: { name: created.name, expiresAt: created.expiresAt },
    });
    return { id: created.id, name: created.name, token, createdAt: created.createdAt, expiresAt: created.expiresAt };
  });
}

/** The caller's own tokens that still work or have yet to expire (never the secret). */
export async function listApiTokens(db: Db, user: AuthUser): Promise<ApiToken[]> {
  const rows = await repo.listApiTokenRows(db, user.id);
  return rows.map(toApiToken);
}

/** Revokes one of the caller's tokens: the next request with it gets 401. */
export async function revokeApiToken(db: Db, user: AuthUser, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await repo.revokeApiTokenRow(trx, user.id, id);
    if (!row) throw UserErrors.API_TOKEN_NOT_FOUND();
    await recordAudit(trx, user, { entity: 'api_token', entityId: row.id, action: 'delete', before: { name: row.name } });
  });
}
