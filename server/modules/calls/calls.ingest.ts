// Ingestion of call events in the internal shape, from every adapter (the generic endpoint, the
// Asterisk follower, later the cloud PBXs' webhooks). Each event is applied once: its key
// (workspace, provider, providerCallId, legId, event) is recorded with it, so a replay or a retry
// finds it and changes nothing. Events of one call are serialised by a lock on its provider id, so
// the events of one call sent at once by several senders build one call, never two.
import type { CallDto, CallEvent } from '../../../contracts/calls.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { publish } from '../../platform/events.js';
import { deliverAfterCommit, queuePushes, type Push } from '../../platform/push.js';
import { lockValues } from '../../platform/locks.js';
import { inTransaction } from '../../platform/records.js';
import { workspaceRegion } from '../../platform/search/index.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { findContactsByPhone } from '../contacts/index.js';
import { findCompaniesByPhone } from '../companies/index.js';
import { applyToCall, applyToLeg, externalNumber, inferDirection, numberKey, type CallChanges } from './calls.plan.js';
import * as repo from './calls.repository.js';
import type { CallRow } from './calls.repository.js';
import { toCall } from './calls.view.js';

/** What `call.ended` says: the call as the API shows it and every client it is linked to. */
export type CallEndedPayload = { id: string; call: CallDto; contactIds: string[]; companyIds: string[] };

declare module '../../platform/events.js' {
  interface DomainEvents {
    'call.ended': CallEndedPayload;
    /** After `call.ended`, for an incoming call nobody answered (missed, busy or failed). */
    'call.missed': CallEndedPayload;
  }
}

/** Who sends the events: the workspace they belong to, the PBX connection, the user of the API token. */
export type CallSource = { workspaceId: string; connectionId?: string | null; actor?: AuthUser | null };

export type IngestResult = { received: number; applied: number; replays: number };

/** Applies events in order, each in its own transaction (a failure leaves the earlier ones applied). */
export async function ingestCallEvents(db: Db, source: CallSource, events: readonly CallEvent[]): Promise<IngestResult> {
  let applied = 0;
  for (const e of events) {
    const pushes: Push[] = [];
    if (await inTransaction(db, (trx) => applyCallEvent(trx, source, e, new Date(), pushes))) applied++;
    if (!db.isTransaction) deliverAfterCommit(pushes);
  }
  return { received: events.length, applied, replays: events.length - applied };
}

/**
 * Applies one event in the caller's transaction; false when it was a replay. The screen pops it
 * causes are queued with the transaction and added to `pushes` (for delivery after the commit).
 */
export async function applyCallEvent(trx: Db, source: CallSource, e: CallEvent, now = new Date(), pushes: Push[] = []): Promise<boolean> {
  const ws = source.workspaceId;
  await lockValues(trx, ws, 'call', [`${e.provider}|${e.providerCallId}`]);
  let call = await repo.findCallByProviderId(trx, ws, e.provider, e.providerCallId);
  if (!call) call = await createCall(trx, source, e, now);
  const fresh = await repo.insertCallEvent(trx, {
    workspaceId: ws,
    provider: e.provider,
    providerCallId: e.providerCallId,
    legId: e.legId ?? '',
    event: e.event,
    callId: call.id,
    data: e,
  });
  if (!fresh) return false;

  if (e.legId) {
    const leg = (await repo.findLeg(trx, call.id, e.legId)) ?? {
      call_id: call.id,
      workspace_id: ws,
      leg_id: e.legId,
      extension: null,
      started_at: null,
      answered_at: null,
      ended_at: null,
      disposition: null,
    };
    await repo.saveLeg(trx, applyToLeg(leg, e, now));
  }
  const legs = await repo.legsOf(trx, call.id);
  const changes: CallChanges = applyToCall(call, e, legs, now);
  const matched = call.matched_number === null ? await matchClients(trx, ws, call.id, { ...call, ...changes }) : {};
  const manager = await managerOf(trx, ws, { ...call, ...changes, ...matched });
  const after = await repo.updateCall(trx, call.id, { ...changes, ...matched, user_id: manager });
  if (!call.ended_at && after.ended_at) await callEnded(trx, source, after);
  const popped = await screenPopsOf(trx, ws, after, e, legs);
  await queuePushes(trx, popped);
  pushes.push(...popped);
  return true;
}

/**
 * Who is told about this event on their screen: while the call rings, the user of each phone it
 * rings; once it is answered or over, everyone who was rung (their pop closes or turns into the
 * conversation) and the call's manager.
 */
async function screenPopsOf(trx: Db, ws: string, call: CallRow, e: CallEvent, legs: { extension: string | null }[]): Promise<Push[]> {
  if (e.event === 'recording_ready' || call.direction === 'internal') return [];
  const extensions = new Set<string>();
  if (e.event === 'ringing') {
    if (e.extension) extensions.add(e.extension);
  } else {
    for (const l of legs) if (l.extension) extensions.add(l.extension);
    if (call.extension) extensions.add(call.extension);
  }
  // One query for every phone rung: this runs for each event a PBX sends.
  const users = await repo.activeUserIdsByExtensions(trx, ws, [...extensions]);
  if (e.event !== 'ringing' && call.user_id) users.add(call.user_id);
  return [...users].map((userId) => ({ userId, event: 'call', ref: call.id }));
}

