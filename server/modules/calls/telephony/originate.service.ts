// Click-to-call: the request is queued for the PBX connection, the instance that follows that PBX
// (it holds the AMI login) sends Originate, and the requester waits a few seconds for its answer.
// Asterisk first rings the user's phone (the channel of their extension) and, when they pick up,
// dials the number in the connection's context; the call itself then arrives as AMI events like
// any other, so it is recorded, matched and timed by the usual ingestion.
import type { OriginateAvailability, OriginateDto } from '../../../../contracts/calls.js';
import { translate, type Lang } from '../../../../contracts/i18n/index.js';
import type { AuthUser } from '../../../platform/auth.js';
import type { Db } from '../../../platform/database.js';
import { PlatformErrors } from '../../../platform/errors.js';
import { notify, onNotification } from '../../../platform/notify.js';
import { canSeeRecord } from '../../../platform/registry.js';
import { CallErrors } from '../calls.errors.js';
import * as commands from './commands.repository.js';

/** The notice channel on which the following instance hears of a queued request at once. */
export const COMMANDS_CHANNEL = 'orbita_telephony_commands';
/** The notice channel on which the sending instance tells every instance a request came out. */
export const OUTCOMES_CHANNEL = 'orbita_telephony_outcomes';
/** How long the request waits for the PBX's answer before it answers `queued` or `sent`. */
const WAIT_MS = 8_000;
/** A waiter looks at the row this often anyway: a notice is lost while the listener reconnects. */
const RECHECK_MS = 1_000;

/** Requests waited for on this instance, each with the wakers of its waiting requests. */
const waiters = new Map<string, Set<() => void>>();

/** Wakes the waiters of a request (or all of them: notices may have been missed). */
function wake(id?: string): void {
  for (const [key, set] of waiters) if (id === undefined || key === id) for (const w of set) w();
}

/**
 * Hears on every instance that a request came out (the sending instance may be another one).
 * Called once per process by the telephony supervisor, which every instance runs.
 */
export function listenForOutcomes(): void {
  onNotification(OUTCOMES_CHANNEL, { message: (id) => wake(id), reset: () => wake() });
}

/** The sending instance records the PBX's answer and wakes whoever waits for it, here or elsewhere. */
export async function settleCommand(db: Db, id: string, outcome: { status: 'done' | 'failed'; error?: string | null }): Promise<void> {
  await commands.finishCommand(db, id, outcome);
  await notify(db, OUTCOMES_CHANNEL, id);
  wake(id);
}

/** Resolves when the request is woken or `ms` passed, whichever comes first. */
function woken(id: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const set = waiters.get(id) ?? new Set();
    waiters.set(id, set);
    const done = () => {
      clearTimeout(timer);
      set.delete(done);
      if (!set.size) waiters.delete(id);
      resolve();
    };
    const timer = setTimeout(done, ms);
    set.add(done);
  });
}

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

/** The connection that places the workspace's calls: a connected one first, then the oldest. */
function originatingConnection(db: Db, workspaceId: string) {
  return db
    .selectFrom('telephony_connections')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('provider', '=', 'asterisk')
    .where('deleted_at', 'is', null)
    .orderBy((e) => e.case().when('status', '=', 'connected').then(0).else(1).end())
    .orderBy('created_at')
    .executeTakeFirst();
}

const extensionOf = async (db: Db, user: AuthUser) =>
  (await db.selectFrom('users').select('extension').where('id', '=', user.id).executeTakeFirst())?.extension ?? null;

/** Whether the caller can click to call, and why not. */
export async function originateAvailability(db: Db, user: AuthUser): Promise<OriginateAvailability> {
  const [extension, connection] = await Promise.all([extensionOf(db, user), originatingConnection(db, user.workspaceId)]);
  const reason = !extension ? 'noExtension' : !connection ? 'noPbx' : null;
  return { available: reason === null, extension, reason };
}

export async function originate(db: Db, user: AuthUser, body: { number: string; contactId?: string }, lang: Lang): Promise<OriginateDto> {
  const extension = await extensionOf(db, user);
  if (!extension) throw CallErrors.TELEPHONY_NO_EXTENSION();
  if (body.contactId && !(await canSeeRecord(db, user, 'contact', body.contactId))) throw PlatformErrors.NOT_FOUND();
  const connection = await originatingConnection(db, user.workspaceId);
  if (!connection) throw CallErrors.TELEPHONY_NO_PBX();
  const row = await db.transaction().execute(async (trx) => {
    const r = await commands.insertCommand(trx, {
      workspace_id: user.workspaceId,
      connection_id: connection.id,
      user_id: user.id,
      contact_id: body.contactId ?? null,
      extension,
      number: dialString(body.number),
      error: null,
      done_at: null,
    });
    await notify(trx, COMMANDS_CHANNEL, connection.id);
    return r;
  });
  // The answer comes as a notice from the sending instance; the row is read again when it does.
  const deadline = Date.now() + WAIT_MS;
  let current = row;
  while (current.status !== 'done' && current.status !== 'failed' && Date.now() < deadline) {
    await woken(row.id, Math.min(RECHECK_MS, deadline - Date.now()));
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
