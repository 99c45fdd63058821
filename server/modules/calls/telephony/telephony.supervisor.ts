// Follows the workspace's PBX connections from whichever instance holds each one's lease. Every
// instance runs a supervisor (main.ts); each tick it renews the leases it holds, lets go of the
// connections it lost (deleted, or taken over after it stalled), and claims the free or expired
// ones. So one instance follows a PBX at a time, and when that instance dies, its lease runs out
// and another takes the connection over within a lease. Ingestion is idempotent, so the moment two
// instances overlap (a stalled one waking up before its next renewal) creates nothing twice.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { callEventSchema } from '../../../../contracts/calls.js';
import type { Db } from '../../../platform/database.js';
import type { Secrets } from '../../../platform/secrets.js';
import { ingestCallEvents } from '../calls.ingest.js';
import { AmiCallAdapter } from './ami.adapter.js';
import { startAmiClient, type AmiClient, type AmiClientOptions } from './ami.client.js';
import * as commands from './commands.repository.js';
import * as repo from './connections.repository.js';
import { COMMANDS_CHANNEL, listenForOutcomes, settleCommand } from './originate.service.js';
import { onNotification } from '../../../platform/notify.js';
import type { ConnectionRow } from './connections.repository.js';

export type TelephonyOptions = {
  db: Db;
  log: Logger;
  secrets: Secrets;
  /** How long a lease lasts unrenewed (default 30 s): the longest a dead instance's PBX goes unfollowed. */
  leaseMs?: number;
  /** This instance's name in the lease column (default host:pid:random). */
  holder?: string;
  /** Reconnect and ping timings of the AMI clients (tests shorten them). */
  client?: Pick<AmiClientOptions, 'backoffMs' | 'pingMs' | 'timeoutMs'>;
};

export type Telephony = {
  /** Ids of the connections this instance follows now. */
  following: () => string[];
  /** One round of renewing and claiming now (the timer does it every third of a lease). */
  tick: () => Promise<void>;
  /** Stops following and gives the leases back, so another instance takes over at once. */
  stop: () => Promise<void>;
};

type Followed = { row: ConnectionRow; client?: AmiClient; connected: boolean; queue: Promise<void>; lastTouch: number };

/** A click-to-call request not sent within this long fails; queued ones are looked for this often. */
const COMMAND_TTL_MS = 30_000;
const COMMAND_POLL_MS = 1_000;

/** Attempts to store one batch of events before it is given up (the database restarting). */
const INGEST_ATTEMPTS = 5;

