// A real SMTP server for tests (smtp-server on a random loopback port): it receives what Orbita
// sends, keeps each message parsed (mailparser) with its envelope, and can refuse recipients for
// good (550) or for now (451) to test retries and failures.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export type Received = { from: string; to: string[]; mail: ParsedMail };

export type SmtpReceiver = {
  url: string;
  received: Received[];
  /** Refuse a recipient: `temporary` answers 451 (try later), else 550 (never). */
  refuse: (address: string, how: { temporary?: boolean; times?: number }) => void;
  /** Waits until `n` messages have arrived (bounded: throws after `ms`). */
  waitFor: (n: number, ms?: number) => Promise<Received[]>;
  /** Attempts at delivering to each recipient, refused ones included. */
  attempts: Map<string, number>;
  close: () => Promise<void>;
};

export async function startSmtp(): Promise<SmtpReceiver> {
  const received: Received[] = [];
  const refusals = new Map<string, { temporary: boolean; times: number }>();
  const attempts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust in tests.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const a = address.address.toLowerCase();
      attempts.set(a, (attempts.get(a) ?? 0) + 1);
      const r = refusals.get(a);
      if (r && r.times > 0) {
        r.times--;
        const err = Object.assign(new Error(r.temporary ? 'Mailbox busy, try later' : 'No such user here'), {
          responseCode: r.temporary ? 451 : 550,
        });
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
          });
          cb();
        })
        .catch((e: Error) => cb(e));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts,
    refuse: (address, how) => refusals.set(address.toLowerCase(), { temporary: how.temporary ?? false, times: how.times ?? Infinity }),
    waitFor: async (n, ms = 30_000) => {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
