// The 1CClientBankExchange format (REFERENCE section 4): what client-banks and 1C exchange bank
// statements and payment orders in. Versions 1.01-1.03 share one grammar: `Key=Value` lines,
// a header, `СекцияРасчСчет … КонецРасчСчет` balance blocks, `СекцияДокумент=<type> … КонецДокумента`
// documents and `КонецФайла`. Exporters differ in what they leave out (empty keys, the document
// type, the final newline) and in what they claim: the `Кодировка` header is often wrong, so the
// bytes decide. Anything the grammar does not allow is refused with the line and key, so that a
// statement is either read whole or not at all.

import { isUtf8 } from 'node:buffer';

export type StatementRule =
  | 'notExchangeFile'
  | 'badLine'
  | 'unsupportedVersion'
  | 'badAmount'
  | 'badDate'
  | 'missingKey'
  | 'unclosedSection'
  | 'unexpectedEnd'
  | 'missingEnd'
  | 'notText';

/** Why a file is not a statement: the 1-based line, the key on it (or the section marker), the rule. */
export class StatementError extends Error {
  constructor(
    readonly line: number,
    readonly key: string,
    readonly rule: StatementRule,
  ) {
    super(`line ${line}, ${key}: ${rule}`);
  }
}

export type Party = { account: string; inn: string; kpp: string; name: string; bik: string; bank: string };

export type StatementDocument = {
  /** Where its `СекцияДокумент` line is, for messages. */
  line: number;
  /** Платежное поручение, Банковский ордер, …; null when the exporter wrote none. */
  type: string | null;
  number: string;
  /** Calendar dates as YYYY-MM-DD. */
  date: string | null;
  /** Exact decimal string with two places, never a float. */
  amount: string;
  payer: Party;
  recipient: Party;
  debitedOn: string | null;
  creditedOn: string | null;
  /** НазначениеПлатежа and its continuation lines 1-6, joined. */
  purpose: string;
  /** Every key as written, for what the typed fields above do not carry (tax fields, codes). */
  fields: Record<string, string>;
};

export type AccountBalance = {
  account: string;
  dateFrom: string | null;
  dateTo: string | null;
  opening: string | null;
  received: string | null;
  spent: string | null;
  closing: string | null;
};

export type ParsedStatement = {
  version: string | null;
  /** The encoding the bytes were read in (not the one the header claims). */
  encoding: 'utf-8' | 'windows-1251' | 'ibm866';
  sender: string | null;
  receiver: string | null;
  createdOn: string | null;
  dateFrom: string | null;
  dateTo: string | null;
  /** The accounts the statement is about (header `РасчСчет`, repeated for several). */
  accounts: string[];
  balances: AccountBalance[];
  documents: StatementDocument[];
};

const MAGIC = '1CClientBankExchange';
const VERSIONS = new Set(['1.01', '1.02', '1.03']);
// Words every real file of the format contains; the decoding that yields them is the right one.
const MARKERS = ['ВерсияФормата', 'СекцияДокумент', 'КонецФайла', 'Кодировка', 'РасчСчет'];

/**
 * Reads the bytes as UTF-8 when they are valid UTF-8 (with or without a BOM), else as cp1251 or cp866,
 * whichever shows the format's own key words. The header's `Кодировка` is not trusted: banks write
 * `Windows` over UTF-8 files and `DOS` over cp1251 ones. Files edited by hand mix them (a real 1C
 * export ends in a UTF-8 `КонецФайла` after cp1251 lines), so a single-byte file is decoded line by
 * line and a line that is valid UTF-8 is taken as such: Cyrillic cp1251 or cp866 text is practically
 * never valid UTF-8.
 */
export function decodeStatement(bytes: Uint8Array): { text: string; encoding: ParsedStatement['encoding'] } {
  if (bytes.includes(0)) throw new StatementError(1, MAGIC, 'notText');
  // isUtf8 answers without throwing: a failed fatal decode per line cost ~50 µs, seconds for a big file.
  const utf8 = new TextDecoder('utf-8');
  if (isUtf8(bytes)) return { text: utf8.decode(bytes), encoding: 'utf-8' };
  // Not UTF-8 as a whole: one of the two single-byte Cyrillic code pages, perhaps with UTF-8 lines.
  const score = (text: string) => MARKERS.filter((m) => text.includes(m)).length;
  const encoding =
    score(new TextDecoder('ibm866').decode(bytes)) > score(new TextDecoder('windows-1251').decode(bytes)) ? 'ibm866' : 'windows-1251';
  const single = new TextDecoder(encoding);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const line = bytes.subarray(start, i);
    out.push(isUtf8(line) ? utf8.decode(line) : single.decode(line));
    start = i + 1;
  }
  return { text: out.join('\n'), encoding };
}

