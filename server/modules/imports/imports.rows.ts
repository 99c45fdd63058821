// One file row -> what the API would be sent for it: the create body of a contact or a company,
// built from the mapped columns (several phone and e-mail columns, a cell with several numbers,
// notes from several columns, tags, dates in the formats other CRMs write), then put through the
// contract's own zod schema, so a row is held to exactly the rules of POST /contacts or /companies.
// Problems keep the column they came from, so the report can name it.
import { createCompanyBody, phoneTypes, emailTypes, type CreateCompanyBody } from '../../../contracts/companies.js';
import { createContactBody, type CreateContactBody } from '../../../contracts/contacts.js';
import { MAX_YEAR, MIN_YEAR } from '../../../contracts/common.js';
import { zonedToUtc } from '../../../contracts/time.js';
import { translate, type Lang, type RuleCode } from '../../../contracts/i18n/index.js';
import { fromZodIssue } from '../../platform/errors.js';
import { normalizePhone, regionOf, type Region } from '../../platform/search/index.js';
import type { ImportField, Preset } from './imports.presets.js';

/** A problem with one row: the column it is about (if any), the API field, a rule code and params. */
export type RowIssue = { column: string | null; field: string | null; code: RuleCode | string; params?: Record<string, unknown> };

/** The cells of one row by field, each with the column it came from. */
export type Cells = Map<ImportField, { column: string; value: string }[]>;

export type RowContext = {
  columns: string[];
  /** Column index -> field. */
  fields: (ImportField | null)[];
  /** Unmapped columns whose values go into the notes ("Column: value"). */
  toNotes: number[];
  preset: Preset | null;
  lang: Lang;
  timeZone: string;
  region: Region;
  /** Users of the workspace by lower-cased name and e-mail, for the owner columns. */
  users: Map<string, string>;
};

export function cellsOf(ctx: RowContext, cells: string[]): Cells {
  const out: Cells = new Map();
  ctx.fields.forEach((field, i) => {
    const value = (cells[i] ?? '').trim();
    if (!field || !value) return;
    const list = out.get(field) ?? [];
    list.push({ column: ctx.columns[i], value });
    out.set(field, list);
  });
  return out;
}

const first = (c: Cells, f: ImportField) => c.get(f)?.[0];
const all = (c: Cells, f: ImportField) => c.get(f) ?? [];

/** Several values in one cell: amoCRM and Bitrix24 write "+7 916 ..., +7 495 ..." or one per line. */
export const splitList = (v: string, re = /[,;\n]+/) =>
  v
    .split(re)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A date as the exports write it: 2026-03-01, 01.03.2026, 01-03-2026 14:05:00 (amoCRM), 3/1/2026
 * (HubSpot and Pipedrive in US English: month first; day first elsewhere unless the first
 * number cannot be a month). Times are in the importer's time zone. Null when it is not a date.
 */
export function parseDate(v: string, ctx: Pick<RowContext, 'preset' | 'timeZone'>): { date: string; at: Date } | null {
  const s = v.trim();
  let y: number, m: number, d: number;
  let rest: string;
  let hit: RegExpExecArray | null;
  if ((hit = /^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$/.exec(s))) [y, m, d, rest] = [+hit[1], +hit[2], +hit[3], hit[4]];
  else if ((hit = /^(\d{1,2})[.-](\d{1,2})[.-](\d{4})(.*)$/.exec(s))) [d, m, y, rest] = [+hit[1], +hit[2], +hit[3], hit[4]];
  else if ((hit = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(.*)$/.exec(s))) {
    const a = +hit[1];
    const b = +hit[2];
    const monthFirst = a <= 12 && (b > 12 || ctx.preset === 'hubspot' || ctx.preset === 'pipedrive');
    [m, d] = monthFirst ? [a, b] : [b, a];
    y = +hit[3];
    rest = hit[4];
  } else return null;
  let hh = 0;
  let mm = 0;
  let ss = 0;
  const t = rest.trim().replace(/^T/, '');
  if (t) {
    const tm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm)?(?:\s*(?:z|utc|[+-]\d{2}:?\d{2}))?$/i.exec(t);
    if (!tm) return null;
    [hh, mm, ss] = [+tm[1], +tm[2], +(tm[3] ?? 0)];
    if (tm[4]) hh = (hh % 12) + (tm[4].toLowerCase() === 'pm' ? 12 : 0);
  }
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || hh > 23 || mm > 59 || ss > 59) return null;
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCDate() !== d) return null;
  const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const at = new Date(zonedToUtc(y, m, d, hh, mm, ctx.timeZone).getTime() + ss * 1000);
  return { date, at };
}

