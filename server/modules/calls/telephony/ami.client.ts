// A client of the Asterisk Manager Interface over node:net: connects, checks the greeting, logs in
// with events on, hands every event on, pings to notice a PBX that went silent, and reconnects
// with exponential backoff (with jitter) after the PBX restarts or the network drops. A refused
// login is reported and retried at the longest interval: the secret may be fixed on the PBX side.
// Well-kept AMI libraries on npm (asterisk-manager, asterisk-ami-client) are untyped callback
// code over old dependencies; the protocol is small enough to speak here.
import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { Logger } from 'pino';
import { AmiParser, encodeAction, isAmiGreeting, type AmiMessage } from './ami.protocol.js';

/** Why the client is not connected: a code with a message in contracts/i18n/telephony.ts. */
export type AmiProblem = 'AMI_AUTH_FAILED' | 'AMI_UNREACHABLE' | 'AMI_NOT_AMI' | 'AMI_CLOSED' | 'AMI_TIMEOUT';

export type AmiStatus = { state: 'connecting' } | { state: 'connected' } | { state: 'error'; problem: AmiProblem };

export type AmiClientOptions = {
  host: string;
  port: number;
  username: string;
  secret: string;
  log: Logger;
  onEvent: (m: AmiMessage, receivedAt: Date) => void;
  onStatus: (s: AmiStatus) => void;
  /** First reconnect delay and the longest (defaults 1 s and 60 s). */
  backoffMs?: { first: number; max: number };
  /** How often to ping an idle PBX, and how long an answer may take (defaults 30 s and 10 s). */
  pingMs?: number;
  timeoutMs?: number;
};

export type AmiClient = {
  /**
   * Sends an action (Originate) and resolves with the PBX's response fields (keys in lower case),
   * whatever it says (`response: Error` included); rejects when not logged in, on a timeout or a
   * lost connection.
   */
  action: (fields: Record<string, string>) => Promise<Record<string, string>>;
  stop: () => Promise<void>;
};

/** An action sent by `AmiClient.action` while its response is awaited. */
type Request = { resolve: (m: Record<string, string>) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/** Starts a client that keeps itself connected until stopped. */
export function startAmiClient(o: AmiClientOptions): AmiClient {
  const first = o.backoffMs?.first ?? 1_000;
  const max = o.backoffMs?.max ?? 60_000;
  const pingMs = o.pingMs ?? 30_000;
  const timeoutMs = o.timeoutMs ?? 10_000;
  let stopped = false;
  let attempt = 0;
  let socket: net.Socket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed: Promise<void> = Promise.resolve();
  // The live connection's way to send a caller's action (undefined while not logged in).
  let sendAction: ((fields: Record<string, string>) => Promise<Record<string, string>>) | undefined;

  const schedule = (delay: number) => {
    if (stopped) return;
    // Jitter spreads the reconnects of many instances after one PBX restart.
    retry = setTimeout(connect, Math.round(delay * (0.75 + Math.random() * 0.5)));
  };

  function connect() {
    if (stopped) return;
    o.onStatus({ state: 'connecting' });
    let problem: AmiProblem = 'AMI_UNREACHABLE';
    let loggedIn = false;
    let actionId = 0;
    let pending: { id: string; timer: NodeJS.Timeout } | undefined;
    const requests = new Map<string, Request>();
    let idle: NodeJS.Timeout | undefined;
    const s = net.connect({ host: o.host, port: o.port });
    socket = s;
    s.setKeepAlive(true, 30_000);
    s.setNoDelay(true);
    const decoder = new StringDecoder('utf8');

    const send = (fields: Record<string, string>, onTimeout: AmiProblem) => {
      const id = String(++actionId);
      const timer = setTimeout(() => {
        problem = onTimeout;
        s.destroy();
      }, timeoutMs);
      pending = { id, timer };
      s.write(encodeAction({ ...fields, ActionID: id }));
    };
    // A ping after a quiet spell: a PBX that answers nothing within timeoutMs is taken as gone.
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => send({ Action: 'Ping' }, 'AMI_TIMEOUT'), pingMs);
    };
    const greetTimer = setTimeout(() => {
      problem = 'AMI_NOT_AMI';
      s.destroy();
    }, timeoutMs);

    const parser = new AmiParser({
      greeting: (line) => {
        clearTimeout(greetTimer);
        if (!isAmiGreeting(line)) {
          problem = 'AMI_NOT_AMI';
          s.destroy();
          return;
        }
        problem = 'AMI_TIMEOUT';
        send({ Action: 'Login', Username: o.username, Secret: o.secret, Events: 'on' }, 'AMI_TIMEOUT');
      },
      message: (m) => {
        armIdle();
        const request = m.get('Response') !== undefined ? requests.get(m.get('ActionID') ?? '') : undefined;
        if (request) {
          requests.delete(m.get('ActionID')!);
          clearTimeout(request.timer);
          request.resolve(m.toRecord());
          return;
        }
        if (m.get('Response') !== undefined && pending && m.get('ActionID') === pending.id) {
          clearTimeout(pending.timer);
          pending = undefined;
          if (loggedIn) return;
          if (m.get('Response') === 'Success') {
            loggedIn = true;
            attempt = 0;
            problem = 'AMI_CLOSED';
            sendAction = (fields) =>
              new Promise((resolve, reject) => {
                const id = `req-${++actionId}`;
                const timer = setTimeout(() => {
                  requests.delete(id);
                  reject(new Error('AMI_TIMEOUT'));
                }, timeoutMs);
                requests.set(id, { resolve, reject, timer });
                s.write(encodeAction({ ...fields, ActionID: id }));
              });
            o.onStatus({ state: 'connected' });
          } else {
            problem = 'AMI_AUTH_FAILED';
            s.destroy();
          }
          return;
        }
        if (loggedIn && m.event) {
          try {
            o.onEvent(m, new Date());
          } catch (e) {
            o.log.error({ err: e, event: m.event }, 'AMI event handler failed');
          }
        }
      },
      garbage: () => {
        problem = 'AMI_NOT_AMI';
        s.destroy();
      },
    });

    s.on('data', (chunk) => parser.push(decoder.write(chunk)));
    s.on('error', (e) => o.log.debug({ err: e, host: o.host, port: o.port }, 'AMI connection error'));
    closed = new Promise((resolve) =>
      s.on('close', () => {
        clearTimeout(greetTimer);
        clearTimeout(idle);
        if (pending) clearTimeout(pending.timer);
        sendAction = undefined;
        for (const r of requests.values()) {
          clearTimeout(r.timer);
          r.reject(new Error('AMI_CLOSED'));
        }
        requests.clear();
        resolve();
        if (stopped) return;
        o.onStatus({ state: 'error', problem });
        o.log.info({ host: o.host, port: o.port, problem }, 'AMI connection lost');
        // A refused login waits the longest: hammering the PBX with a wrong secret only locks the account.
        const delay = problem === 'AMI_AUTH_FAILED' ? max : Math.min(max, first * 2 ** attempt++);
        schedule(delay);
      }),
    );
  }

  connect();
  return {
    action: (fields) => (sendAction ? sendAction(fields) : Promise.reject(new Error('AMI_CLOSED'))),
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      if (socket && !socket.destroyed) {
        socket.end(encodeAction({ Action: 'Logoff' }));
        // A PBX that does not close its side in time is cut.
        setTimeout(() => socket?.destroy(), 1_000).unref();
      }
      await closed;
    },
  };
}
