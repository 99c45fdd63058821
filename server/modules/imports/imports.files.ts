// Reading an uploaded file as a header and rows of strings, whatever it is: CSV in any of the
// encodings Russian and Bulgarian offices produce (UTF-8 with or without BOM, UTF-16 from Excel's
// "Unicode text", cp1251 from Excel on a Russian Windows, cp866 from DOS-era programs) with `,`,
// `;` or tab between fields, or an XLSX workbook. Rows are streamed, so a resumed job skips the
// rows already committed without holding the file's rows in memory.
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { parseVcards, type VcardRow } from '../contacts/index.js';

export type FileFormat = 'csv' | 'xlsx' | 'vcf';
export type Delimiter = ',' | ';' | '\t';

export type SniffedFile = {
  format: FileFormat;
  /** CSV only: the encoding it was read in. */
  encoding: string | null;
  delimiter: Delimiter | null;
  /** XLSX only: every sheet's name, and the one read. */
  sheets: string[];
  sheet: string | null;
  columns: string[];
};

/** A data row: its number (1 = the first row after the header) and its cells by column index. */
export type DataRow = { n: number; cells: string[] };

export class UnreadableFile extends Error {
  constructor(readonly reason: 'empty' | 'noHeader' | 'xlsx' | 'csv' | 'sheet') {
    super(reason);
  }
}

// Letter frequencies of Russian (and close enough for Bulgarian): the right single-byte code page
// turns the bytes into common lower-case letters, the wrong one into pseudo-graphics and symbols.
const FREQ: Record<string, number> = Object.fromEntries([...'оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё'].map((c, i, all) => [c, all.length - i]));

function cyrillicScore(text: string): number {
  let score = 0;
  for (const ch of text.toLowerCase()) score += FREQ[ch] ?? 0;
  return score;
}

/** The encoding of a CSV: a BOM says it; else valid UTF-8 is UTF-8; else cp1251 or cp866, whichever reads as words. */
export function detectEncoding(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    // not UTF-8: a single-byte code page
  }
  const sample = bytes.subarray(0, 64 * 1024);
  return cyrillicScore(iconv.decode(sample, 'cp866')) > cyrillicScore(iconv.decode(sample, 'cp1251')) ? 'cp866' : 'cp1251';
}

export function decodeText(bytes: Buffer, encoding: string): string {
  const text = iconv.decode(bytes, encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const DELIMITERS: Delimiter[] = [';', ',', '\t'];

/**
 * The delimiter that splits the first lines into the same number of fields, more than one; quoted
 * fields (with delimiters and line breaks inside) are read as the parser reads them.
 */
export function detectDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: { d: Delimiter; score: number } = { d: ',', score: -1 };
  for (const d of DELIMITERS) {
    let rows: string[][];
    try {
      rows = parseSync(sample, { delimiter: d, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to_line: 50 });
    } catch {
      continue;
    }
    // The last sampled line may be cut in the middle.
    if (rows.length > 2) rows = rows.slice(0, -1);
    const width = rows[0]?.length ?? 0;
    if (width < 2) continue;
    const same = rows.filter((r) => r.length === width).length / rows.length;
    const score = same * 1000 + width;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

export const isXlsx = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
export const looksLikeVcard = (text: string) => /^\s*BEGIN:VCARD/i.test(text);

/** A header cell as it is matched: trimmed, lower case, single spaces, no quotes or NBSP. */
export function headerKey(h: string): string {
  return h
    .replace(/[\u00a0\s]+/g, ' ')
    .replace(/^["'\s]+|["'\s]+$/g, '')
    .toLowerCase();
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // Excel dates carry no zone; exceljs reads them as UTC.
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
};

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile('xlsx');
  }
  return wb;
}

function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value).trim();
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    if (cells.some(Boolean)) out.push(cells);
  });
  return out;
}

/** Something the reader had to guess or drop, about one data row (vCard cards). */
export type FileNotice = { n: number; column: string | null; code: string };

/** A parsed file: what was detected, its data rows from a given one on, and what the reader noticed. */
export type OpenedFile = SniffedFile & { rows: (from: number) => AsyncIterable<DataRow>; notices: FileNotice[] };

