import type { ConnectionDto, CreateConnection } from '../../../../contracts/calls.js';
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
export function toConnection(r: ConnectionRow, lang: Lang, publicBase: string): ConnectionDto {
  return {
    id: r.id,
    provider: r.provider,
    host: r.host,
    port: r.port,
    username: r.username,
    apiKey: r.account_key,
    webhookUrl: r.provider === 'asterisk' ? null : `${publicBase}${cloudWebhookPath(r.provider, r.id)}`,
    originateChannel: r.provider === 'asterisk' ? r.originate_channel : null,
    originateContext: r.provider === 'asterisk' ? r.originate_context : null,
    status: r.status,
    error: r.error_code ? { code: r.error_code, message: translate(lang, `calls.connectionErrors.${r.error_code}`) } : null,
    statusAt: r.status_at.toISOString(),
    connectedAt: iso(r.connected_at),
    lastEventAt: iso(r.last_event_at),
    createdAt: r.created_at.toISOString(),
  };
}

/** The audit's view of a connection: what was set up, not the secret. */
const audited = (r: ConnectionRow) => ({ provider: r.provider, host: r.host, port: r.port, username: r.username, apiKey: r.account_key });

/** Where a cloud PBX posts its events, under /api/v1 (telephony/cloud.routes.ts serves them). */
export function cloudWebhookPath(provider: 'mango' | 'zadarma', connectionId: string): string {
  return `/api/v1/telephony/${provider}/${connectionId}`;
}

/** The columns of one kind of connection: an AMI address and login, or a cloud account's key. */
function shapeOf(input: CreateConnection) {
  switch (input.provider) {
    case 'asterisk':
      return {
        host: input.host,
        port: input.port,
        username: input.username,
        account_key: null,
        secret: input.secret,
        ...(input.originateChannel ? { originate_channel: input.originateChannel } : {}),
        ...(input.originateContext ? { originate_context: input.originateContext } : {}),
      };
    case 'mango':
      return { host: null, port: null, username: null, account_key: input.apiKey, secret: input.apiSalt };
    case 'zadarma':
      return { host: null, port: null, username: null, account_key: input.key, secret: input.secret };
  }
}

/** How the API speaks to this caller: their language and the public address webhook URLs start with. */
export type Presentation = { lang: Lang; publicBase: string };

export async function listConnections(db: Db, user: AuthUser, p: Presentation): Promise<ConnectionDto[]> {
  return (await repo.listConnectionRows(db, user.workspaceId)).map((r) => toConnection(r, p.lang, p.publicBase));
}

export async function getConnection(db: Db, user: AuthUser, id: string, p: Presentation): Promise<ConnectionDto> {
  const row = await repo.findConnectionRow(db, user.workspaceId, id);
  if (!row) throw CallErrors.TELEPHONY_CONNECTION_NOT_FOUND();
  return toConnection(row, p.lang, p.publicBase);
}

/** Adds a connection with its secret sealed; an instance's supervisor picks an Asterisk one up within a lease tick. */
export async function createConnection(
  db: Db,
  secrets: Secrets,
  user: AuthUser,
  input: CreateConnection,
  p: Presentation,
): Promise<ConnectionDto> {
  const { secret, ...columns } = shapeOf(input);
  const sealed = secrets.seal(secret);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertConnection(trx, {
      workspace_id: user.workspaceId,
      provider: input.provider,
      ...columns,
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
    return toConnection(row, p.lang, p.publicBase);
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