/** dd.mm.yyyy (as the format writes dates) to YYYY-MM-DD, checking the calendar; '' is no date. */
function dateOf(value: string, line: number, key: string): string | null {
  if (value === '') return null;
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  if (!m) throw new StatementError(line, key, 'badDate');
  const [, d, mo, y] = m;
  const iso = `${y}-${mo}-${d}`;
  const t = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso || Number(y) < 1990) throw new StatementError(line, key, 'badDate');
  return iso;
}

/** A sum as the format writes it (dot decimal; some exporters a comma) to a two-place decimal string. */
function amountOf(value: string, line: number, key: string, required: boolean): string | null {
  if (value === '') {
    if (required) throw new StatementError(line, key, 'missingKey');
    return null;
  }
  const m = /^(-?)(\d{1,15})(?:[.,](\d{1,2}))?$/.exec(value.replace(/\s/g, ''));
  if (!m) throw new StatementError(line, key, 'badAmount');
  const [, sign, int, frac = ''] = m;
  return `${sign}${int.replace(/^0+(?=\d)/, '')}.${frac.padEnd(2, '0')}`;
}

type Entry = { value: string; line: number };
type Block = { line: number; entries: Map<string, Entry> };

const get = (b: Block, key: string) => b.entries.get(key)?.value ?? '';
const lineOf = (b: Block, key: string) => b.entries.get(key)?.line ?? b.line;

/** Плательщик is often "7707083893, ООО «Ромашка»"; Плательщик1 is the bare name when present. */
function partyName(b: Block, prefix: 'Плательщик' | 'Получатель', inn: string): string {
  const bare = get(b, `${prefix}1`).trim();
  if (bare) return bare;
  const full = get(b, prefix).trim();
  return inn && full.startsWith(inn) ? full.slice(inn.length).replace(/^[\s,]+/, '') : full;
}

function party(b: Block, prefix: 'Плательщик' | 'Получатель'): Party {
  const inn = get(b, `${prefix}ИНН`).trim();
  return {
    account: (get(b, `${prefix}Счет`) || get(b, `${prefix}РасчСчет`)).trim(),
    inn,
    kpp: get(b, `${prefix}КПП`).trim(),
    name: partyName(b, prefix, inn),
    bik: get(b, `${prefix}БИК`).trim(),
    bank: [get(b, `${prefix}Банк1`), get(b, `${prefix}Банк2`)]
      .map((s) => s.trim())
      .filter(Boolean)
      .join(' '),
  };
}

function documentOf(b: Block, type: string | null): StatementDocument {
  const fields = Object.fromEntries([...b.entries].map(([k, e]) => [k, e.value]));
  const purpose = ['НазначениеПлатежа', ...[1, 2, 3, 4, 5, 6].map((i) => `НазначениеПлатежа${i}`)]
    .map((k) => get(b, k).trim())
    .filter(Boolean)
    .join(' ');
  return {
    line: b.line,
    type,
    number: get(b, 'Номер').trim(),
    date: dateOf(get(b, 'Дата').trim(), lineOf(b, 'Дата'), 'Дата'),
    amount: amountOf(get(b, 'Сумма').trim(), lineOf(b, 'Сумма'), 'Сумма', true)!,
    payer: party(b, 'Плательщик'),
    recipient: party(b, 'Получатель'),
    debitedOn: dateOf(get(b, 'ДатаСписано').trim(), lineOf(b, 'ДатаСписано'), 'ДатаСписано'),
    creditedOn: dateOf(get(b, 'ДатаПоступило').trim(), lineOf(b, 'ДатаПоступило'), 'ДатаПоступило'),
    purpose,
    fields,
  };
}

