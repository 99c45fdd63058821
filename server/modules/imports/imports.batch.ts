// One batch of rows through the rules of the API, then written in bulk: companies of the rows
// found (by INN, else by name) or created, duplicates found against the database and the file,
// creates inserted together (with the audit entry, event and timeline entry of each record),
// updates made one by one through the contacts and companies services (their rules: edit rights,
// owner changes, versions). A dry run takes every decision and writes nothing.
import type { Insertable } from 'kysely';
import type { CreateCompanyBody } from '../../../contracts/companies.js';
import type { CreateContactBody } from '../../../contracts/contacts.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { AppError } from '../../platform/errors.js';
import { mergeNotes, unionBy } from '../../platform/records.js';
import {
  checkCompanies,
  companiesWithAnyKey,
  compact,
  getCompany,
  insertCompanies,
  updateCompany,
  type BulkCompany,
  type CompanyMatch,
} from '../companies/index.js';
import { checkContacts, contactsWithAnyChannel, getContact, insertContacts, updateContact, type BulkContact } from '../contacts/index.js';
import type { DataRow } from './imports.files.js';
import { cellsOf, companyFromRow, contactFromRow, serviceIssues, type Cells, type RowContext, type RowIssue } from './imports.rows.js';
import type { DuplicateMode, ImportIssuesTable, ImportOptions, ImportRecordsTable } from './imports.table.js';

/** What earlier rows of this run decided, so a later row with the same phone, INN or company name finds it. */
export type RunState = {
  /** `p:<digits>` / `e:<address>` -> the row that has it and its record (null in a dry run). */
  contacts: Map<string, { row: number; id: string | null }>;
  /** `inn:` / `eik:` / `name:<lower>` -> a company of the file or found for it. */
  companies: Map<string, { row: number; id: string | null; country: string | null }>;
  /** Deals and activities of the file by their duplicate keys (imports.sales.ts). */
  deals: Map<string, { row: number; id: string | null }>;
  activities: Map<string, { row: number; id: string | null }>;
};

export const newRunState = (): RunState => ({ contacts: new Map(), companies: new Map(), deals: new Map(), activities: new Map() });

export type BatchOutcome = {
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  warnings: number;
  linkedCreated: number;
  issues: Insertable<ImportIssuesTable>[];
  records: Insertable<ImportRecordsTable>[];
};

export type Job = {
  importId: string;
  user: AuthUser;
  ctx: RowContext;
  duplicates: DuplicateMode;
  dryRun: boolean;
  /** The deals' pipeline and stage mapping. */
  options?: Pick<ImportOptions, 'pipelineId' | 'stageMapping'>;
};

const isCompanyType = (v: string) => /компан|company|фирм|organi[sz]ation|организац/i.test(v);
const isContactType = (v: string) => /контакт|contact|person|лиц/i.test(v);

export class Outcome implements BatchOutcome {
  created = 0;
  updated = 0;
  skipped = 0;
  rejected = 0;
  warnings = 0;
  linkedCreated = 0;
  issues: Insertable<ImportIssuesTable>[] = [];
  records: Insertable<ImportRecordsTable>[] = [];
  private warned = new Set<number>();
  constructor(private readonly importId: string) {}

