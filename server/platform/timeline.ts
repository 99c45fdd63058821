import { sql, type RawBuilder } from 'kysely';
import type { TimelineEvent } from '../../contracts/timeline.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { AuthUser } from './auth.js';
import type { Db } from './database.js';
import { timelineForViewer } from './links.js';

export type TimelineEntity = 'contact' | 'company' | (string & {});

export type NewTimelineEvent = {
  workspaceId: string;
  entity: TimelineEntity;
  entityId: string;
  /** note, created, reassigned, merged; later modules: deal_stage, activity, call, document, ... */
  kind: string;
  userId: string | null;
  /** The record the event is about when it is not the timeline's owner (a deal, an activity). */
  refEntity?: string | null;
  refId?: string | null;
  body?: string | null;
  data?: Record<string, unknown>;
  occurredAt?: Date | string;
};

/** Puts one event on a contact's or company's timeline (in the caller's transaction); returns its id. */
export async function addTimelineEvent(db: Db, e: NewTimelineEvent): Promise<string> {
  const row = await db
    .insertInto('timeline_events')
    .values({
      workspace_id: e.workspaceId,
      entity: e.entity,
      entity_id: e.entityId,
      kind: e.kind,
      user_id: e.userId,
      ref_entity: e.refEntity ?? null,
      ref_id: e.refId ?? null,
      body: e.body ?? null,
      data: JSON.stringify(e.data ?? {}),
      occurred_at: e.occurredAt ? new Date(e.occurredAt) : new Date(),
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** addTimelineEvent for many events in one statement (an import batch). */
export async function addTimelineEvents(db: Db, events: NewTimelineEvent[]): Promise<void> {
  if (!events.length) return;
  await db
    .insertInto('timeline_events')
    .values(
      events.map((e) => ({
        workspace_id: e.workspaceId,
        entity: e.entity,
        entity_id: e.entityId,
        kind: e.kind,
        user_id: e.userId,
        ref_entity: e.refEntity ?? null,
        ref_id: e.refId ?? null,
        body: e.body ?? null,
        data: JSON.stringify(e.data ?? {}),
        occurred_at: e.occurredAt ? new Date(e.occurredAt) : new Date(),
        deleted_at: null,
      })),
    )
    .execute();
}

/**
 * Notes people wrote on a record between two instants, as SQL rows with their time (`at`), for read
 * models that ask whether something was recorded about a record (the lost-call report); the
 * arguments are SQL expressions, so the caller may correlate them with its own rows.
 */
export function notesWritten(
  entity: RawBuilder<unknown>,
  entityId: RawBuilder<unknown>,
  from: RawBuilder<unknown>,
  to: RawBuilder<unknown>,
) {
  return sql<{ at: Date }>`select t.occurred_at as at from timeline_events t
    where t.entity_id = ${entityId} and t.entity = ${entity} and t.kind = 'note' and t.user_id is not null
      and t.occurred_at >= ${from} and t.occurred_at <= ${to}`;
}

type EventRow = {
  id: string;
  kind: string;
  occurred_at: Date;
  occurred_key: string;
  user_id: string | null;
  user_name: string | null;
  ref_entity: string | null;
  ref_id: string | null;
  body: string | null;
  data: Record<string, unknown>;
};

const toEvent = (r: EventRow): Omit<TimelineEvent, 'hidden'> => ({
  id: r.id,
  kind: r.kind,
  occurredAt: r.occurred_at.toISOString(),
  userId: r.user_id,
  userName: r.user_name,
  refEntity: r.ref_entity,
  refId: r.ref_id,
  body: r.body,
  data: r.data ?? {},
});

/**
 * A record's timeline, newest first, keyset-paged by (occurred_at, id), optionally only the event
 * families in `kinds` (see timelineQuery). The caller has already checked that the user may see the record.
 */
export async function listTimeline(
  db: Db,
  viewer: AuthUser,
  entity: TimelineEntity,
  entityId: string,
  opts: { limit: number; cursor?: string; kinds?: string },
) {
  const after = decodeCursor(opts.cursor, 'timestamptz');
  const families = opts.kinds ? [...new Set(opts.kinds.split(','))] : null;
  const r = await sql<EventRow>`
    select e.id, e.kind, e.occurred_at, e.occurred_at::text as occurred_key, e.user_id, u.name as user_name,
      e.ref_entity, e.ref_id, e.body, e.data
    from timeline_events e left join users u on u.id = e.user_id
    where e.entity_id = ${entityId} and e.entity = ${entity} and e.workspace_id = ${viewer.workspaceId} and e.deleted_at is null
      ${after ? sql`and (e.occurred_at, e.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
      ${families ? sql`and split_part(e.kind, '_', 1) = any(${families}::text[])` : sql``}
    order by e.occurred_at desc, e.id desc
    limit ${opts.limit + 1}
  `.execute(db);
  const rows = r.rows.slice(0, opts.limit);
  const last = rows[rows.length - 1];
  const nextCursor = r.rows.length > opts.limit && last ? encodeCursor(last.occurred_key, last.id) : null;
  // Entries about records the viewer may not open (a colleague's deal or meeting) stay, hidden.
  return { items: await timelineForViewer(db, viewer, rows.map(toEvent)), nextCursor };
}

/** One event with its author's name (for the answer to "add a note"). */
export async function getTimelineEvent(db: Db, workspaceId: string, id: string): Promise<TimelineEvent> {
  const r = await sql<EventRow>`
    select e.id, e.kind, e.occurred_at, e.occurred_at::text as occurred_key, e.user_id, u.name as user_name,
      e.ref_entity, e.ref_id, e.body, e.data
    from timeline_events e left join users u on u.id = e.user_id
    where e.id = ${id} and e.workspace_id = ${workspaceId}
  `.execute(db);
  return { ...toEvent(r.rows[0]), hidden: false };
}

/**
 * Takes the events about one record (`ref`: an activity, a document) off the timelines of
 * `entityIds`, softly: the rows stay for the trail and listTimeline skips them. The caller names the
 * timelines it put the events on, so the update goes through the timeline index (events are not
 * indexed by what they refer to); `ref.kind` narrows it to events of one kind. Returns how many
 * events it hid.
 */
export async function hideTimelineByRef(
  db: Db,
  workspaceId: string,
  ref: { entity: string; id: string; kind?: string },
  entityIds: readonly string[],
): Promise<number> {
  if (!entityIds.length) return 0;
  let q = db
    .updateTable('timeline_events')
    .set({ deleted_at: new Date() })
    .where('entity_id', 'in', [...entityIds])
    .where('workspace_id', '=', workspaceId)
    .where('ref_entity', '=', ref.entity)
    .where('ref_id', '=', ref.id)
    .where('deleted_at', 'is', null);
  if (ref.kind) q = q.where('kind', '=', ref.kind);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Moves every event of a merged record onto the kept one (also events that refer to it). */
export async function moveTimeline(db: Db, workspaceId: string, entity: TimelineEntity, fromId: string, toId: string): Promise<void> {
  await db
    .updateTable('timeline_events')
    .set({ entity_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', entity)
    .where('entity_id', '=', fromId)
    .execute();
  await db
    .updateTable('timeline_events')
    .set({ ref_id: toId })
    .where('workspace_id', '=', workspaceId)
    .where('ref_entity', '=', entity)
    .where('ref_id', '=', fromId)
    .execute();
}