type Built<T> = {
  input: T | null;
  issues: RowIssue[];
  warnings: RowIssue[];
  createdAt: Date | null;
  company: { name: string; inn: string | null; column: string } | null;
};

/** Maps a zod issue path (`emails.1.address`) back to the column it came from. */
function columnOf(path: string, origin: Map<string, string>): string | null {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') if (origin.has(p)) return origin.get(p)!;
  return null;
}

/** Phones of the mapped columns; those that are no number of any country go to the notes with a warning. */
function phonesOf(cells: Cells, ctx: RowContext, region: Region, origin: Map<string, string>, warnings: RowIssue[], notes: string[]) {
  const phones: { type: (typeof phoneTypes)[number]; number: string }[] = [];
  for (const type of phoneTypes) {
    for (const cell of all(cells, `phone:${type}` as ImportField)) {
      for (const number of splitList(cell.value, /[,;\n]+/)) {
        if (normalizePhone(number, region)) {
          origin.set(`phones.${phones.length}`, cell.column);
          phones.push({ type, number: number.slice(0, 40) });
        } else {
          warnings.push({ column: cell.column, field: 'phones', code: 'imports.rules.phoneUnreadable', params: { value: number } });
          notes.push(`${translate(ctx.lang, 'imports.notes.phone')}: ${number}`);
        }
      }
    }
  }
  return phones;
}

function emailsOf(cells: Cells, origin: Map<string, string>) {
  const emails: { type: (typeof emailTypes)[number]; address: string }[] = [];
  for (const type of emailTypes) {
    for (const cell of all(cells, `email:${type}` as ImportField)) {
      for (const address of splitList(cell.value, /[,;\n]+/)) {
        origin.set(`emails.${emails.length}`, cell.column);
        emails.push({ type, address });
      }
    }
  }
  return emails;
}

/** What every owned record shares: owner, tags, notes (with unmapped columns), source, segment, created. */
function common(
  cells: Cells,
  ctx: RowContext,
  raw: string[],
  origin: Map<string, string>,
  issues: RowIssue[],
  warnings: RowIssue[],
  notes: string[],
) {
  const out: { ownerId?: string; tags?: string[]; source?: string; segment?: string; createdAt: Date | null } = { createdAt: null };
  const owner = first(cells, 'owner');
  if (owner) {
    const id = ctx.users.get(owner.value.toLowerCase());
    if (id) {
      out.ownerId = id;
      origin.set('ownerId', owner.column);
    } else issues.push({ column: owner.column, field: 'ownerId', code: 'imports.rules.ownerUnknown', params: { value: owner.value } });
  }
  const tags = all(cells, 'tags').flatMap((c) => splitList(c.value));
  if (tags.length) {
    out.tags = tags;
    origin.set('tags', all(cells, 'tags')[0].column);
  }
  for (const c of all(cells, 'notes')) notes.push(c.value);
  for (const i of ctx.toNotes) if (raw[i]?.trim()) notes.push(`${ctx.columns[i]}: ${raw[i].trim()}`);
  for (const f of ['source', 'segment'] as const) {
    const c = first(cells, f);
    if (c) {
      out[f] = c.value;
      origin.set(f, c.column);
    }
  }
  const created = first(cells, 'createdAt');
  if (created) {
    const p = parseDate(created.value, ctx);
    // A creation date that cannot be read loses nothing but the date: the record is created now.
    if (p && p.at.getTime() <= Date.now()) out.createdAt = p.at;
    else warnings.push({ column: created.column, field: 'createdAt', code: 'imports.rules.dateInvalid', params: { value: created.value } });
  }
  return out;
}