  reject(row: DataRow, issues: RowIssue[]) {
    this.rejected += 1;
    for (const i of issues)
      this.issues.push({
        import_id: this.importId,
        row_no: row.n,
        level: 'error',
        column: i.column,
        field: i.field,
        code: i.code,
        params: JSON.stringify(i.params ?? {}),
        values: JSON.stringify(row.cells),
      });
  }
  warn(row: DataRow, issues: RowIssue[]) {
    if (!issues.length) return;
    if (!this.warned.has(row.n)) this.warnings += 1;
    this.warned.add(row.n);
    for (const i of issues)
      this.issues.push({
        import_id: this.importId,
        row_no: row.n,
        level: 'warning',
        column: i.column,
        field: i.field,
        code: i.code,
        params: JSON.stringify(i.params ?? {}),
        values: null,
      });
  }
  record(
    entity: 'contact' | 'company' | 'deal' | 'activity',
    row: number,
    id: string,
    version: number,
    action: 'created' | 'updated',
    before: Record<string, unknown> | null = null,
  ) {
    // The first write of a record in the import says what undo does, the last one its version.
    const again = this.records.find((r) => r.entity === entity && r.entity_id === id);
    if (again) {
      again.version = version;
      return;
    }
    this.records.push({
      import_id: this.importId,
      entity,
      entity_id: id,
      action,
      row_no: row,
      version,
      before: before ? JSON.stringify(before) : null,
    });
  }
}

const companyKeysOf = (r: { inn?: string | null; eik?: string | null }) => [
  ...(r.inn ? [`inn:${compact(r.inn)}`] : []),
  ...(r.eik ? [`eik:${compact(r.eik).toUpperCase()}`] : []),
];
const channelKeys = (phones: string, emails: string) => [
  ...phones
    .split(' ')
    .filter((p) => p.length >= 5)
    .map((p) => `p:${p}`),
  ...emails
    .split(' ')
    .filter(Boolean)
    .map((e) => `e:${e}`),
];

/** What an update from a row changes: scalars the file gives, lists joined with what is there. */
function contactChanges(current: Awaited<ReturnType<typeof getContact>>, input: CreateContactBody, companyId: string | null) {
  const next: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const set = (k: string, v: unknown, was: unknown) => {
    if (v === undefined || JSON.stringify(v) === JSON.stringify(was)) return;
    next[k] = v;
    before[k] = was;
  };
  set('firstName', input.firstName, current.firstName);
  for (const k of ['middleName', 'lastName', 'position', 'country', 'birthday', 'source', 'segment', 'ownerId'] as const)
    if (input[k]) set(k, input[k], current[k]);
  if (input.phones?.length)
    set(
      'phones',
      unionBy(current.phones as never[], input.phones as never[], (p: { number: string }) => p.number.replace(/\D/g, '')),
      current.phones,
    );
  if (input.emails?.length)
    set(
      'emails',
      unionBy(current.emails as never[], input.emails as never[], (e: { address: string }) => e.address.toLowerCase()),
      current.emails,
    );
  if (input.addresses?.length)
    set(
      'addresses',
      unionBy(current.addresses as never[], input.addresses as never[], (a: { text: string }) => a.text),
      current.addresses,
    );
  if (input.tags?.length)
    set(
      'tags',
      unionBy(current.tags, input.tags, (t) => t.toLowerCase()),
      current.tags,
    );
  if (input.notes) set('notes', mergeNotes(current.notes, input.notes), current.notes);
  if (companyId && !current.companies.some((m) => m.companyId === companyId)) set('companyId', companyId, current.companyId);
  return { next, before };
}

function companyChanges(current: Awaited<ReturnType<typeof getCompany>>, input: CreateCompanyBody) {
  const next: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const set = (k: string, v: unknown, was: unknown) => {
    if (v === undefined || v === null || v === '' || JSON.stringify(v) === JSON.stringify(was)) return;
    next[k] = v;
    before[k] = was;
  };
  set('name', input.name, current.name);
  for (const k of [
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
    'country',
    'source',
    'segment',
    'ownerId',
  ] as const)
    set(k, input[k], current[k]);
  if (input.phones?.length)
    set(
      'phones',
      unionBy(current.phones as never[], input.phones as never[], (p: { number: string }) => p.number.replace(/\D/g, '')),
      current.phones,
    );
  if (input.emails?.length)
    set(
      'emails',
      unionBy(current.emails as never[], input.emails as never[], (e: { address: string }) => e.address.toLowerCase()),
      current.emails,
    );
  if (input.tags?.length)
    set(
      'tags',
      unionBy(current.tags, input.tags, (t) => t.toLowerCase()),
      current.tags,
    );
  if (input.notes) set('notes', mergeNotes(current.notes, input.notes), current.notes);
  return { next, before };
}

