// vCard files as address books and mail clients write them: 2.1 (Outlook, older phones: bare type
// parameters, QUOTED-PRINTABLE with soft line breaks, CHARSET=Windows-1251 or raw cp1251 bytes),
// 3.0 (RFC 2426: TYPE=, backslash escapes, folding) and 4.0 (RFC 6350: tel: URIs, quoted
// parameter lists, dates without a year). Structure is ASCII in every version, so lines are cut
// and unfolded on bytes and only each value is decoded, by its own CHARSET or the file's: one file
// may mix UTF-8 and cp1251 values (a 2.1 export edited by hand), and a decoder run over the whole
// file would spoil one of them.
//
// Nothing here rejects a card: the import pipeline validates the rows like any other input and
// decides. What the parser had to guess or drop is reported as a warning with the card and line.

import type { AddressValue, EmailValue, PhoneValue } from '../../../contracts/companies.js';
import type { exportsCatalogue } from '../../../contracts/i18n/exports.js';

/** One contact read from a card, in the fields of the contacts API (values as written, not validated). */
export type VcardRow = {
  /** The card's number in the file, counting from 1: the import's row number. */
  card: number;
  /** The line of its BEGIN:VCARD, counting from 1. */
  line: number;
  /** VERSION as written ('2.1', '3.0', '4.0'), null when the card has none. */
  version: string | null;
  /** N's given name; the whole FN when N gives none; null when the card names nobody. */
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  /** FN as written (the display name). */
  fullName: string | null;
  /** ORG's first component: the company's name, to be matched or created by the importer. */
  companyName: string | null;
  /** TITLE, else ROLE. */
  position: string | null;
  /** Numbers as written (tel: prefix removed); the importer normalises them to E.164. */
  phones: PhoneValue[];
  emails: EmailValue[];
  /** ADR components joined with ", " (street first), or LABEL when ADR is empty. */
  addresses: AddressValue[];
  /** YYYY-MM-DD; null when absent or unreadable (then a warning says which). */
  birthday: string | null;
  /** CATEGORIES. */
  tags: string[];
  /** NOTE. */
  notes: string | null;
  /** URL values: contacts have no field for them, so the importer may put them into notes. */
  urls: string[];
};

/** The warnings are the keys of `vcard.warnings` in contracts/i18n/exports.ts: each has its ru, bg, en words. */
export type VcardWarningCode = keyof (typeof exportsCatalogue)['en']['vcard']['warnings'];

/**
 * Something read with a guess or dropped: card (null outside any card), line, property, code;
 * its message is `translate(lang, \`vcard.warnings.${code}\`)`.
 */
export type VcardWarning = { card: number | null; line: number; property: string | null; code: VcardWarningCode };

export type VcardParseResult = { rows: VcardRow[]; warnings: VcardWarning[] };

type Param = { name: string; values: string[] };
/** A logical (unfolded) content line; `raw` keeps the value's bytes as a latin1 string. */
type ContentLine = { line: number; name: string; params: Param[]; raw: string };

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Brings UTF-16 files to UTF-8 bytes and drops a BOM; everything else is ASCII-structured already. */
function normaliseBytes(buffer: Uint8Array): Buffer {
  const b = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3);
  if (b[0] === 0xff && b[1] === 0xfe) return Buffer.from(new TextDecoder('utf-16le').decode(b.subarray(2)), 'utf8');
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(new TextDecoder('utf-16be').decode(b.subarray(2)), 'utf8');
  // UTF-16 without a BOM still shows itself by the NUL beside "B" of BEGIN.
  if (b[0] === 0x42 && b[1] === 0x00) return Buffer.from(new TextDecoder('utf-16le').decode(b), 'utf8');
  if (b[0] === 0x00 && b[1] === 0x42) return Buffer.from(new TextDecoder('utf-16be').decode(b), 'utf8');
  return b;
}

