import { sql } from 'kysely';
import type { Reminder } from '../../../contracts/activities.js';
import type { Db } from '../../platform/database.js';
import { claimDueReminders, recentReminders } from './activities.repository.js';

type Row = Awaited<ReturnType<typeof recentReminders>>[number];
const toReminder = (r: Row): Reminder => ({
  id: r.id,
  subject: r.subject,
  dueAt: r.due_at.toISOString(),
  type: r.type,
  contactId: r.contact_id,
  dealId: r.deal_id,
  companyId: r.company_id,
});

/** The database's clock: every instance compares claims against the same time. */
async function dbNow(db: Db): Promise<Date> {
  const r = await sql<{ now: Date }>`select now() as now`.execute(db);
  return r.rows[0].now;
}

// A claim made by any instance stays visible to the others' pollers for this long, which must
// exceed the poll interval plus the time a claim takes to commit.
const FANOUT_WINDOW_MS = 60_000;

/**
 * Claims the caller's due reminders and returns those fired since `since` (by this call or by any
 * instance's stream poller): the polling alternative to the stream.
 */
export async function dueReminders(db: Db, userId: string, since?: Date) {
  const now = await dbNow(db);
  await claimDueReminders(db, [userId], now);
  const rows = await recentReminders(db, [userId], since ?? new Date(now.getTime() - FANOUT_WINDOW_MS));
  return { items: rows.map(toReminder), now: now.toISOString() };
}

type Subscriber = { userId: string; send: (r: Reminder) => void; sent: Map<string, number> };

export type ReminderHub = {
  /** Adds a stream of one user; returns the function that removes it. */
  subscribe: (userId: string, send: (r: Reminder) => void, end: () => void) => () => void;
  /** One poll: claim what fell due for the connected users, then push fresh claims to their streams. */
  tick: () => Promise<void>;
  close: () => void;
  size: () => number;
};

/**
 * One shared poller per instance for all reminder streams: every `intervalMs` it claims due
 * activities of the users connected here (UPDATE ... RETURNING under SKIP LOCKED, so each fires
 * once across instances) and pushes every claim of the last minute, whoever made it, to each
 * connected stream of the owner that has not had it yet: a user with tabs on two instances gets it in both.
 */
export function createReminderHub(db: Db, opts: { intervalMs?: number; onError?: (e: unknown) => void } = {}): ReminderHub {
  const intervalMs = opts.intervalMs ?? 15_000;
  const subs = new Map<Subscriber, () => void>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  async function poll() {
    if (!subs.size) return;
    const owners = [...new Set([...subs.keys()].map((s) => s.userId))];
    const now = await dbNow(db);
    await claimDueReminders(db, owners, now);
    const rows = await recentReminders(db, owners, new Date(now.getTime() - FANOUT_WINDOW_MS));
    const at = Date.now();
    for (const sub of subs.keys()) {
      for (const r of rows) {
        if (r.owner_id !== sub.userId || sub.sent.has(r.id)) continue;
        sub.sent.set(r.id, at);
        sub.send(toReminder(r));
      }
      for (const [id, t] of sub.sent) if (at - t > 3 * FANOUT_WINDOW_MS) sub.sent.delete(id);
    }
  }

  // Ticks never overlap: a tick asked for while one runs is run once right after it.
  function tick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = poll()
      .catch((e) => opts.onError?.(e))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void tick();
        }
      });
    return running;
  }

  function ensureTimer() {
    if (timer || !subs.size) return;
    timer = setInterval(() => void tick(), intervalMs);
    timer.unref();
  }
  function stopTimerIfIdle() {
    if (timer && !subs.size) {
      clearInterval(timer);
      timer = null;
    }
  }

  return {
    subscribe(userId, send, end) {
      const sub: Subscriber = { userId, send, sent: new Map() };
      subs.set(sub, end);
      ensureTimer();
      // A fresh stream hears at once about what fell due while it was away.
      void tick();
      return () => {
        subs.delete(sub);
        stopTimerIfIdle();
      };
    },
    tick,
    close() {
      for (const end of subs.values()) end();
      subs.clear();
      stopTimerIfIdle();
    },
    size: () => subs.size,
  };
}