async function createCall(trx: Db, source: CallSource, e: CallEvent, now: Date): Promise<CallRow> {
  const from = e.from ?? null;
  const to = e.to ?? null;
  const direction =
    e.direction ??
    inferDirection(
      from,
      to,
      await repo.extensionsAmong(
        trx,
        source.workspaceId,
        [from, to].filter((n) => n !== null),
      ),
    );
  const startedAt = e.startedAt ?? e.answeredAt ?? e.endedAt;
  return repo.insertCall(trx, {
    workspace_id: source.workspaceId,
    provider: e.provider,
    provider_call_id: e.providerCallId,
    connection_id: source.connectionId ?? null,
    direction,
    status: 'ringing',
    from_number: from,
    to_number: to,
    line: null,
    extension: null,
    disposition: null,
    started_at: startedAt ? new Date(startedAt) : now,
    answered_at: null,
    ended_at: null,
    talk_seconds: null,
    recording_ref: null,
    user_id: null,
    contact_id: null,
    company_id: null,
    matched_number: null,
    number_key: null,
    client_owner_id: null,
  });
}

/**
 * Links the call to every contact and company whose phones include its external number (any
 * format, through their phone index), and to the companies of those contacts, as an activity with
 * a person belongs to their company's history. Runs once, when the number is first known.
 */
async function matchClients(
  trx: Db,
  ws: string,
  callId: string,
  c: Pick<CallRow, 'direction' | 'from_number' | 'to_number'>,
): Promise<Partial<CallRow>> {
  const number = externalNumber(c);
  if (!number) return {};
  const contacts = await findContactsByPhone(trx, ws, number);
  const companies = await findCompaniesByPhone(trx, ws, number);
  const companyIds = [...new Set([...companies.map((x) => x.id), ...contacts.flatMap((x) => (x.companyId ? [x.companyId] : []))])];
  await repo.insertLinks(trx, [
    ...contacts.map((x) => ({ call_id: callId, workspace_id: ws, entity: 'contact' as const, entity_id: x.id })),
    ...companyIds.map((id) => ({ call_id: callId, workspace_id: ws, entity: 'company' as const, entity_id: id })),
  ]);
  return {
    matched_number: number,
    number_key: numberKey(number, await workspaceRegion(trx, ws)) || null,
    contact_id: contacts[0]?.id ?? null,
    company_id: companyIds[0] ?? null,
    client_owner_id: contacts[0]?.ownerId ?? companies[0]?.ownerId ?? null,
  };
}

/**
 * The call's manager: the user whose extension took it (for an outgoing or internal call, who
 * dialled); for a call nobody answered, the owner of the client it matched; else the line's default.
 */
async function managerOf(trx: Db, ws: string, c: CallRow): Promise<string | null> {
  const ext = c.extension ?? (c.direction === 'internal' ? c.from_number : null);
  const byExtension = ext ? await repo.activeUserIdByExtension(trx, ws, ext) : undefined;
  if (byExtension) return byExtension;
  if (c.client_owner_id) return c.client_owner_id;
  if (c.line) {
    const line = await repo.findLineByKey(trx, ws, numberKey(c.line, await workspaceRegion(trx, ws)));
    if (line?.default_user_id) return line.default_user_id;
  }
  return null;
}

/**
 * Once a call is over: it goes on the timelines of its clients, and `call.ended` is published
 * (and `call.missed` for an incoming one nobody took, as the lost-call report counts them).
 */
async function callEnded(trx: Db, source: CallSource, call: CallRow): Promise<void> {
  const links = await repo.linksOf(trx, call.id);
  const dto = await addCallToTimelines(trx, call, links);
  const event = {
    workspaceId: call.workspace_id,
    actorId: source.actor?.id ?? null,
    payload: {
      id: call.id,
      call: dto,
      contactIds: links.filter((l) => l.entity === 'contact').map((l) => l.entity_id),
      companyIds: links.filter((l) => l.entity === 'company').map((l) => l.entity_id),
    },
  };
  await publish(trx, 'call.ended', event);
  if (dto.direction === 'in' && dto.status !== 'answered') await publish(trx, 'call.missed', event);
}

/** Puts an ended call on the timelines of `links` (its clients), as of when it began. */
export async function addCallToTimelines(trx: Db, call: CallRow, links: { entity: string; entity_id: string }[]): Promise<CallDto> {
  const dto = toCall(call);
  for (const l of links) {
    await addTimelineEvent(trx, {
      workspaceId: call.workspace_id,
      entity: l.entity,
      entityId: l.entity_id,
      kind: 'call',
      userId: call.user_id,
      refEntity: 'call',
      refId: call.id,
      data: { direction: dto.direction, status: dto.status, from: dto.from, to: dto.to, talkSeconds: dto.talkSeconds },
      occurredAt: call.started_at,
    });
  }
  return dto;
}