/** An update refused by the service: read-only records are skipped, anything else rejects the row. */
function refusal(e: unknown, cells: Cells): { readOnly: boolean; issues: RowIssue[] } {
  if (!(e instanceof AppError)) throw e;
  if (e.code === 'RECORD_READ_ONLY' || e.status === 404) return { readOnly: true, issues: [] };
  return {
    readOnly: false,
    issues: e.fields.length
      ? serviceIssues(e.fields, cells)
      : [{ column: null, field: null, code: `imports.rules.companyRejected`, params: { reason: e.code } }],
  };
}

type CompanyRowPlan = { row: DataRow; cells: Cells; input: CreateCompanyBody; createdAt: Date | null; warnings: RowIssue[] };

/**
 * Companies given as rows (the companies entity, or amoCRM's «Тип: компания» rows): duplicates by
 * INN or EIK against the database and the file, then created, updated or skipped.
 */
async function companyRows(trx: Db, job: Job, state: RunState, out: Outcome, plans: CompanyRowPlan[]) {
  if (!plans.length) return;
  const checked = await checkCompanies(
    trx,
    job.user,
    plans.map((p): BulkCompany => ({ input: p.input, createdAt: p.createdAt })),
  );
  const ok: { plan: CompanyRowPlan; row: Extract<(typeof checked)[number], { ok: true }>['row'] }[] = [];
  checked.forEach((c, i) => {
    const plan = plans[i];
    const warnings = [...plan.warnings, ...serviceIssues(c.warnings, plan.cells)];
    if (!c.ok) {
      out.reject(plan.row, serviceIssues(c.issues, plan.cells));
      return;
    }
    out.warn(plan.row, warnings);
    ok.push({ plan, row: c.row });
  });
  const inns = ok.flatMap((o) => (o.row.inn ? [o.row.inn] : []));
  const eiks = ok.flatMap((o) => (o.row.eik ? [o.row.eik] : []));
  const found = await companiesWithAnyKey(trx, job.user, { inns, eiks, names: [] });
  const byKey = new Map<string, CompanyMatch>();
  for (const m of found) for (const k of companyKeysOf(m)) if (!byKey.has(k)) byKey.set(k, m);
  const creates: typeof ok = [];
  const updates: { plan: CompanyRowPlan; id: string | null; pending?: number }[] = [];
  for (const o of ok) {
    const keys = companyKeysOf(o.row);
    const inFile = keys.map((k) => state.companies.get(k)).find((v) => v && v.row !== o.plan.row.n);
    const inDb = keys.map((k) => byKey.get(k)).find(Boolean);
    const matched = keys
      .find((k) => state.companies.has(k) || byKey.has(k))
      ?.split(':')[0]
      .toUpperCase();
    if (job.duplicates !== 'create' && (inFile || inDb)) {
      if (job.duplicates === 'skip') {
        out.skipped += 1;
        out.warn(o.plan.row, [
          inFile
            ? { column: null, field: null, code: 'imports.rules.duplicateInFile', params: { matched, row: inFile.row } }
            : { column: null, field: null, code: 'imports.rules.duplicateSkipped', params: { matched } },
        ]);
        continue;
      }
      updates.push({ plan: o.plan, id: inFile ? inFile.id : inDb!.id, pending: inFile && !inFile.id ? inFile.row : undefined });
      continue;
    }
    creates.push(o);
    for (const k of keys) state.companies.set(k, { row: o.plan.row.n, id: null, country: o.row.country ?? null });
    state.companies.set(`name:${o.row.name.toLowerCase()}`, { row: o.plan.row.n, id: null, country: o.row.country ?? null });
  }
  if (!job.dryRun) {
    const ids = await insertCompanies(
      trx,
      job.user,
      creates.map((c) => c.row),
    );
    creates.forEach((c, i) => {
      out.record('company', c.plan.row.n, ids[i].id, ids[i].version, 'created');
      for (const k of [...companyKeysOf(c.row), `name:${c.row.name.toLowerCase()}`]) {
        const v = state.companies.get(k);
        if (v && v.row === c.plan.row.n) v.id = ids[i].id;
      }
    });
  }
  out.created += creates.length;
  for (const u of updates) {
    const id = u.id ?? (u.pending !== undefined ? [...state.companies.values()].find((v) => v.row === u.pending)?.id : null);
    if (job.dryRun || !id) {
      out.updated += 1;
      continue;
    }
    try {
      const current = await getCompany(trx, job.user, id);
      const { next, before } = companyChanges(current, u.plan.input);
      if (!Object.keys(next).length) {
        out.skipped += 1;
        continue;
      }
      const after = await updateCompany(trx, job.user, id, { ...next, version: current.version }, { force: true });
      out.updated += 1;
      out.record('company', u.plan.row.n, id, after.version, 'updated', before);
    } catch (e) {
      const r = refusal(e, u.plan.cells);
      if (r.readOnly) {
        out.skipped += 1;
        out.warn(u.plan.row, [{ column: null, field: null, code: 'imports.rules.duplicateReadOnly', params: { matched: 'INN' } }]);
      } else out.reject(u.plan.row, r.issues);
    }
  }
}