function balanceOf(b: Block): AccountBalance {
  const money = (key: string) => amountOf(get(b, key).trim(), lineOf(b, key), key, false);
  return {
    account: get(b, 'РасчСчет').trim(),
    dateFrom: dateOf(get(b, 'ДатаНачала').trim(), lineOf(b, 'ДатаНачала'), 'ДатаНачала'),
    dateTo: dateOf(get(b, 'ДатаКонца').trim(), lineOf(b, 'ДатаКонца'), 'ДатаКонца'),
    opening: money('НачальныйОстаток'),
    received: money('ВсегоПоступило'),
    spent: money('ВсегоСписано'),
    closing: money('КонечныйОстаток'),
  };
}

/** Parses a whole file; throws StatementError naming the first line that breaks the format. */
export function parseStatement(bytes: Uint8Array): ParsedStatement {
  const { text, encoding } = decodeStatement(bytes);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (lines[first]?.trim() !== MAGIC) throw new StatementError(first + 1, MAGIC, 'notExchangeFile');

  const header: Block = { line: first + 1, entries: new Map() };
  const accounts: string[] = [];
  const balances: AccountBalance[] = [];
  const documents: StatementDocument[] = [];
  let open: { kind: 'document' | 'balance'; type: string | null; block: Block } | null = null;
  let ended = false;

  for (let i = first + 1; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i];
    if (raw.trim() === '') continue;
    if (ended) throw new StatementError(n, raw.split('=')[0].trim(), 'unexpectedEnd');
    const eq = raw.indexOf('=');
    const key = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    const value = eq < 0 ? '' : raw.slice(eq + 1);

    if (key === 'СекцияДокумент' || key === 'СекцияРасчСчет') {
      if (open) throw new StatementError(n, key, 'unclosedSection');
      open = {
        kind: key === 'СекцияДокумент' ? 'document' : 'balance',
        type: value.trim() || null,
        block: { line: n, entries: new Map() },
      };
      continue;
    }
    if (key === 'КонецДокумента' || key === 'КонецРасчСчет') {
      const kind = key === 'КонецДокумента' ? 'document' : 'balance';
      if (!open || open.kind !== kind) throw new StatementError(n, key, 'unexpectedEnd');
      if (kind === 'document') documents.push(documentOf(open.block, open.type));
      else balances.push(balanceOf(open.block));
      open = null;
      continue;
    }
    if (key === 'КонецФайла') {
      if (open) throw new StatementError(n, key, 'unclosedSection');
      ended = true;
      continue;
    }
    if (eq < 0 || key === '') throw new StatementError(n, key || raw.trim().slice(0, 40), 'badLine');
    const target = open ? open.block : header;
    // The header repeats РасчСчет once per account the statement covers.
    if (!open && key === 'РасчСчет' && value.trim()) accounts.push(value.trim());
    target.entries.set(key, { value, line: n });
  }
  if (open) throw new StatementError(open.block.line, open.kind === 'document' ? 'СекцияДокумент' : 'СекцияРасчСчет', 'unclosedSection');
  if (!ended) throw new StatementError(lines.length, 'КонецФайла', 'missingEnd');

  const version = get(header, 'ВерсияФормата').trim() || null;
  if (version && !VERSIONS.has(version)) throw new StatementError(lineOf(header, 'ВерсияФормата'), 'ВерсияФормата', 'unsupportedVersion');
  for (const b of balances) if (b.account && !accounts.includes(b.account)) accounts.push(b.account);
  return {
    version,
    encoding,
    sender: get(header, 'Отправитель').trim() || null,
    receiver: get(header, 'Получатель').trim() || null,
    createdOn: dateOf(get(header, 'ДатаСоздания').trim(), lineOf(header, 'ДатаСоздания'), 'ДатаСоздания'),
    dateFrom: dateOf(get(header, 'ДатаНачала').trim(), lineOf(header, 'ДатаНачала'), 'ДатаНачала'),
    dateTo: dateOf(get(header, 'ДатаКонца').trim(), lineOf(header, 'ДатаКонца'), 'ДатаКонца'),
    accounts,
    balances,
    documents,
  };
}

/** Which way money went, seen from our accounts; 'other' when neither side is ours (a foreign row). */
export function directionOf(doc: StatementDocument, ours: readonly string[]): 'incoming' | 'outgoing' | 'other' {
  if (doc.recipient.account && ours.includes(doc.recipient.account)) return 'incoming';
  if (doc.payer.account && ours.includes(doc.payer.account)) return 'outgoing';
  return 'other';
}
