// A minimal RFC 5545 writer: the feed needs only VEVENTs with UTC times or all-day dates, so a
// few rules suffice — TEXT escaping (3.3.11), content lines of at most 75 octets folded with
// CRLF + space (3.1), CRLF line ends everywhere.

export type IcsProp = [name: string, value: string];
export type IcsEvent = IcsProp[];

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits a content line into chunks of at most 75 octets, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (octets + n > limit) {
      out.push(current);
      // Continuation lines begin with one space, which counts towards their 75 octets.
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n');
}

/** 2025-03-10T09:00:00Z -> 20250310T090000Z */
export function utcStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** 1980-03-15 -> 19800315 */
export const dateValue = (isoDate: string) => isoDate.replace(/-/g, '');

/** One VCALENDAR document with CRLF line ends, every line folded. */
export function serializeCalendar(head: IcsProp[], events: IcsEvent[]): string {
  const lines: string[] = ['BEGIN:VCALENDAR', ...head.map(([k, v]) => `${k}:${v}`)];
  for (const e of events) lines.push('BEGIN:VEVENT', ...e.map(([k, v]) => `${k}:${v}`), 'END:VEVENT');
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
