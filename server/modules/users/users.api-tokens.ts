import type { ApiToken } from '../../../contracts/auth.js';
import type { AuthUser } from '../../platform/auth.js';
import { API_TOKEN_PREFIX, hashApiToken, newToken } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';

type Row = { id: string; name: string; created_at: Date; expires_at: Date | null; last_used_at: Date | null };
const cols = ['id', 'name', 'created_at', 'expires_at', 'last_used_at'] as const;
const toApiToken = (r: Row): ApiToken => ({
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
    const row = await trx
      .insertInto('api_tokens')
      .values({
        workspace_id: user.workspaceId,
        user_id: user.id,
        name: input.name,
        token_hash: hashApiToken(token),
        expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
        last_used_at: null,
        revoked_at: null,
      })
      .returning(cols)
      .executeTakeFirstOrThrow();
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
  const rows = await db
    .selectFrom('api_tokens')
    .select(cols)
    .where('user_id', '=', user.id)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toApiToken);
}

/** Revokes one of the caller's tokens: the next request with it gets 401. */
export async function revokeApiToken(db: Db, user: AuthUser, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!row) throw notFound('API_TOKEN_NOT_FOUND');
    await recordAudit(trx, user, { entity: 'api_token', entityId: row.id, action: 'delete', before: { name: row.name } });
  });
}
