// Change notices between instances: PostgreSQL LISTEN/NOTIFY over one connection per instance.
// A module that caches what rarely changes (webhook subscriptions) sends a notice in the
// transaction of each change (`notify`, delivered to every listening instance when it commits) and
// drops its cached copy when a notice arrives. While the connection is down, notices are lost:
// subscribers are told to forget everything (`reset`) and `isListening()` is false, so caches read
// the database instead, until the connection is back.
import pg from 'pg';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from './database.js';

export type Subscriber = {
  /** A notice on the channel; `payload` is what `notify` sent. */
  message: (payload: string) => void;
  /** Notices may have been missed: forget everything cached. */
  reset: () => void;
};

const subscribers = new Map<string, Subscriber>();
let client: pg.Client | undefined;
let listening = false;
let started = false;

/** Registers (or replaces) the subscriber of a channel; composition calls this once per channel. */
export function onNotification(channel: string, subscriber: Subscriber): void {
  subscribers.set(channel, subscriber);
  if (listening && client) void client.query(`listen ${pg.escapeIdentifier(channel)}`).catch(() => {});
}

/** Whether notices arrive now: a cache may keep what it read only while this holds. */
export function isListening(): boolean {
  return listening;
}

/** Sends a notice inside the caller's transaction: it goes out only if that transaction commits. */
export async function notify(trx: Db, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(trx);
}

function resetAll(): void {
  for (const s of subscribers.values()) s.reset();
}

export type Notifications = { stop: () => Promise<void> };

/**
 * Starts this instance's listener (one per process): connects, listens on every registered
 * channel, and reconnects with a growing pause (up to 30 s) when the connection drops.
 */
export async function startNotifications(url: string, log: Logger): Promise<Notifications> {
  if (started) throw new Error('notifications are already started in this process');
  started = true;
  let stopped = false;
  let pause = 500;
  let timer: NodeJS.Timeout | undefined;
  const lost = (c: pg.Client, err?: unknown) => {
    if (client !== c) return;
    client = undefined;
    listening = false;
    resetAll();
    c.end().catch(() => {});
    if (stopped) return;
    log.warn({ err, retryInMs: pause }, 'change notices lost their connection; caches read the database until it is back');
    timer = setTimeout(() => void connect(), pause);
    pause = Math.min(pause * 2, 30_000);
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, keepAlive: true });
    client = c;
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c));
    c.on('notification', (n) => subscribers.get(n.channel)?.message(n.payload ?? ''));
    try {
      await c.connect();
      for (const channel of subscribers.keys()) await c.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (e) {
      lost(c, e);
      return;
    }
    if (client !== c) return;
    // Whatever was cached before this connection may have missed notices.
    resetAll();
    listening = true;
    pause = 500;
  };
  await connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      listening = false;
      resetAll();
      started = false;
      await c?.end().catch(() => {});
    },
  };
}
