// The AMI client against peers that are not a working PBX: its status says why, it never throws.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../platform/database.js';
import { createLogger } from '../../../platform/logger.js';
import { until } from '../../../test/receiver.js';
import { AmiParser, parseCapture } from './ami.protocol.js';
import { startAmiClient, type AmiClient, type AmiStatus } from './ami.client.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

function follow(port: number): { statuses: AmiStatus[]; client: AmiClient } {
  const statuses: AmiStatus[] = [];
  const client = startAmiClient({
    host: '127.0.0.1',
    port,
    username: 'u',
    secret: 's',
    log: createLogger('silent'),
    onEvent: () => {},
    onStatus: (s) => statuses.push(s),
    backoffMs: { first: 20, max: 100 },
    timeoutMs: 500,
  });
  stops.push(() => client.stop());
  return { statuses, client };
}

const problems = (statuses: AmiStatus[]) => statuses.flatMap((s) => (s.state === 'error' ? [s.problem] : []));

describe('AMI client', () => {
  it('a port nobody listens on is unreachable, and it keeps trying', async () => {
    const { statuses } = follow(await freePort());
    await until(
      () => problems(statuses),
      (p) => p.filter((x) => x === 'AMI_UNREACHABLE').length >= 2,
    );
  });

  it('a server that is not AMI (an HTTP server) is told apart by its greeting', async () => {
    const server = net.createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    stops.push(() => new Promise((r) => server.close(() => r())));
    const { statuses } = follow((server.address() as net.AddressInfo).port);
    await until(
      () => problems(statuses),
      (p) => p.includes('AMI_NOT_AMI'),
    );
  });
});

describe('AMI framing', () => {
  it('reads CRLF and LF, messages split anywhere across chunks, repeated keys and `<unknown>` as absent', () => {
    const got: Record<string, string | undefined>[] = [];
    let greeting = '';
    const p = new AmiParser({
      greeting: (g) => (greeting = g),
      message: (m) => got.push({ event: m.event, uid: m.get('UniqueID'), name: m.get('ConnectedLineName'), v: m.get('ChanVariable') }),
      garbage: () => {},
    });
    const wire =
      'Asterisk Call Manager/9.0.0\r\nEvent: Hangup\r\nUniqueid: 1.1\r\nConnectedLineName: <unknown>\r\nChanVariable: a\r\nChanVariable: b\r\n\r\nEvent: Newchannel\nUniqueid: 1.2\n\n';
    for (let i = 0; i < wire.length; i += 7) p.push(wire.slice(i, i + 7));
    expect(greeting).toBe('Asterisk Call Manager/9.0.0');
    expect(got).toEqual([
      { event: 'Hangup', uid: '1.1', name: undefined, v: 'a' },
      { event: 'Newchannel', uid: '1.2', name: undefined, v: undefined },
    ]);
    expect(parseCapture('Event: A\n\n\n\nEvent: B\r\nX: 1').map((m) => m.event)).toEqual(['A', 'B']);
  });

  it('a peer sending a line without end is garbage, not a growing buffer', () => {
    let garbage = 0;
    const p = new AmiParser({ greeting: () => {}, message: () => {}, garbage: () => garbage++ });
    p.push('Asterisk Call Manager/9\r\n');
    p.push('x'.repeat(70 * 1024));
    expect(garbage).toBe(1);
  });
});
