// The files an export writes, row batch by row batch into a Writable, waiting for it to drain, so
// a million rows pass through with one batch in memory. CSV is written by hand (it is a few rules:
// quoting, the BOM, the encoding); XLSX through exceljs' streaming WorkbookWriter, which zips each
// committed row away; vCard through the contacts module's writer.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { csvDelimiters, csvEncodings, ExportFormat } from '../../../contracts/exports.js';
import type { Lang } from '../../../contracts/i18n/index.js';

/** How a column's values are written: spreadsheets read numbers, dates and times only in their own forms. */
export type CellKind = 'text' | 'money' | 'int' | 'date' | 'datetime';
/** text, money (exact decimal string), int (number), date (YYYY-MM-DD), datetime (an instant). */
export type CellValue = string | number | Date | null;

export type SheetColumn = { header: string; kind: CellKind };

export type FileOptions = {
  lang: Lang;
  timeZone: string;
  encoding: (typeof csvEncodings)[number];
  delimiter: (typeof csvDelimiters)[number] | undefined;
  sheetName: string;
};

export type TableWriter = {
  /** Writes a batch, then waits while the destination is full. */
  rows: (batch: CellValue[][]) => Promise<void>;
  /** Ends the file and the destination. */
  end: () => Promise<void>;
};

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcf: 'text/vcard',
};

/** The caller went away (closed the download) or the destination failed. */
export class DestinationClosed extends Error {}

/** Resolves when `out` has room again; throws when it was closed instead. */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new DestinationClosed();
  if (!out.writableNeedDrain) return;
  const ac = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal }).then(() => undefined)]);
  } finally {
    ac.abort();
  }
  if (out.destroyed) throw new DestinationClosed();
}

export async function write(out: Writable, chunk: Buffer | string): Promise<void> {
  if (out.destroyed) throw new DestinationClosed();
  out.write(chunk);
  await drained(out);
}

/** Waits until everything written has left (the destination's 'finish'). */
export async function finished(out: Writable): Promise<void> {
  if (out.writableFinished) return;
  await once(out, 'finish');
}

const wallClock = new Map<string, Intl.DateTimeFormat>();

/** The instant's date and time on the wall clock of `timeZone`, as numbers. */
function wallParts(d: Date, timeZone: string): [number, number, number, number, number, number] {
  let f = wallClock.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClock.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(d)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return [p.year, p.month, p.day, p.hour, p.minute, p.second];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// ---------------------------------------------------------------- CSV

// A cell that a spreadsheet would run as a formula (=HYPERLINK(...), @SUM, +cmd|...) is written
// with a leading apostrophe. A number such as +79161234567 or -5 is left alone: it evaluates to itself.
const formulaLike = /^[=@\t\r]|^[+-](?![\d\s().]*$)/;

function csvText(value: string, delimiter: string): string {
  const v = formulaLike.test(value) ? `'${value}` : value;
  return v.includes(delimiter) || /["\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

const delimiterChar = { comma: ',', semicolon: ';', tab: '\t' } as const;

/** CSV as the user's spreadsheet opens it: ru and bg Excel split on ';' and read decimal commas. */
function csvWriter(out: Writable, columns: SheetColumn[], o: FileOptions): TableWriter {
  const delimiter = delimiterChar[o.delimiter ?? (o.lang === 'en' ? 'comma' : 'semicolon')];
  const decimalComma = o.lang !== 'en';
  const cell = (kind: CellKind, v: CellValue): string => {
    if (v === null || v === '') return '';
    if (kind === 'money') return csvText(decimalComma ? String(v).replace('.', ',') : String(v), delimiter);
    if (kind === 'int') return String(v);
    if (kind === 'datetime' && v instanceof Date) {
      const [y, mo, d, h, mi, s] = wallParts(v, o.timeZone);
      return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
    }
    return csvText(String(v), delimiter);
  };
  const encode = (text: string) => (o.encoding === 'cp1251' ? iconv.encode(text, 'win1251') : Buffer.from(text, 'utf8'));
  let started = false;
  const start = async () => {
    started = true;
    const header = columns.map((c) => csvText(c.header, delimiter)).join(delimiter) + '\r\n';
    // The BOM is how Excel tells UTF-8 from the ANSI code page.
    await write(out, encode(o.encoding === 'cp1251' ? header : `\ufeff${header}`));
  };
  return {
    rows: async (batch) => {
      if (!started) await start();
      let text = '';
      for (const row of batch) text += row.map((v, i) => cell(columns[i].kind, v)).join(delimiter) + '\r\n';
      if (text) await write(out, encode(text));
    },
    end: async () => {
      if (!started) await start();
      out.end();
      await finished(out);
    },
  };
}

// ---------------------------------------------------------------- XLSX

const dateFormats: Record<Lang, { date: string; datetime: string }> = {
  ru: { date: 'dd.mm.yyyy', datetime: 'dd.mm.yyyy hh:mm' },
  bg: { date: 'dd.mm.yyyy', datetime: 'dd.mm.yyyy hh:mm' },
  en: { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm' },
};

/** XLSX with typed cells: numbers, dates on the user's wall clock (a sheet has no time zones), text. */
function xlsxWriter(out: Writable, columns: SheetColumn[], o: FileOptions): TableWriter {
  // No shared strings: exceljs would keep every distinct string of the file in memory for that table.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(o.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const fmt = dateFormats[o.lang];
  ws.columns = columns.map((c, i) => ({
    key: String(i),
    header: c.header,
    width: c.kind === 'text' ? 24 : c.kind === 'datetime' ? 18 : 14,
    style: {
      numFmt: c.kind === 'money' ? '#,##0.00' : c.kind === 'date' ? fmt.date : c.kind === 'datetime' ? fmt.datetime : undefined,
    },
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const cell = (kind: CellKind, v: CellValue): ExcelJS.CellValue => {
    if (v === null || v === '') return null;
    // A spreadsheet's numbers are binary floats; the decimal string turns into the nearest one,
    // which shows the same cents for any amount below 10^13.
    if (kind === 'money') return Number(v);
    if (kind === 'date' && typeof v === 'string') {
      const [y, m, d] = v.split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d));
    }
    if (kind === 'datetime' && v instanceof Date) {
      const [y, mo, d, h, mi, s] = wallParts(v, o.timeZone);
      return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    }
    return v;
  };
  return {
    rows: async (batch) => {
      for (const row of batch) ws.addRow(row.map((v, i) => cell(columns[i].kind, v))).commit();
      await drained(out);
    },
    end: async () => {
      ws.commit();
      await wb.commit();
      await finished(out);
    },
  };
}

/** A writer of the table format (CSV or XLSX) into `out`. */
export function tableWriter(format: 'csv' | 'xlsx', out: Writable, columns: SheetColumn[], o: FileOptions): TableWriter {
  return format === 'csv' ? csvWriter(out, columns, o) : xlsxWriter(out, columns, o);
}

/** The file name's date part: the day on the user's wall clock. */
export function localDate(now: Date, timeZone: string): string {
  const [y, m, d] = wallParts(now, timeZone);
  return `${y}-${pad(m)}-${pad(d)}`;
}
