import type { z } from 'zod';
import type { ConnectionDto, createConnectionBody } from '../../../../contracts/calls.js';
import { translate, type Lang } from '../../../../contracts/i18n/index.js';
import { recordAudit } from '../../../platform/audit.js';
import type { AuthUser } from '../../../platform/auth.js';
import type { Db } from '../../../platform/database.js';
import type { Secrets } from '../../../platform/secrets.js';
import { CallErrors } from '../calls.errors.js';
import * as repo from './connections.repository.js';
import type { ConnectionRow } from './connections.repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A connection as the API shows it: never its secret; its problem in the caller's language. */
export function toConnection(r: ConnectionRow, lang: Lang): ConnectionDto {
  return {
    id: r.id,
    provider: r.provider,
    host: r.host,
    port: r.port,
    username: r.username,
    status: r.status,
    error: r.error_code ? { code: r.error_code, message: translate(lang, `calls.connectionErrors.${r.error_code}`) } : null,
    statusAt: r.status_at.toISOString(),
    connectedAt: iso(r.connected_at),
    lastEventAt: iso(r.last_event_at),
    createdAt: r.created_at.toISOString(),
  };
}

/** The audit's view of a connection: what was set up, not the secret. */
const audited = (r: ConnectionRow) => ({ provider: r.provider, host: r.host, port: r.port, username: r.username });

export async function listConnections(db: Db, user: AuthUser, lang: Lang): Promise<ConnectionDto[]> {
  return (await repo.listConnectionRows(db, user.workspaceId)).map((r) => toConnection(r, lang));
}

export async function getConnection(db: Db, user: AuthUser, id: string, lang: Lang): Promise<ConnectionDto> {
  const row = await repo.findConnectionRow(db, user.workspaceId, id);
  if (!row) throw CallErrors.TELEPHONY_CONNECTION_NOT_FOUND();
  return toConnection(row, lang);
}

/** Adds a connection with its secret sealed; an instance's supervisor picks it up within a lease tick. */
export async function createConnection(
  db: Db,
  secrets: Secrets,
  user: AuthUser,
  input: z.infer<typeof createConnectionBody>,
  lang: Lang,
): Promise<ConnectionDto> {
  const sealed = secrets.seal(input.secret);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertConnection(trx, {
      workspace_id: user.workspaceId,
      provider: input.provider,
      host: input.host,
      port: input.port,
      username: input.username,
      secret_sealed: sealed,
      error_code: null,
      connected_at: null,
      last_event_at: null,
      lease_holder: null,
      lease_until: null,
      created_by: user.id,
      deleted_at: null,
    });
    await recordAudit(trx, user, { entity: 'telephony_connection', entityId: row.id, action: 'create', after: audited(row) });
    return toConnection(row, lang);
  });
}

export async function deleteConnection(db: Db, user: AuthUser, id: string): Promise<void> {
  const row = await repo.findConnectionRow(db, user.workspaceId, id);
  if (!row) throw CallErrors.TELEPHONY_CONNECTION_NOT_FOUND();
  await db.transaction().execute(async (trx) => {
    await repo.deleteConnection(trx, user.workspaceId, id);
    await recordAudit(trx, user, { entity: 'telephony_connection', entityId: id, action: 'delete', before: audited(row) });
  });
}