// A vCard file becomes a table with these columns, one row per card (the card's number is the
// row's), several values of a cell on lines of their own; the mapping proposed for it is fixed.
export const VCARD_COLUMNS = [
  'FN',
  'N given',
  'N middle',
  'N family',
  'ORG',
  'TITLE',
  'TEL work',
  'TEL mobile',
  'TEL home',
  'TEL other',
  'EMAIL work',
  'EMAIL personal',
  'EMAIL other',
  'ADR',
  'BDAY',
  'CATEGORIES',
  'NOTE',
  'URL',
] as const;

function vcardCells(r: VcardRow): string[] {
  const tel = (types: string[]) =>
    r.phones
      .filter((p) => types.includes(p.type ?? 'work'))
      .map((p) => p.number)
      .join('\n');
  const email = (type: string) =>
    r.emails
      .filter((e) => (e.type ?? 'work') === type)
      .map((e) => e.address)
      .join('\n');
  return [
    r.fullName ?? '',
    r.firstName ?? '',
    r.middleName ?? '',
    r.lastName ?? '',
    r.companyName ?? '',
    r.position ?? '',
    tel(['work']),
    tel(['mobile']),
    tel(['home']),
    tel(['other', 'fax']),
    email('work'),
    email('personal'),
    email('other'),
    r.addresses.map((a) => a.text).join('\n'),
    r.birthday ?? '',
    r.tags.join('\n'),
    r.notes ?? '',
    r.urls.join('\n'),
  ];
}

/** A .vcf file (2.1, 3.0, 4.0) through the contacts module's vCard reader, as a table. */
function vcardFile(bytes: Buffer): OpenedFile {
  const { rows, warnings } = parseVcards(bytes);
  const table = rows.map((r) => ({ n: r.card, cells: vcardCells(r) }));
  return {
    format: 'vcf',
    encoding: null,
    delimiter: null,
    sheets: [],
    sheet: null,
    columns: [...VCARD_COLUMNS],
    notices: warnings.filter((w) => w.card !== null).map((w) => ({ n: w.card!, column: w.property, code: `vcard.warnings.${w.code}` })),
    rows: async function* (from) {
      for (const row of table) if (row.n > from) yield row;
    },
  };
}

/**
 * Opens a file as it was uploaded. `encoding`, `delimiter` and `sheet` force what would be
 * detected (the user corrected the preview). A vCard file is read by the contacts module's reader.
 */
export async function openFile(
  bytes: Buffer,
  force: { encoding?: string | null; delimiter?: string | null; sheet?: string | null } = {},
): Promise<OpenedFile> {
  if (!bytes.length) throw new UnreadableFile('empty');
  if (isXlsx(bytes)) {
    const wb = await readWorkbook(bytes);
    const sheets = wb.worksheets.map((w) => w.name);
    const ws = force.sheet ? wb.getWorksheet(force.sheet) : wb.worksheets[0];
    if (!ws) throw new UnreadableFile('sheet');
    const all = sheetRows(ws);
    if (!all.length) throw new UnreadableFile('noHeader');
    const columns = all[0];
    return {
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheets,
      sheet: ws.name,
      columns,
      notices: [],
      rows: async function* (from) {
        for (let i = from + 1; i < all.length; i++) yield { n: i, cells: all[i] };
      },
    };
  }
  const encoding = force.encoding && iconv.encodingExists(force.encoding) ? force.encoding : detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  if (looksLikeVcard(text)) return vcardFile(bytes);
  const delimiter = (DELIMITERS as string[]).includes(force.delimiter ?? '') ? (force.delimiter as Delimiter) : detectDelimiter(text);
  const options = { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true } as const;
  let header: string[];
  try {
    header = parseSync(text.slice(0, 256 * 1024), { ...options, to_line: 1 })[0] ?? [];
  } catch {
    throw new UnreadableFile('csv');
  }
  if (!header.some(Boolean)) throw new UnreadableFile('noHeader');
  return {
    format: 'csv',
    encoding,
    delimiter,
    sheets: [],
    sheet: null,
    columns: header,
    notices: [],
    rows: async function* (from) {
      const parser = parse(text, options);
      let n = -1;
      for await (const record of parser as AsyncIterable<string[]>) {
        n += 1;
        if (n === 0 || n <= from) continue;
        if (!record.some(Boolean)) continue;
        yield { n, cells: record };
      }
    },
  };
}