function parseParams(text: string): Param[] {
  const params: Param[] = [];
  // Split on ';' outside double quotes (4.0 allows TYPE="work,voice"; a quoted value may hold ';').
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  for (const part of parts) {
    if (!part) continue;
    const eq = part.indexOf('=');
    // 2.1 writes bare parameters (TEL;WORK;VOICE): they are TYPE values, or the encoding itself.
    if (eq < 0) {
      const bare = part.trim().toUpperCase();
      if (bare === 'QUOTED-PRINTABLE' || bare === 'BASE64' || bare === '8BIT' || bare === '7BIT') {
        params.push({ name: 'ENCODING', values: [bare] });
      } else params.push({ name: 'TYPE', values: [bare] });
      continue;
    }
    const name = part.slice(0, eq).trim().toUpperCase();
    const values = splitList(part.slice(eq + 1)).map((v) => v.replace(/^"|"$/g, '').trim());
    // TYPE="work,voice" (4.0) is a list inside one quoted value.
    params.push({ name, values: name === 'TYPE' ? values.flatMap((v) => v.toUpperCase().split(',')) : values });
  }
  return params;
}

function splitList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.filter((v) => v !== '');
}

function param(line: ContentLine, name: string): string | undefined {
  return line.params.find((p) => p.name === name)?.values[0];
}

function types(line: ContentLine): Set<string> {
  return new Set(line.params.filter((p) => p.name === 'TYPE').flatMap((p) => p.values));
}

/** Finds the ':' that ends the name and parameters (a quoted parameter value may hold one). */
function valueColon(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) return i;
  }
  return -1;
}

const qpEncoded = /;\s*(ENCODING\s*=\s*)?QUOTED-PRINTABLE\s*[;:]/i;

/**
 * Cuts the file into logical lines: RFC folding (CRLF + space/tab) in every version, and 2.1's
 * quoted-printable soft breaks ('=' at the end of a line continues it on the next, unindented).
 */
function contentLines(text: string): { line: number; text: string }[] {
  const physical = text.split(/\r\n|\n|\r/);
  const out: { line: number; text: string }[] = [];
  for (let i = 0; i < physical.length; i++) {
    const p = physical[i];
    const last = out[out.length - 1];
    if ((p.startsWith(' ') || p.startsWith('\t')) && last) {
      last.text += p.slice(1);
      continue;
    }
    if (p.trim() === '') continue;
    out.push({ line: i + 1, text: p });
    // Soft breaks: only inside a quoted-printable value, where a trailing '=' cannot mean anything else.
    const current = out[out.length - 1];
    while (qpEncoded.test(current.text.slice(0, valueColon(current.text) + 1)) && current.text.endsWith('=') && i + 1 < physical.length) {
      i++;
      current.text = current.text.slice(0, -1) + physical[i].replace(/^[ \t]/, '');
    }
  }
  return out;
}

function decodeQuotedPrintable(raw: string): Buffer | null {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 0x3d) {
      const hex = raw.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
      if (i + 1 >= raw.length) continue; // a soft break left at the very end
      return null;
    }
    bytes.push(ch & 0xff);
  }
  return Buffer.from(bytes);
}

type Decoding = { defaultCharset: string; warn: (line: ContentLine, code: VcardWarningCode) => void };

/** The value as text: transfer encoding undone, then the bytes decoded by CHARSET or the file's default. */
function decodeValue(line: ContentLine, d: Decoding): string {
  const encoding = param(line, 'ENCODING')?.toUpperCase();
  let bytes: Buffer = Buffer.from(line.raw, 'latin1');
  let fromTransfer = false;
  if (encoding === 'QUOTED-PRINTABLE') {
    const decoded = decodeQuotedPrintable(line.raw);
    if (!decoded) d.warn(line, 'badEncoding');
    else {
      bytes = decoded;
      fromTransfer = true;
    }
  } else if (encoding === 'B' || encoding === 'BASE64') {
    bytes = Buffer.from(line.raw.replace(/\s+/g, ''), 'base64');
    fromTransfer = true;
  }
  const declared = param(line, 'CHARSET');
  if (declared) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      d.warn(line, 'unknownCharset');
    }
  }
  // Encoded bytes carry no hint of their own: UTF-8 when they are valid UTF-8, else cp1251 (Outlook).
  if (fromTransfer) return new TextDecoder(isUtf8(bytes) ? 'utf-8' : 'windows-1251').decode(bytes);
  return new TextDecoder(d.defaultCharset).decode(bytes);
}

