// Pushes to a signed-in user's open Orbita (the Server-Sent Events stream): "a call rings on your
// phone". The instance where something happens is rarely the one holding the user's stream, so a
// push travels as a change notice (platform/notify.ts) naming the user, the kind and a record id;
// every instance with a stream of that user builds the message there, for that viewer and with
// their access, through the builder the kind's module registered. Without the notice connection
// (tests, a lost listener) pushes are delivered to this instance's streams after the commit.
import type { AuthUser } from './auth.js';
import type { Db } from './database.js';
import { isListening, notify, onNotification } from './notify.js';

const CHANNEL = 'orbita_push';

export type Push = { userId: string; event: string; ref: string };
/** Builds what one viewer is shown about `ref`; null when there is nothing to show them. */
export type PushBuilder = (db: Db, viewer: AuthUser, ref: string) => Promise<unknown>;

type Sink = { db: Db; user: AuthUser; send: (event: string, data: unknown) => void };
const sinks = new Map<string, Set<Sink>>();
const builders = new Map<string, PushBuilder>();

/** Registers (or replaces) how messages of one kind are built; composition calls this once per kind. */
export function registerPushBuilder(event: string, build: PushBuilder): void {
  builders.set(event, build);
}

/** Composition: this instance hears pushes made on any instance. */
export function registerPushes(): void {
  onNotification(CHANNEL, {
    message: (payload) => {
      try {
        void deliver(JSON.parse(payload) as Push);
      } catch {
        // Not ours or damaged: a push is a convenience, never worth a crash.
      }
    },
    reset: () => {},
  });
}

/** Adds a stream of one user; returns the function that removes it. */
export function attachPushSink(db: Db, user: AuthUser, send: Sink['send']): () => void {
  const sink: Sink = { db, user, send };
  let set = sinks.get(user.id);
  if (!set) sinks.set(user.id, (set = new Set()));
  set.add(sink);
  return () => {
    set.delete(sink);
    if (!set.size) sinks.delete(user.id);
  };
}

/** Sends pushes with the caller's transaction: other instances hear them when it commits. */
export async function queuePushes(trx: Db, pushes: readonly Push[]): Promise<void> {
  for (const p of pushes) await notify(trx, CHANNEL, JSON.stringify(p));
}

/** After the commit: when this instance does not hear its own notices, it delivers to its streams itself. */
export function deliverAfterCommit(pushes: readonly Push[]): void {
  if (isListening()) return;
  for (const p of pushes) void deliver(p);
}

async function deliver(p: Push): Promise<void> {
  const set = sinks.get(p.userId);
  const build = builders.get(p.event);
  if (!set || !build) return;
  for (const sink of [...set]) {
    try {
      const data = await build(sink.db, sink.user, p.ref);
      if (data !== null && data !== undefined) sink.send(p.event, data);
    } catch {
      // One viewer's failed build must not stop the others' messages.
    }
  }
}