export const joinNotes = (notes: string[]) => (notes.length ? notes.join('\n').slice(0, 20_000) : undefined);

export function validated<T>(
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: unknown[] } } },
  input: unknown,
  origin: Map<string, string>,
  issues: RowIssue[],
): T | null {
  const r = schema.safeParse(input);
  if (r.success) return issues.length ? null : r.data;
  // A field already named (no name at all) is not reported again by the schema.
  const named = new Set(issues.map((i) => i.field));
  for (const zi of r.error.issues) {
    for (const f of fromZodIssue(zi as Parameters<typeof fromZodIssue>[0]))
      if (!named.has(f.path)) issues.push({ column: columnOf(f.path, origin), field: f.path, code: f.code, params: f.params });
  }
  return null;
}

/** Splits "Фамилия Имя Отчество" (a Russian patronymic last) or "First Last" into its parts. */
export function splitFullName(full: string): { firstName: string; lastName?: string; middleName?: string } {
  const words = full.trim().split(/\s+/);
  if (words.length === 3 && /(вич|вна|ична|ич|на)$/i.test(words[2]))
    return { lastName: words[0], firstName: words[1], middleName: words[2] };
  if (words.length === 1) return { firstName: words[0] };
  return { firstName: words[0], lastName: words.slice(1).join(' ') };
}

/** The create body of a contact for one row (its company by name and INN beside it), or the row's problems. */
export function contactFromRow(ctx: RowContext, raw: string[], cells: Cells): Built<CreateContactBody> {
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const notes: string[] = [];
  const origin = new Map<string, string>();
  const input: Record<string, unknown> = {};
  for (const f of ['firstName', 'middleName', 'lastName', 'position'] as const) {
    const c = first(cells, f);
    if (c) {
      input[f] = c.value;
      origin.set(f, c.column);
    }
  }
  const full = first(cells, 'fullName');
  if (full && !input.firstName) {
    const parts = splitFullName(full.value);
    for (const [k, v] of Object.entries(parts)) if (v && !input[k]) input[k] = v;
    for (const k of ['firstName', 'lastName', 'middleName']) origin.set(k, full.column);
  }
  // Only a last name: the API needs a first name, and the person is still the same person.
  if (!input.firstName && input.lastName) {
    input.firstName = input.lastName;
    delete input.lastName;
    origin.set('firstName', origin.get('lastName')!);
  }
  if (!input.firstName) {
    const column = full?.column ?? ctx.columns[ctx.fields.indexOf('firstName')] ?? null;
    issues.push({ column, field: 'firstName', code: 'imports.rules.nameRequired' });
  }
  const country = first(cells, 'country');
  if (country) {
    input.country = country.value;
    origin.set('country', country.column);
  }
  const region = regionOf(country?.value?.toUpperCase()) ?? ctx.region;
  input.phones = phonesOf(cells, ctx, region, origin, warnings, notes);
  input.emails = emailsOf(cells, origin);
  const birthday = first(cells, 'birthday');
  if (birthday) {
    const p = parseDate(birthday.value, ctx);
    if (p) input.birthday = p.date;
    else issues.push({ column: birthday.column, field: 'birthday', code: 'imports.rules.dateInvalid', params: { value: birthday.value } });
    origin.set('birthday', birthday.column);
  }
  const addresses = all(cells, 'address');
  if (addresses.length) {
    input.addresses = addresses.map((a) => ({ type: 'actual', text: a.value }));
    origin.set('addresses', addresses[0].column);
  }
  const { createdAt, ...rest } = common(cells, ctx, raw, origin, issues, warnings, notes);
  Object.assign(input, rest);
  // A person has no website field: it is kept in the notes.
  for (const c of all(cells, 'website')) notes.push(`${c.column}: ${c.value}`);
  input.notes = joinNotes(notes);
  origin.set('notes', all(cells, 'notes')[0]?.column ?? '');
  const company = first(cells, 'company');
  const inn = first(cells, 'companyInn');
  const built = validated(createContactBody, input, origin, issues);
  return {
    input: built,
    issues,
    warnings,
    createdAt,
    company: company || inn ? { name: company?.value ?? '', inn: inn?.value ?? null, column: (inn ?? company)!.column } : null,
  };
}

