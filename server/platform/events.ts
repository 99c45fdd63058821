// Domain events: what crosses module boundaries. A lower module publishes inside its own
// transaction (a merge, a stage change, any audited change); upper modules and platform services
// (webhooks, relinking, summaries) handle it in that same transaction, so the change and all its
// consequences commit or roll back together. Handlers are registered once, at composition
// (server/app.ts); registration is keyed by name, so composing twice in one process replaces
// rather than doubles them.
import type { Db } from './database.js';

/** What an audited change of a record says: its id and its API shape before and after. */
export type RecordChange = { id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

/** Lifecycle actions every registered record kind publishes as `<kind>.<action>`. */
export const RECORD_ACTIONS = ['created', 'updated', 'deleted', 'restored'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/**
 * Every event type and its payload. Modules add theirs by declaration merging:
 * `declare module '../../platform/events.js' { interface DomainEvents { 'deal.won': {...} } }`.
 */
export interface DomainEvents {
  [lifecycle: `${string}.created`]: RecordChange;
  [lifecycle: `${string}.updated`]: RecordChange;
  [lifecycle: `${string}.deleted`]: RecordChange;
  [lifecycle: `${string}.restored`]: RecordChange;
}

export type EventType = keyof DomainEvents & string;

export type DomainEvent<K extends EventType = EventType> = {
  type: K;
  workspaceId: string;
  /** The user whose request caused it (null: the system, a job). */
  actorId: string | null;
  occurredAt: Date;
  payload: DomainEvents[K];
};

export type EventHandler<K extends EventType = EventType> = (trx: Db, event: DomainEvent<K>) => Promise<void>;

const byType = new Map<string, Map<string, EventHandler>>();
const ANY = '*';

/** Registers `handler` (named, for tests and logs) for one event type. */
export function onEvent<K extends EventType>(type: K, name: string, handler: EventHandler<K>): void {
  let named = byType.get(type);
  if (!named) byType.set(type, (named = new Map()));
  named.set(name, handler as unknown as EventHandler);
}

/** Registers a handler that sees every event (webhooks). */
export function onAnyEvent(name: string, handler: EventHandler): void {
  onEvent(ANY as EventType, name, handler);
}

/** Names of the handlers registered for a type (not counting those for every event). */
export function handlerNames(type: EventType): string[] {
  return [...(byType.get(type)?.keys() ?? [])];
}

/**
 * Publishes an event inside the caller's transaction: handlers run now, in registration order, on
 * the same transaction; a handler's failure fails the change.
 */
export async function publish<K extends EventType>(
  trx: Db,
  type: K,
  event: { workspaceId: string; actorId: string | null; payload: DomainEvents[K] },
): Promise<void> {
  if (!trx.isTransaction) throw new Error(`event ${type} published outside a transaction`);
  const full: DomainEvent<K> = { type, occurredAt: new Date(), ...event };
  for (const handler of byType.get(type)?.values() ?? []) await handler(trx, full as unknown as DomainEvent);
  for (const handler of byType.get(ANY)?.values() ?? []) await handler(trx, full as unknown as DomainEvent);
}
