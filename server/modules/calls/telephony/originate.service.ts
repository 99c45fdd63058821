// Click-to-call: the request is queued for the PBX connection, the instance that follows that PBX
// (it holds the AMI login) sends Originate, and the requester waits a few seconds for its answer.
// Asterisk first rings the user's phone (the channel of their extension) and, when they pick up,
// dials the number in the connection's context; the call itself then arrives as AMI events like
// any other, so it is recorded, matched and timed by the usual ingestion.
import type { OriginateDto } from '../../../../contracts/calls.js';
import { translate, type Lang } from '../../../../contracts/i18n/index.js';
import type { AuthUser } from '../../../platform/auth.js';
import type { Db } from '../../../platform/database.js';
import { PlatformErrors } from '../../../platform/errors.js';
import { notify } from '../../../platform/notify.js';
import { canSeeRecord } from '../../../platform/registry.js';
import { CallErrors } from '../calls.errors.js';
import * as commands from './commands.repository.js';

/** The notice channel on which the following instance hears of a queued request at once. */
export const COMMANDS_CHANNEL = 'orbita_telephony_commands';
/** How long the request waits for the PBX's answer before it answers `queued` or `sent`. */
const WAIT_MS = 8_000;

function toDto(r: commands.CommandRow, lang: Lang): OriginateDto {
  const [code, reason] = (r.error ?? '').split(': ', 2);
  return {
    id: r.id,
    status: r.status,
    number: r.number,
    extension: r.extension,
    error: r.error ? { code, message: translate(lang, `calls.originateErrors.${code}`, { reason: reason ?? '' }) } : null,
    createdAt: r.created_at.toISOString(),
  };
}

/** The digits Asterisk dials: the number as written, without its formatting (a leading + kept). */
export function dialString(number: string): string {
  const t = number.trim();
  return (t.startsWith('+') ? '+' : '') + t.replace(/\D/g, '');
}

export async function originate(db: Db, user: AuthUser, body: { number: string; contactId?: string }, lang: Lang): Promise<OriginateDto> {
  const me = await db.selectFrom('users').select('extension').where('id', '=', user.id).executeTakeFirst();
  if (!me?.extension) throw CallErrors.TELEPHONY_NO_EXTENSION();
  if (body.contactId && !(await canSeeRecord(db, user, 'contact', body.contactId))) throw PlatformErrors.NOT_FOUND();
  const connection = await db
    .selectFrom('telephony_connections')
    .select('id')
    .where('workspace_id', '=', user.workspaceId)
    .where('provider', '=', 'asterisk')
    .where('deleted_at', 'is', null)
    .orderBy((e) => e.case().when('status', '=', 'connected').then(0).else(1).end())
    .orderBy('created_at')
    .executeTakeFirst();
  if (!connection) throw CallErrors.TELEPHONY_NO_PBX();
  const row = await db.transaction().execute(async (trx) => {
    const r = await commands.insertCommand(trx, {
      workspace_id: user.workspaceId,
      connection_id: connection.id,
      user_id: user.id,
      contact_id: body.contactId ?? null,
      extension: me.extension!,
      number: dialString(body.number),
      error: null,
      done_at: null,
    });
    await notify(trx, COMMANDS_CHANNEL, connection.id);
    return r;
  });
  const deadline = Date.now() + WAIT_MS;
  let current = row;
  while (current.status !== 'done' && current.status !== 'failed' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    current = (await commands.findCommand(db, user.workspaceId, row.id)) ?? current;
  }
  return toDto(current, lang);
}

/** A request of the caller's (to see how it came out after a `queued` answer). */
export async function getOriginate(db: Db, user: AuthUser, id: string, lang: Lang): Promise<OriginateDto> {
  const row = await commands.findCommand(db, user.workspaceId, id);
  if (!row || row.user_id !== user.id) throw CallErrors.TELEPHONY_COMMAND_NOT_FOUND();
  return toDto(row, lang);
}