/** Starts the supervisor; it claims its first connections at once. */
export function startTelephony(o: TelephonyOptions): Telephony {
  const leaseMs = o.leaseMs ?? 30_000;
  const holder = o.holder ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const log = o.log.child({ component: 'telephony' });
  const followed = new Map<string, Followed>();
  let stopped = false;
  let ticking: Promise<void> = Promise.resolve();

  async function ingest(c: ConnectionRow, f: Followed, events: Parameters<typeof ingestCallEvents>[2]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await ingestCallEvents(o.db, { workspaceId: c.workspace_id, connectionId: c.id }, events);
        if (Date.now() - f.lastTouch > 10_000) {
          f.lastTouch = Date.now();
          await repo.touchLastEvent(o.db, c.id, new Date());
        }
        return;
      } catch (e) {
        if (attempt >= INGEST_ATTEMPTS || stopped) {
          log.error({ err: e, connectionId: c.id, events: events.length }, 'call events could not be stored; dropped');
          return;
        }
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      }
    }
  }

  function follow(c: ConnectionRow): void {
    const f: Followed = { row: c, connected: false, queue: Promise.resolve(), lastTouch: 0 };
    followed.set(c.id, f);
    const status = (s: Parameters<typeof repo.setConnectionStatus>[3]) =>
      repo.setConnectionStatus(o.db, c.id, holder, s).catch((e) => log.warn({ err: e, connectionId: c.id }, 'status not recorded'));
    let secret: string;
    try {
      secret = o.secrets.open(c.secret_sealed);
    } catch (e) {
      // Another key, or none: nothing to log in with until the admin enters the secret again.
      log.error({ err: e, connectionId: c.id }, 'the secret of a PBX connection cannot be opened');
      void status({ status: 'error', errorCode: 'SECRET_UNREADABLE' });
      return;
    }
    const adapter = new AmiCallAdapter(`${c.id}/`);
    f.client = startAmiClient({
      // Leases are claimed for Asterisk rows only, which the table's check gives an address and login.
      host: c.host!,
      port: c.port!,
      username: c.username!,
      secret,
      log: log.child({ connectionId: c.id }),
      ...o.client,
      onEvent: (m, at) => {
        // What a PBX sends is input like any other: an event out of bounds (a Timestamp in year 5000) is dropped.
        const events = adapter.translate(m, at).filter((e) => {
          const ok = callEventSchema.safeParse(e).success;
          if (!ok) log.warn({ connectionId: c.id, event: m.event }, 'AMI event out of bounds; dropped');
          return ok;
        });
        // One queue per connection: a call's events are stored in the order the PBX sent them.
        if (events.length) f.queue = f.queue.then(() => ingest(c, f, events));
      },
      onStatus: (s) => {
        f.connected = s.state === 'connected';
        if (f.connected) void sendCommands();
        if (s.state === 'connected') void status({ status: 'connected', errorCode: null });
        else if (s.state === 'connecting') void status({ status: 'connecting' });
        else void status({ status: 'error', errorCode: s.problem });
      },
    });
    log.info({ connectionId: c.id, host: c.host, port: c.port }, 'following a PBX');
  }

  /**
   * Sends the queued click-to-call requests of the connections this instance is logged in to:
   * Originate rings the user's phone, then dials the number. A request nobody could send within
   * half a minute fails rather than ringing a phone long after the click.
   */
  let sending: Promise<void> | null = null;
  function sendCommands(): Promise<void> {
    sending ??= (async () => {
      try {
        const live = [...followed.entries()].filter(([, f]) => f.connected && f.client);
        const claimed = await commands.claimCommands(
          o.db,
          live.map(([id]) => id),
          new Date(Date.now() - COMMAND_TTL_MS),
        );
        for (const cmd of claimed) {
          const f = followed.get(cmd.connection_id);
          let outcome: { status: 'done' | 'failed'; error?: string };
          try {
            const answer = await f!.client!.action({
              Action: 'Originate',
              Channel: f!.row.originate_channel.replaceAll('{extension}', cmd.extension),
              Context: f!.row.originate_context,
              Exten: cmd.number,
              Priority: '1',
              CallerID: `"${cmd.number}" <${cmd.number}>`,
              Timeout: '30000',
              Async: 'true',
            });
            outcome = answer.response === 'Success' ? { status: 'done' } : { status: 'failed', error: `REFUSED: ${answer.message ?? ''}` };
          } catch (e) {
            outcome = { status: 'failed', error: e instanceof Error && e.message.startsWith('AMI_') ? e.message : 'AMI_CLOSED' };
          }
          await settleCommand(o.db, cmd.id, outcome);
        }
      } catch (e) {
        log.warn({ err: e }, 'click-to-call requests not sent');
      } finally {
        sending = null;
      }
    })();
    return sending;
  }

  async function unfollow(id: string): Promise<void> {
    const f = followed.get(id);
    followed.delete(id);
    await f?.client?.stop();
    await f?.queue;
  }

  async function round(): Promise<void> {
    if (stopped) return;
    try {
      const kept = await repo.renewLeases(o.db, holder, leaseMs);
      for (const id of [...followed.keys()]) if (!kept.has(id)) await unfollow(id);
      if (stopped) return;
      for (const c of await repo.claimLeases(o.db, holder, leaseMs)) if (!followed.has(c.id)) follow(c);
    } catch (e) {
      // The database is away: the clients go on, and leases are renewed at the next tick that works.
      log.warn({ err: e }, 'telephony leases not renewed');
    }
  }

  const tick = () => (ticking = ticking.then(round));
  const timer = setInterval(() => void tick(), Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  void tick();
  // A request is heard of at once through its change notice; the poll covers a lost listener.
  onNotification(COMMANDS_CHANNEL, { message: () => void sendCommands(), reset: () => {} });
  listenForOutcomes();
  const commandTimer = setInterval(() => {
    if (followed.size) void sendCommands();
  }, COMMAND_POLL_MS);
  commandTimer.unref();

  return {
    following: () => [...followed.keys()],
    tick,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      clearInterval(commandTimer);
      await sending;
      await ticking;
      for (const id of [...followed.keys()]) await unfollow(id);
      await repo.releaseLeases(o.db, holder).catch((e) => log.warn({ err: e }, 'telephony leases not released'));
    },
  };
}