type ContactPlan = {
  row: DataRow;
  cells: Cells;
  input: CreateContactBody;
  createdAt: Date | null;
  warnings: RowIssue[];
  company: { name: string; inn: string | null; column: string } | null;
  companyKey: string | null;
};

/**
 * The companies the contacts of a batch name: found in this run, else among the companies the
 * importer may see (by INN, else by exact name), else created. A company that cannot be created
 * (an INN failing its checksum) rejects the rows that name it.
 */
async function resolveCompanies(trx: Db, job: Job, state: RunState, out: Outcome, plans: ContactPlan[]) {
  const refused = new Map<string, RowIssue[]>();
  const wanted = new Map<string, ContactPlan>();
  for (const p of plans) {
    if (!p.company) continue;
    const inn = p.company.inn ? compact(p.company.inn) : null;
    p.companyKey = inn ? `inn:${inn}` : p.company.name ? `name:${p.company.name.toLowerCase()}` : null;
    if (p.companyKey && !state.companies.has(p.companyKey) && !wanted.has(p.companyKey)) wanted.set(p.companyKey, p);
  }
  if (!wanted.size) return refused;
  const inns = [...wanted.keys()].filter((k) => k.startsWith('inn:')).map((k) => k.slice(4));
  const names = [...wanted.values()].filter((p) => !p.companyKey!.startsWith('inn:')).map((p) => p.company!.name);
  const found = await companiesWithAnyKey(trx, job.user, { inns, eiks: [], names });
  for (const m of found) {
    const hit = { row: 0, id: m.id, country: m.country };
    if (m.inn && wanted.has(`inn:${m.inn}`) && !state.companies.has(`inn:${m.inn}`)) state.companies.set(`inn:${m.inn}`, hit);
    // Only companies the importer may see are found by name (companiesWithAnyKey), the first of a name.
    const byName = `name:${m.name.toLowerCase()}`;
    if (m.visible && wanted.has(byName) && !state.companies.has(byName)) state.companies.set(byName, hit);
  }
  const missing = [...wanted].filter(([k]) => !state.companies.has(k));
  if (!missing.length) return refused;
  const checked = await checkCompanies(
    trx,
    job.user,
    missing.map(([, p]): BulkCompany => ({
      input: { name: p.company!.name || p.company!.inn!, inn: p.company!.inn ?? undefined, ownerId: p.input.ownerId },
    })),
  );
  const creates: { key: string; row: Extract<(typeof checked)[number], { ok: true }>['row']; plan: ContactPlan }[] = [];
  checked.forEach((c, i) => {
    const [key, plan] = missing[i];
    if (c.ok) creates.push({ key, row: c.row, plan });
    else
      refused.set(
        key,
        c.issues.map((issue) => ({
          column: plan.company!.column,
          field: `company.${issue.path}`,
          code: issue.code,
          params: issue.params,
        })),
      );
  });
  const ids = job.dryRun
    ? creates.map(() => null)
    : (
        await insertCompanies(
          trx,
          job.user,
          creates.map((c) => c.row),
        )
      ).map((r, i) => {
        out.record('company', creates[i].plan.row.n, r.id, r.version, 'created');
        return r.id;
      });
  creates.forEach((c, i) => {
    const v = { row: c.plan.row.n, id: ids[i], country: c.row.country ?? null };
    state.companies.set(c.key, v);
    if (!c.key.startsWith('name:'))
      state.companies.set(`name:${c.row.name.toLowerCase()}`, state.companies.get(`name:${c.row.name.toLowerCase()}`) ?? v);
  });
  out.linkedCreated += creates.length;
  return refused;
}