const COMPANY_TEXT = [
  'legalForm',
  'inn',
  'kpp',
  'ogrn',
  'bik',
  'bankName',
  'settlementAccount',
  'corrAccount',
  'eik',
  'vatNumber',
  'iban',
  'website',
  'industry',
] as const;

/** The create body of a company for one row, or the row's problems. */
export function companyFromRow(ctx: RowContext, raw: string[], cells: Cells): Built<CreateCompanyBody> {
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const notes: string[] = [];
  const origin = new Map<string, string>();
  const input: Record<string, unknown> = {};
  const name = first(cells, 'name') ?? first(cells, 'company') ?? first(cells, 'fullName');
  if (name) {
    input.name = name.value;
    origin.set('name', name.column);
  } else issues.push({ column: ctx.columns[ctx.fields.indexOf('name')] ?? null, field: 'name', code: 'imports.rules.nameRequired' });
  for (const f of COMPANY_TEXT) {
    const c = first(cells, f);
    if (c) {
      input[f] = c.value;
      origin.set(f, c.column);
    }
  }
  const country = first(cells, 'country');
  if (country) {
    input.country = country.value;
    origin.set('country', country.column);
  }
  const region = regionOf(country?.value?.toUpperCase()) ?? (input.inn ? 'RU' : input.eik ? 'BG' : ctx.region);
  input.phones = phonesOf(cells, ctx, region, origin, warnings, notes);
  input.emails = emailsOf(cells, origin);
  const addresses = all(cells, 'address');
  if (addresses.length) {
    input.addresses = addresses.map((a) => ({ type: 'actual', text: a.value }));
    origin.set('addresses', addresses[0].column);
  }
  const { createdAt, ...rest } = common(cells, ctx, raw, origin, issues, warnings, notes);
  Object.assign(input, rest);
  input.notes = joinNotes(notes);
  const built = validated(createCompanyBody, input, origin, issues);
  return { input: built, issues, warnings, createdAt, company: null };
}

/** Maps a service's field problems (`inn`, `phones.0.number`, `ownerId`) back to the row's columns. */
export function serviceIssues(
  fields: { path: string; code: string; params?: Record<string, unknown> }[],
  cells: Cells,
  prefix = '',
): RowIssue[] {
  const byField: Record<string, ImportField[]> = {
    ownerId: ['owner'],
    companyId: ['company', 'companyInn'],
    contactId: ['contact', 'contactPhone', 'contactEmail'],
    contactIds: ['contact', 'contactPhone', 'contactEmail'],
    dealId: ['deal'],
    pipelineId: ['pipeline', 'stage'],
    stageId: ['stage', 'status'],
    lostReasonId: ['lostReason', 'status'],
    lostComment: ['lostComment', 'lostReason'],
    expectedCloseDate: ['closeDate'],
    phones: ['phone:work', 'phone:mobile', 'phone:home', 'phone:other'],
  };
  return fields.map((f) => {
    const head = f.path.split('.')[0];
    const candidates = byField[head] ?? [head as ImportField];
    const column = candidates.map((c) => first(cells, c)?.column).find(Boolean) ?? null;
    return { column, field: prefix + f.path, code: f.code, params: f.params };
  });
}
