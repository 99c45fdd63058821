// The Asterisk Manager Interface on the wire: TCP, lines ending CRLF, `Key: Value` lines, a blank
// line ending each message; the server first sends one greeting line `Asterisk Call Manager/<v>`.
// Bare LF line ends are taken too (captures, some proxies).

/** One AMI message; keys are looked up without regard to case (`Uniqueid` and `UniqueID` both occur). */
export class AmiMessage {
  private readonly fields = new Map<string, string>();

  set(key: string, value: string): void {
    const k = key.toLowerCase();
    // A key may repeat (ChanVariable); the first value is the message's.
    if (!this.fields.has(k)) this.fields.set(k, value);
  }

  /** The value of a key, or undefined; `<unknown>` and empty values count as absent. */
  get(key: string): string | undefined {
    const v = this.fields.get(key.toLowerCase());
    return v === undefined || v === '' || v === '<unknown>' ? undefined : v;
  }

  get event(): string | undefined {
    return this.get('Event');
  }

  get size(): number {
    return this.fields.size;
  }

  /** Every field, keys in lower case (as `get` matches them). */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.fields);
  }
}

/** Longest line accepted: a peer that sends megabytes without a line end is not an AMI server. */
const MAX_LINE = 64 * 1024;

/** Splits a byte stream into the greeting and messages. */
export class AmiParser {
  private buffer = '';
  private current = new AmiMessage();
  private greeted = false;

  constructor(
    private readonly on: {
      greeting: (line: string) => void;
      message: (m: AmiMessage) => void;
      /** The stream is not AMI (a line too long): the caller should drop the connection. */
      garbage: () => void;
    },
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.line(line);
    }
    if (this.buffer.length > MAX_LINE) {
      this.buffer = '';
      this.on.garbage();
    }
  }

  private line(line: string): void {
    if (!this.greeted) {
      this.greeted = true;
      this.on.greeting(line);
      return;
    }
    if (line === '') {
      if (this.current.size) this.on.message(this.current);
      this.current = new AmiMessage();
      return;
    }
    const colon = line.indexOf(':');
    // Lines without a key (the output of `Response: Follows`) carry nothing Orbita reads.
    if (colon <= 0) return;
    this.current.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
}

/** Whether the greeting line is the Asterisk Manager Interface's. */
export function isAmiGreeting(line: string): boolean {
  return /^Asterisk Call Manager\//.test(line);
}

/** An action as AMI expects it: `Key: Value` lines and a blank line; CR and LF inside values are dropped. */
export function encodeAction(fields: Record<string, string>): string {
  const clean = (v: string) => v.replace(/[\r\n]/g, '');
  return `${Object.entries(fields)
    .map(([k, v]) => `${clean(k)}: ${clean(v)}\r\n`)
    .join('')}\r\n`;
}

/** Messages of a capture file (LF or CRLF, no greeting line): for replays and tests. */
export function parseCapture(text: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  const parser = new AmiParser({ greeting: () => {}, message: (m) => out.push(m), garbage: () => {} });
  parser.push(`greeting\n${text}\n\n`);
  return out;
}