/** Splits on unescaped `sep`, then undoes the escapes of 3.0/4.0 (2.1 only ever escapes ';'). */
function components(value: string, sep: ';' | ','): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      const next = value[i + 1];
      current += next === 'n' || next === 'N' ? '\n' : next;
      i++;
    } else if (ch === sep) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((c) => c.trim());
}

function unescapeText(value: string): string {
  return components(value, ';').join(';').trim();
}

function phoneType(t: Set<string>): PhoneValue['type'] {
  if (t.has('FAX')) return 'fax';
  if (t.has('CELL') || t.has('MOBILE') || t.has('IPHONE')) return 'mobile';
  if (t.has('HOME')) return 'home';
  if (t.has('WORK')) return 'work';
  return 'other';
}

function emailType(t: Set<string>): EmailValue['type'] {
  if (t.has('HOME')) return 'personal';
  if (t.has('WORK')) return 'work';
  return 'other';
}

function addressType(t: Set<string>): AddressValue['type'] {
  if (t.has('HOME')) return 'home';
  if (t.has('POSTAL') || t.has('PARCEL')) return 'postal';
  if (t.has('WORK')) return 'actual';
  return 'other';
}

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1000 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** BDAY as 19800115, 1980-01-15, 1980-01-15T00:00:00Z; '--0115' (4.0, no year) cannot be stored. */
function readBirthday(value: string): string | 'noYear' | null {
  const v = value.trim();
  if (/^--\d{2}-?\d{2}/.test(v)) return 'noYear';
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(y, mo, d) ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function emptyRow(card: number, line: number): VcardRow {
  return {
    card,
    line,
    version: null,
    firstName: null,
    middleName: null,
    lastName: null,
    fullName: null,
    companyName: null,
    position: null,
    phones: [],
    emails: [],
    addresses: [],
    birthday: null,
    tags: [],
    notes: null,
    urls: [],
  };
}

const orNull = (s: string | undefined): string | null => (s && s.trim() ? s.trim() : null);

/**
 * Reads every card of a .vcf file (2.1, 3.0, 4.0; UTF-8, UTF-16 or cp1251, QUOTED-PRINTABLE or not)
 * into rows of contact fields, with warnings for what it guessed or dropped. Never throws.
 */
export function parseVcards(buffer: Uint8Array): VcardParseResult {
  const bytes = normaliseBytes(buffer);
  const rows: VcardRow[] = [];
  const warnings: VcardWarning[] = [];
  // Raw 8-bit values without a CHARSET are as the file is: UTF-8 when all of it is, else cp1251.
  const defaultCharset = isUtf8(bytes) ? 'utf-8' : 'windows-1251';
  let row: VcardRow | null = null;
  let nested = 0;
  let position: { title: string | null; role: string | null } = { title: null, role: null };
  // Most writers repeat ADR as LABEL: a label is the address only for a card without ADR.
  let labels: AddressValue[] = [];
  const warnAt = (line: number, property: string | null, code: VcardWarningCode) =>
    warnings.push({ card: row?.card ?? null, line, property, code });
  const d: Decoding = { defaultCharset, warn: (l, code) => warnAt(l.line, l.name, code) };

  const finish = () => {
    if (!row) return;
    row.position = position.title ?? position.role;
    if (row.addresses.length === 0) row.addresses = labels;
    if (!row.firstName && row.fullName) row.firstName = row.fullName;
    if (!row.firstName && !row.lastName) warnAt(row.line, null, 'noName');
    rows.push(row);
    row = null;
  };

  for (const physical of contentLines(bytes.toString('latin1'))) {
    const colon = valueColon(physical.text);
    if (colon < 0) {
      warnAt(physical.line, null, row ? 'badLine' : 'lineOutsideCard');
      continue;
    }
    const head = physical.text.slice(0, colon);
    const semi = head.indexOf(';');
    const nameWithGroup = (semi < 0 ? head : head.slice(0, semi)).trim();
    // item1.TEL (Apple's groups): the group only ties X-ABLabel to its property, which we do not read.
    const name = nameWithGroup.slice(nameWithGroup.lastIndexOf('.') + 1).toUpperCase();
    const line: ContentLine = {
      line: physical.line,
      name,
      params: semi < 0 ? [] : parseParams(head.slice(semi + 1)),
      raw: physical.text.slice(colon + 1),
    };
    const rawUpper = line.raw.trim().toUpperCase();

    if (name === 'BEGIN' && rawUpper === 'VCARD') {
      if (row) {
        // 2.1's AGENT may embed another person's card; theirs is not this contact's data.
        nested++;
        warnAt(line.line, 'AGENT', 'nestedCard');
        continue;
      }
      row = emptyRow(rows.length + 1, line.line);
      position = { title: null, role: null };
      labels = [];
      continue;
    }
    if (name === 'END' && rawUpper === 'VCARD') {
      if (nested > 0) nested--;
      else if (row) finish();
      continue;
    }
    if (!row) {
      warnAt(line.line, name, 'lineOutsideCard');
      continue;
    }
    if (nested > 0) continue;
    const current: VcardRow = row;

    switch (name) {
      case 'VERSION':
        current.version = line.raw.trim();
        break;
      case 'N': {
        const [last, first, middle] = components(decodeValue(line, d), ';');
        current.lastName = orNull(last);
        current.firstName = orNull(first);
        current.middleName = orNull(middle);
        break;
      }
      case 'FN':
        current.fullName = orNull(unescapeText(decodeValue(line, d)));
        break;
      case 'ORG':
        current.companyName ??= orNull(components(decodeValue(line, d), ';')[0]);
        break;
      case 'TITLE':
        position.title ??= orNull(unescapeText(decodeValue(line, d)));
        break;
      case 'ROLE':
        position.role ??= orNull(unescapeText(decodeValue(line, d)));
        break;
      case 'TEL': {
        const number = unescapeText(decodeValue(line, d)).replace(/^tel:/i, '');
        if (number) current.phones.push({ type: phoneType(types(line)), number });
        break;
      }
      case 'EMAIL': {
        const address = unescapeText(decodeValue(line, d)).replace(/^mailto:/i, '');
        if (address) current.emails.push({ type: emailType(types(line)), address });
        break;
      }
      case 'ADR': {
        const [poBox, extended, street, locality, region, postalCode, country] = components(decodeValue(line, d), ';');
        const text = [street, extended, poBox, locality, region, postalCode, country].filter((c) => c).join(', ');
        if (text) current.addresses.push({ type: addressType(types(line)), text });
        break;
      }
      case 'LABEL': {
        const text = unescapeText(decodeValue(line, d));
        if (text && !labels.some((a) => a.text === text)) labels.push({ type: addressType(types(line)), text });
        break;
      }
      case 'BDAY': {
        const value = decodeValue(line, d);
        const birthday = readBirthday(value);
        if (birthday === 'noYear') warnAt(line.line, 'BDAY', 'birthdayWithoutYear');
        else if (!birthday) warnAt(line.line, 'BDAY', 'badBirthday');
        else current.birthday = birthday;
        break;
      }
      case 'CATEGORIES':
        for (const tag of components(decodeValue(line, d), ',')) if (tag && !current.tags.includes(tag)) current.tags.push(tag);
        break;
      case 'NOTE': {
        const note = orNull(unescapeText(decodeValue(line, d)));
        if (note) current.notes = current.notes ? `${current.notes}\n${note}` : note;
        break;
      }
      case 'URL': {
        const url = orNull(unescapeText(decodeValue(line, d)));
        if (url) current.urls.push(url);
        break;
      }
    }
  }
  if (row) {
    warnAt((row as VcardRow).line, null, 'unclosedCard');
    finish();
  }
  // A file with no card at all is something else (a CSV sent as .vcf): one warning says so, not one per line.
  if (rows.length === 0) return { rows, warnings: [{ card: null, line: 1, property: null, code: 'notVcard' }] };
  return { rows, warnings };
}
