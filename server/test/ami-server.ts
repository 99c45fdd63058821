// A small Asterisk Manager Interface server for tests: a real TCP peer that greets as Asterisk
// does, answers Login (Success for the right user name and secret, Error otherwise), Ping and
// Originate, and writes captured event streams to every logged-in client, with CRLF line ends as
// on the wire.
// It can be stopped and started again on the same port, as a PBX restart looks to its clients.
import net from 'node:net';
import { AmiParser } from '../modules/calls/telephony/ami.protocol.js';

export type AmiServer = {
  port: number;
  /** Logins that succeeded so far (reconnects count again). */
  logins: () => number;
  /** Login attempts refused so far. */
  refusals: () => number;
  /** Clients logged in now. */
  clients: () => number;
  /** Originate actions received from logged-in clients (keys as sent); an Exten of `000` is refused. */
  originates: () => Record<string, string>[];
  /** Writes a capture (LF or CRLF, messages separated by a blank line) to every logged-in client. */
  play: (capture: string) => void;
  /** Stops listening and drops every client (the PBX goes down). */
  stop: () => Promise<void>;
  /** Listens again on the same port (the PBX is back). */
  start: () => Promise<void>;
};

export async function startAmiServer(opts: { username: string; secret: string; port?: number }): Promise<AmiServer> {
  let server: net.Server | undefined;
  let port = opts.port ?? 0;
  let logins = 0;
  let refusals = 0;
  const sockets = new Set<net.Socket>();
  const loggedIn = new Set<net.Socket>();
  const originates: Record<string, string>[] = [];

  const onConnection = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      loggedIn.delete(s);
    });
    s.on('error', () => {});
    s.write('Asterisk Call Manager/9.0.0\r\n');
    const parser = new AmiParser({
      greeting: () => {},
      message: (m) => {
        const id = m.get('ActionID');
        const reply = (lines: string[]) => s.write(`${[...lines, ...(id ? [`ActionID: ${id}`] : [])].join('\r\n')}\r\n\r\n`);
        const action = m.get('Action')?.toLowerCase();
        if (action === 'login') {
          if (m.get('Username') === opts.username && m.get('Secret') === opts.secret) {
            logins++;
            loggedIn.add(s);
            reply(['Response: Success', 'Message: Authentication accepted']);
            s.write('Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n');
          } else {
            refusals++;
            reply(['Response: Error', 'Message: Authentication failed']);
            // Asterisk drops the connection after a refused login.
            s.end();
          }
        } else if (action === 'originate' && loggedIn.has(s)) {
          const fields = Object.fromEntries(
            ['Channel', 'Context', 'Exten', 'Priority', 'CallerID', 'Timeout', 'Async'].map((k) => [k, m.get(k) ?? '']),
          );
          originates.push(fields);
          if (fields.Exten === '000') reply(['Response: Error', 'Message: Extension does not exist.']);
          else reply(['Response: Success', 'Message: Originate successfully queued']);
        } else if (action === 'ping') reply(['Response: Success', 'Ping: Pong', `Timestamp: ${Date.now() / 1000}`]);
        else if (action === 'logoff') {
          reply(['Response: Goodbye', 'Message: Thanks for all the fish.']);
          s.end();
        } else reply(['Response: Error', 'Message: Invalid/unknown command']);
      },
      garbage: () => s.destroy(),
    });
    // The greeting line is the server's own; what the client sends starts with messages.
    parser.push('greeting\n');
    s.on('data', (d) => parser.push(d.toString('utf8')));
  };

  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await start();

  return {
    get port() {
      return port;
    },
    logins: () => logins,
    refusals: () => refusals,
    clients: () => loggedIn.size,
    originates: () => [...originates],
    play: (capture) => {
      const text = `${capture.replace(/\r?\n/g, '\r\n').replace(/(\r\n)*$/, '')}\r\n\r\n`;
      for (const s of loggedIn) s.write(text);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
      }),
    start,
  };
}