async function contactRows(trx: Db, job: Job, state: RunState, out: Outcome, plans: ContactPlan[]) {
  if (!plans.length) return;
  const refused = await resolveCompanies(trx, job, state, out, plans);
  const live: ContactPlan[] = [];
  for (const p of plans) {
    const r = p.companyKey ? refused.get(p.companyKey) : undefined;
    if (r) out.reject(p.row, r);
    else live.push(p);
  }
  const items = live.map((p): BulkContact => {
    const company = p.companyKey ? state.companies.get(p.companyKey) : undefined;
    return { input: { ...p.input, companyId: company?.id ?? undefined }, createdAt: p.createdAt, companyCountry: company?.country };
  });
  const checked = await checkContacts(trx, job.user, items);
  const ok: { plan: ContactPlan; checked: Extract<(typeof checked)[number], { ok: true }>; keys: string[] }[] = [];
  checked.forEach((c, i) => {
    const plan = live[i];
    if (!c.ok) return out.reject(plan.row, serviceIssues(c.issues, plan.cells));
    out.warn(plan.row, plan.warnings);
    ok.push({ plan, checked: c, keys: channelKeys(String(c.row.search_phones ?? ''), String(c.row.search_emails ?? '')) });
  });
  const phones = ok.flatMap((o) => o.keys.filter((k) => k.startsWith('p:')).map((k) => k.slice(2)));
  const emails = ok.flatMap((o) => o.keys.filter((k) => k.startsWith('e:')).map((k) => k.slice(2)));
  const dbMatches = job.duplicates === 'create' ? [] : await contactsWithAnyChannel(trx, job.user, phones, emails);
  const byKey = new Map<string, (typeof dbMatches)[number]>();
  for (const m of dbMatches) for (const k of channelKeys(m.phones.join(' '), m.emails.join(' '))) if (!byKey.has(k)) byKey.set(k, m);
  const creates: typeof ok = [];
  const updates: { o: (typeof ok)[number]; id: string | null; pendingRow?: number; visible: boolean; matched: string }[] = [];
  for (const o of ok) {
    const inFileKey = o.keys.find((k) => state.contacts.has(k));
    const inDbKey = o.keys.find((k) => byKey.has(k));
    const matched = (inFileKey ?? inDbKey)?.startsWith('p:') ? 'phone' : 'e-mail';
    if (job.duplicates !== 'create' && (inFileKey || inDbKey)) {
      const inFile = inFileKey ? state.contacts.get(inFileKey)! : null;
      if (job.duplicates === 'skip') {
        out.skipped += 1;
        out.warn(o.plan.row, [
          inFile
            ? { column: null, field: null, code: 'imports.rules.duplicateInFile', params: { matched, row: inFile.row } }
            : { column: null, field: null, code: 'imports.rules.duplicateSkipped', params: { matched } },
        ]);
        continue;
      }
      if (inFile) updates.push({ o, id: inFile.id, pendingRow: inFile.id ? undefined : inFile.row, visible: true, matched });
      else {
        const m = byKey.get(inDbKey!)!;
        updates.push({ o, id: m.id, visible: m.visible, matched });
      }
      continue;
    }
    creates.push(o);
    for (const k of o.keys) if (!state.contacts.has(k)) state.contacts.set(k, { row: o.plan.row.n, id: null });
  }
  if (!job.dryRun) {
    const ids = await insertContacts(
      trx,
      job.user,
      creates.map((c) => ({ row: c.checked.row, memberships: c.checked.memberships })),
    );
    creates.forEach((c, i) => {
      out.record('contact', c.plan.row.n, ids[i].id, ids[i].version, 'created');
      for (const k of c.keys) {
        const v = state.contacts.get(k);
        if (v && v.row === c.plan.row.n) v.id = ids[i].id;
      }
    });
  }
  out.created += creates.length;
  for (const u of updates) {
    const id = u.id ?? [...state.contacts.values()].find((v) => v.row === u.pendingRow)?.id ?? null;
    if (!u.visible) {
      out.skipped += 1;
      out.warn(u.o.plan.row, [{ column: null, field: null, code: 'imports.rules.duplicateReadOnly', params: { matched: u.matched } }]);
      continue;
    }
    if (job.dryRun || !id) {
      out.updated += 1;
      continue;
    }
    try {
      const current = await getContact(trx, job.user, id);
      const companyId = u.o.checked.row.company_id ?? null;
      const { next, before } = contactChanges(current, u.o.plan.input, companyId);
      if (!Object.keys(next).length) {
        out.skipped += 1;
        continue;
      }
      const after = await updateContact(trx, job.user, id, { ...next, version: current.version }, { force: true });
      out.updated += 1;
      out.record('contact', u.o.plan.row.n, id, after.version, 'updated', before);
    } catch (e) {
      const r = refusal(e, u.o.plan.cells);
      if (r.readOnly) {
        out.skipped += 1;
        out.warn(u.o.plan.row, [{ column: null, field: null, code: 'imports.rules.duplicateReadOnly', params: { matched: u.matched } }]);
      } else out.reject(u.o.plan.row, r.issues);
    }
  }
}

