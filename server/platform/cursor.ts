// The one keyset cursor of every list: base64url of JSON `[sortValue, id]`. A cursor comes back from
// the client, so it is input like any other: decoding checks the id is a real UUID and the sort value
// has the SQL type the caller compares it with, so a crafted cursor is a 400 on `cursor`, never a
// failed cast (500) in the query.
import { PlatformErrors } from './errors.js';
import { hasBadCharacters } from './input.js';

/** The SQL type of a list's sort column, as the keyset comparison casts the cursor value. */
export type CursorKind = 'text' | 'timestamptz' | 'date' | 'numeric' | 'uuid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 as JSON carries it, or PostgreSQL's text output of timestamptz (`2026-12-01 09:30:00.123456+00`).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMERIC = /^-?\d{1,30}(?:\.\d{1,30})?$/;
// Sort values of text columns are names and titles: bounded like the fields they come from.
const MAX_TEXT = 2000;

/** A real calendar day in the years PostgreSQL and JavaScript agree on (year 0000 does not exist). */
function isRealDay(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function isValidDay(v: string): boolean {
  const m = DATE.exec(v);
  return !!m && isRealDay(+m[1], +m[2], +m[3]);
}

function isValidTimestamp(v: string): boolean {
  const m = TIMESTAMP.exec(v);
  if (!m || !isRealDay(+m[1], +m[2], +m[3])) return false;
  const [hh, mi, ss, oh, om] = [m[4], m[5], m[6], m[7], m[8]].map((x) => (x === undefined ? 0 : +x));
  return hh <= 23 && mi <= 59 && ss <= 59 && oh <= 14 && om <= 59;
}

/** Whether a decoded sort value is a literal of the kind; infinities are the sentinels of empty dates. */
function fits(value: string, kind: CursorKind): boolean {
  switch (kind) {
    case 'text':
      return value.length <= MAX_TEXT && !hasBadCharacters(value);
    case 'timestamptz':
      return value === 'infinity' || value === '-infinity' || isValidTimestamp(value);
    case 'date':
      return value === 'infinity' || value === '-infinity' || isValidDay(value);
    case 'numeric':
      return NUMERIC.test(value);
    case 'uuid':
      return UUID.test(value);
  }
}

const badCursor = () => PlatformErrors.MALFORMED({ fields: [{ path: 'cursor', code: 'invalid_cursor' }] });

/** The cursor pointing after a row: its sort value (as the list's SQL renders it as text) and id. */
export function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

/**
 * Reads a cursor back as `[sortValue, id]`, both safe to cast to `kind` and `uuid` in SQL;
 * anything else is a 400 VALIDATION on `cursor`. No cursor (absent or empty) is the first page.
 */
export function decodeCursor(cursor: string | undefined, kind: CursorKind): [string, string] | undefined {
  if (!cursor) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(v) || v.length !== 2) throw badCursor();
  const [value, id] = v as unknown[];
  if (typeof value !== 'string' || typeof id !== 'string' || !UUID.test(id) || !fits(value, kind)) throw badCursor();
  return [value, id];
}