/** Runs one batch of contacts or companies rows (in `trx`, which a dry run never commits to). */
export async function processBatch(
  trx: Db,
  job: Job,
  state: RunState,
  rows: DataRow[],
  entity: 'contacts' | 'companies',
): Promise<BatchOutcome> {
  const out = new Outcome(job.importId);
  const companies: CompanyRowPlan[] = [];
  const contacts: ContactPlan[] = [];
  for (const row of rows) {
    const cells = cellsOf(job.ctx, row.cells);
    const type = cells.get('recordType')?.[0];
    let asCompany = entity === 'companies';
    if (type && entity === 'contacts') {
      if (isCompanyType(type.value)) asCompany = true;
      else if (!isContactType(type.value)) {
        out.reject(row, [{ column: type.column, field: 'recordType', code: 'imports.rules.typeUnknown', params: { value: type.value } }]);
        continue;
      }
    }
    if (asCompany) {
      const b = companyFromRow(job.ctx, row.cells, cells);
      if (!b.input) out.reject(row, b.issues);
      else companies.push({ row, cells, input: b.input, createdAt: b.createdAt, warnings: b.warnings });
    } else {
      const b = contactFromRow(job.ctx, row.cells, cells);
      if (!b.input) out.reject(row, b.issues);
      else
        contacts.push({ row, cells, input: b.input, createdAt: b.createdAt, warnings: b.warnings, company: b.company, companyKey: null });
    }
  }
  // Company rows first: the contacts after them in the file find them by name or INN.
  await companyRows(trx, job, state, out, companies);
  await contactRows(trx, job, state, out, contacts);
  return out;
}
