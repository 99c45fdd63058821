import { sql, type Updateable } from 'kysely';
import type { z } from 'zod';
import type {
  Company,
  CompanyListItem,
  CreateCompanyBody,
  Duplicate,
  UpdateCompanyBody,
  companyListQuery,
} from '../../../contracts/companies.js';
import { translate } from '../../../contracts/i18n/index.js';
import type { Lang } from '../../../contracts/i18n/index.js';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { invalidFields, notFound, versionConflict, type FieldIssue } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { publishMerged } from '../../platform/merge.js';
import {
  accessScope,
  normalizePhone,
  regionOf,
  searchEmailsValue,
  searchPhonesValue,
  understandQuery,
  workspaceRegion,
  type SearchHit,
  type SearchRequest,
} from '../../platform/search/index.js';
import { addTimelineEvent, getTimelineEvent, listTimeline } from '../../platform/timeline.js';
import { checkOwnerChange } from '../../platform/rights.js';
import { lockValues } from '../../platform/locks.js';
import { CounterpartyErrors, CounterpartyFieldCodes, DuplicateError } from './companies.errors.js';
import * as repo from './companies.repository.js';
import type { CompaniesTable } from './companies.table.js';
import { assertCanEdit, assertOwner, cleanTags, fillEmpty, inTransaction, mergeNotes, sortSpec, unionBy } from '../../platform/records.js';
import { compact, normaliseRequisites, validateRequisites } from './requisites.js';

export type CompanyWarning = { path: string; code: string };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCompany(r: repo.CompanyRow): Company {
  return {
    id: r.id,
    name: r.name,
    legalForm: r.legal_form,
    country: r.country,
    inn: r.inn,
    kpp: r.kpp,
    ogrn: r.ogrn,
    bik: r.bik,
    bankName: r.bank_name,
    settlementAccount: r.settlement_account,
    corrAccount: r.corr_account,
    eik: r.eik,
    vatNumber: r.vat_number,
    iban: r.iban,
    addresses: r.addresses,
    phones: r.phones,
    emails: r.emails,
    website: r.website,
    industry: r.industry,
    segment: r.segment,
    source: r.source,
    tags: r.tags,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    notes: r.notes,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  };
}

function toListItem(r: repo.CompanyListRow): CompanyListItem {
  return {
    id: r.id,
    name: r.name,
    legalForm: r.legal_form,
    country: r.country,
    inn: r.inn,
    eik: r.eik,
    industry: r.industry,
    segment: r.segment,
    phones: r.phones,
    emails: r.emails,
    tags: r.tags,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: iso(r.deleted_at),
  };
}

/** The audit snapshot: the API object without the derived owner name. */
const snapshot = (c: Company) => {
  const { ownerName: _o, warnings: _w, ...rest } = c;
  return rest as Record<string, unknown>;
};

async function getRow(db: Db, user: AuthUser, id: string, opts: repo.FindOptions = {}) {
  const row = await repo.findVisibleCompany(db, user, id, opts);
  if (!row) throw notFound(CounterpartyErrors.companyNotFound);
  return row;
}

/** A company the caller may see; 404 otherwise (also when deleted). */
export async function getCompany(db: Db, user: AuthUser, id: string): Promise<Company> {
  return toCompany(await getRow(db, user, id));
}

/** Whether the caller may see the company (deleted ones too): the audit endpoint's check. */
export async function canSeeCompany(db: Db, user: AuthUser, id: string): Promise<boolean> {
  return Boolean(await repo.findVisibleCompany(db, user, id, { deleted: 'any' }));
}

/** Understands a free-text `q` of a list the way global search does (name, phone, email, INN/EIK). */
export const textQuery = understandQuery;

export async function listCompanies(db: Db, user: AuthUser, query: z.infer<typeof companyListQuery>) {
  const filters = [];
  if (query.tag) filters.push(sql<boolean>`c.tags @> ${[query.tag]}::text[]`);
  if (query.segment) filters.push(sql<boolean>`c.segment = ${query.segment}`);
  if (query.q && query.q.trim()) {
    const f = repo.companyTextFilter(await textQuery(db, user.workspaceId, query.q.trim()));
    if (!f) return { items: [], nextCursor: null };
    filters.push(f);
  }
  const page = await repo.listCompanyRows(db, {
    user,
    scope: await accessScope(db, user),
    filters,
    ownerId: query.ownerId,
    deleted: query.deleted ?? false,
    sort: sortSpec(query.sort, query.order),
    cursor: query.cursor,
    limit: query.limit,
    selective: Boolean(query.q?.trim()),
    visible: visibleTo(user, 'company', 'c'),
  });
  return { items: page.rows.map(toListItem), nextCursor: page.nextCursor };
}

type Values = Updateable<CompaniesTable>;

/**
 * Validates and normalises a create or patch against the current row: requisites (checksums,
 * accounts against the BIK, on the merged values), phones to E.164 in the company's country,
 * owner in the workspace. Every problem is collected and reported at once (422).
 */
async function prepare(db: Db, user: AuthUser, input: Partial<CreateCompanyBody>, current: repo.CompanyRow | null) {
  const issues: FieldIssue[] = [];
  const values: Values = {};
  const req = normaliseRequisites({
    inn: input.inn,
    kpp: input.kpp,
    ogrn: input.ogrn,
    bik: input.bik,
    settlementAccount: input.settlementAccount,
    corrAccount: input.corrAccount,
    eik: input.eik,
    vatNumber: input.vatNumber,
    iban: input.iban,
  });
  const merged = {
    inn: req.inn !== undefined ? req.inn : (current?.inn ?? null),
    kpp: req.kpp !== undefined ? req.kpp : (current?.kpp ?? null),
    ogrn: req.ogrn !== undefined ? req.ogrn : (current?.ogrn ?? null),
    bik: req.bik !== undefined ? req.bik : (current?.bik ?? null),
    settlementAccount: req.settlementAccount !== undefined ? req.settlementAccount : (current?.settlement_account ?? null),
    corrAccount: req.corrAccount !== undefined ? req.corrAccount : (current?.corr_account ?? null),
    eik: req.eik !== undefined ? req.eik : (current?.eik ?? null),
    vatNumber: req.vatNumber !== undefined ? req.vatNumber : (current?.vat_number ?? null),
    iban: req.iban !== undefined ? req.iban : (current?.iban ?? null),
  };
  const { issues: reqIssues, warnings } = validateRequisites(merged);
  issues.push(...reqIssues);

  if (input.name !== undefined) values.name = input.name;
  if (input.legalForm !== undefined) values.legal_form = input.legalForm || null;
  if (req.inn !== undefined) values.inn = req.inn;
  if (req.kpp !== undefined) values.kpp = req.kpp;
  if (req.ogrn !== undefined) values.ogrn = req.ogrn;
  if (req.bik !== undefined) values.bik = req.bik;
  if (input.bankName !== undefined) values.bank_name = input.bankName || null;
  if (req.settlementAccount !== undefined) values.settlement_account = req.settlementAccount;
  if (req.corrAccount !== undefined) values.corr_account = req.corrAccount;
  if (req.eik !== undefined) values.eik = req.eik;
  if (req.vatNumber !== undefined) values.vat_number = req.vatNumber;
  if (req.iban !== undefined) values.iban = req.iban;

  // A company with an INN is Russian and one with an EIK Bulgarian, unless told otherwise.
  let country = input.country !== undefined ? input.country : (current?.country ?? null);
  if (!country && input.country === undefined) country = merged.inn ? 'RU' : merged.eik ? 'BG' : null;
  if (country !== (current?.country ?? null) || !current) values.country = country;

  if (input.phones !== undefined) {
    const region = regionOf(country) ?? (await workspaceRegion(db, user.workspaceId));
    const phones = input.phones.map((p, i) => {
      const e164 = normalizePhone(p.number, region);
      if (!e164) issues.push({ path: `phones.${i}.number`, code: CounterpartyFieldCodes.phoneInvalid });
      return { type: p.type, number: e164 ?? p.number };
    });
    const unique = unionBy(phones, [], (p) => p.number);
    values.phones = JSON.stringify(unique);
    values.search_phones = searchPhonesValue(unique);
  }
  if (input.emails !== undefined) {
    const emails = unionBy(
      input.emails.map((e) => ({ type: e.type, address: e.address.trim() })),
      [],
      (e) => e.address.toLowerCase(),
    );
    values.emails = JSON.stringify(emails);
    values.search_emails = searchEmailsValue(emails);
  }
  if (input.addresses !== undefined) values.addresses = JSON.stringify(input.addresses);
  if (input.website !== undefined) values.website = input.website || null;
  if (input.industry !== undefined) values.industry = input.industry || null;
  if (input.segment !== undefined) values.segment = input.segment || null;
  if (input.source !== undefined) values.source = input.source || null;
  if (input.tags !== undefined) values.tags = cleanTags(input.tags);
  if (input.notes !== undefined) values.notes = input.notes || null;
  if (input.ownerId !== undefined && input.ownerId !== current?.owner_id) {
    await checkOwnerChange(db, user, { from: current?.owner_id, to: input.ownerId }, issues);
    values.owner_id = input.ownerId;
  }
  if (issues.length) throw invalidFields(issues);
  return { values, warnings: warnings as CompanyWarning[], requisites: merged };
}

function withWarnings(c: Company, warnings: CompanyWarning[], lang: Lang): Company {
  if (!warnings.length) return c;
  return { ...c, warnings: warnings.map((w) => ({ ...w, message: translate(lang, `validation.${w.code}`) })) };
}

/** Records that already have this INN or EIK (for the form's live check and the 409 on save). */
export async function findCompanyDuplicates(
  db: Db,
  user: AuthUser,
  q: { inn?: string | null; eik?: string | null; excludeId?: string },
): Promise<Duplicate[]> {
  const inn = q.inn ? compact(q.inn) : null;
  const eik = q.eik ? compact(q.eik) : null;
  const rows = await repo.companiesWithRequisite(db, user, { inn, eik }, q.excludeId);
  return rows.map((r) => ({
    type: 'company' as const,
    id: r.id,
    title: r.visible ? r.name : null,
    ownerName: r.owner_name,
    visible: Boolean(r.visible),
    matched: inn && r.inn === inn ? ('inn' as const) : ('eik' as const),
  }));
}

export type WriteOptions = { force?: boolean; lang?: Lang };

/**
 * The 409 on an INN or EIK another company already has, made safe under concurrency: the values
 * are locked (in the caller's transaction) before the check, so of parallel creates with the same
 * INN the first commits and every other one then sees it. Forced writes lock too.
 */
async function guardDuplicates(
  trx: Db,
  user: AuthUser,
  r: { inn?: string | null; eik?: string | null },
  opts: WriteOptions,
  excludeId?: string,
) {
  const inn = r.inn ? compact(r.inn) : null;
  const eik = r.eik ? compact(r.eik) : null;
  if (!inn && !eik) return;
  if (inn) await lockValues(trx, user.workspaceId, 'company.inn', [inn]);
  if (eik) await lockValues(trx, user.workspaceId, 'company.eik', [eik]);
  if (opts.force) return;
  const dups = await findCompanyDuplicates(trx, user, { inn, eik, excludeId });
  if (dups.length) throw new DuplicateError(dups);
}

export async function createCompany(db: Db, user: AuthUser, input: CreateCompanyBody, opts: WriteOptions = {}): Promise<Company> {
  const { values, warnings, requisites } = await prepare(db, user, input, null);
  const id = await inTransaction(db, async (trx) => {
    await guardDuplicates(trx, user, { inn: requisites.inn, eik: requisites.eik }, opts);
    const row = await trx
      .insertInto('companies')
      .values({
        workspace_id: user.workspaceId,
        name: input.name,
        owner_id: values.owner_id ?? user.id,
        created_by: user.id,
        deleted_at: null,
        legal_form: values.legal_form ?? null,
        country: values.country ?? null,
        inn: values.inn ?? null,
        kpp: values.kpp ?? null,
        ogrn: values.ogrn ?? null,
        bik: values.bik ?? null,
        bank_name: values.bank_name ?? null,
        settlement_account: values.settlement_account ?? null,
        corr_account: values.corr_account ?? null,
        eik: values.eik ?? null,
        vat_number: values.vat_number ?? null,
        iban: values.iban ?? null,
        website: values.website ?? null,
        industry: values.industry ?? null,
        segment: values.segment ?? null,
        source: values.source ?? null,
        notes: values.notes ?? null,
        addresses: values.addresses ?? '[]',
        phones: values.phones ?? '[]',
        emails: values.emails ?? '[]',
        tags: values.tags ?? [],
        search_phones: values.search_phones ?? '',
        search_emails: values.search_emails ?? '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = toCompany(await getRow(trx, user, row.id, { unscoped: true }));
    await recordAudit(trx, user, { entity: 'company', entityId: row.id, action: 'create', after: snapshot(created) });
    await addTimelineEvent(trx, { workspaceId: user.workspaceId, entity: 'company', entityId: row.id, kind: 'created', userId: user.id });
    return row.id;
  });
  return withWarnings(toCompany(await getRow(db, user, id, { unscoped: true })), warnings, opts.lang ?? user.language);
}

export async function updateCompany(
  db: Db,
  user: AuthUser,
  id: string,
  input: UpdateCompanyBody,
  opts: WriteOptions = {},
): Promise<Company> {
  const current = await getRow(db, user, id);
  await assertCanEdit(db, user, 'company', id, current.owner_id);
  const { version, ...changes } = input;
  const { values, warnings, requisites } = await prepare(db, user, changes, current);
  const requisiteChanged =
    (values.inn !== undefined && values.inn !== current.inn) || (values.eik !== undefined && values.eik !== current.eik);
  await inTransaction(db, async (trx) => {
    if (requisiteChanged) {
      const inn = values.inn !== undefined && values.inn !== current.inn ? requisites.inn : null;
      const eik = values.eik !== undefined && values.eik !== current.eik ? requisites.eik : null;
      await guardDuplicates(trx, user, { inn, eik }, opts, id);
    }
    const updated = await trx
      .updateTable('companies')
      .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .where('workspace_id', '=', user.workspaceId)
      .where('version', '=', version)
      .where('deleted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw versionConflict();
    const after = toCompany(await getRow(trx, user, id, { deleted: 'any', unscoped: true }));
    await recordAudit(trx, user, {
      entity: 'company',
      entityId: id,
      action: 'update',
      before: snapshot(toCompany(current)),
      after: snapshot(after),
    });
  });
  // Read back without the access rule: the caller may just have handed the record to someone else.
  return withWarnings(toCompany(await getRow(db, user, id, { unscoped: true })), warnings, opts.lang ?? user.language);
}

/** Soft delete: the record leaves lists and lookups, and can be restored. */
export async function deleteCompany(db: Db, user: AuthUser, id: string): Promise<void> {
  const current = await getRow(db, user, id);
  await assertCanEdit(db, user, 'company', id, current.owner_id);
  await inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('companies')
      .set({ deleted_at: new Date(), version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound(CounterpartyErrors.companyNotFound);
    const after = toCompany(await getRow(trx, user, id, { deleted: 'any', unscoped: true }));
    await recordAudit(trx, user, {
      entity: 'company',
      entityId: id,
      action: 'delete',
      before: snapshot(toCompany(current)),
      after: snapshot(after),
    });
  });
}

export async function restoreCompany(db: Db, user: AuthUser, id: string): Promise<Company> {
  const current = await getRow(db, user, id, { deleted: 'deleted' });
  await assertCanEdit(db, user, 'company', id, current.owner_id);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('companies')
      .set({ deleted_at: null, version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    const after = toCompany(await getRow(trx, user, id, { unscoped: true }));
    await recordAudit(trx, user, {
      entity: 'company',
      entityId: id,
      action: 'restore',
      before: snapshot(toCompany(current)),
      after: snapshot(after),
    });
  });
  return getCompany(db, user, id);
}

const MERGE_FILL = [
  'legal_form',
  'country',
  'inn',
  'kpp',
  'ogrn',
  'bik',
  'bank_name',
  'settlement_account',
  'corr_account',
  'eik',
  'vat_number',
  'iban',
  'website',
  'industry',
  'segment',
  'source',
  'owner_id',
] as const;

/**
 * Merges `otherId` into `keepId`: every reference moves to the kept company, its empty fields are
 * filled from the other, phones, emails, addresses and tags are united, the other is soft-deleted;
 * both get a 'merge' audit entry and the kept one a timeline event.
 */
export async function mergeCompanies(db: Db, user: AuthUser, keepId: string, otherId: string): Promise<Company> {
  if (keepId === otherId) throw invalidFields([{ path: 'otherId', code: CounterpartyFieldCodes.mergeSame }]);
  const [keep0, other0] = await Promise.all([getRow(db, user, keepId), getRow(db, user, otherId)]);
  await assertCanEdit(db, user, 'company', keepId, keep0.owner_id);
  await assertCanEdit(db, user, 'company', otherId, other0.owner_id);
  await inTransaction(db, async (trx) => {
    // Lock both rows in id order so two merges of the same pair cannot deadlock.
    const [first, second] = [keepId, otherId].sort();
    await getRow(trx, user, first, { lock: true });
    await getRow(trx, user, second, { lock: true });
    const keep = await getRow(trx, user, keepId);
    const other = await getRow(trx, user, otherId);
    const fill = fillEmpty(keep, other, [...MERGE_FILL]);
    const phones = unionBy(keep.phones, other.phones, (p) => p.number);
    const emails = unionBy(keep.emails, other.emails, (e) => e.address.toLowerCase());
    const addresses = unionBy(keep.addresses, other.addresses, (a) => a.text.trim().toLowerCase());
    // Every module that points at companies (contacts, deals, activities, documents, shares and
    // the timeline) relinks its own rows in its merge handler.
    await publishMerged(trx, 'company', user.id, { workspaceId: user.workspaceId, keptId: keepId, mergedId: otherId });
    await trx
      .updateTable('companies')
      .set({
        ...fill,
        phones: JSON.stringify(phones),
        emails: JSON.stringify(emails),
        addresses: JSON.stringify(addresses),
        search_phones: searchPhonesValue(phones),
        search_emails: searchEmailsValue(emails),
        tags: cleanTags([...keep.tags, ...other.tags]),
        notes: mergeNotes(keep.notes, other.notes),
        version: sql`version + 1`,
        updated_at: new Date(),
      })
      .where('id', '=', keepId)
      .execute();
    await trx
      .updateTable('companies')
      .set({ deleted_at: new Date(), version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', otherId)
      .execute();
    const keepAfter = toCompany(await getRow(trx, user, keepId, { unscoped: true }));
    const otherAfter = toCompany(await getRow(trx, user, otherId, { deleted: 'any', unscoped: true }));
    await recordAudit(trx, user, {
      entity: 'company',
      entityId: keepId,
      action: 'merge',
      before: { ...snapshot(toCompany(keep)), mergedFrom: otherId },
      after: snapshot(keepAfter),
    });
    await recordAudit(trx, user, {
      entity: 'company',
      entityId: otherId,
      action: 'merge',
      before: snapshot(toCompany(other)),
      after: { ...snapshot(otherAfter), mergedInto: keepId },
    });
    await addTimelineEvent(trx, {
      workspaceId: user.workspaceId,
      entity: 'company',
      entityId: keepId,
      kind: 'merged',
      userId: user.id,
      refEntity: 'company',
      refId: otherId,
      data: { otherId, otherName: other.name },
    });
  });
  return getCompany(db, user, keepId);
}

export async function companyTimeline(db: Db, user: AuthUser, id: string, opts: { limit: number; cursor?: string }) {
  await getRow(db, user, id);
  return listTimeline(db, user, 'company', id, opts);
}

/** A note on the company's timeline; anyone who sees the company may add one. */
export async function addCompanyNote(db: Db, user: AuthUser, id: string, text: string) {
  await getRow(db, user, id);
  const eventId = await inTransaction(db, async (trx) => {
    const eid = await addTimelineEvent(trx, {
      workspaceId: user.workspaceId,
      entity: 'company',
      entityId: id,
      kind: 'note',
      userId: user.id,
      body: text,
    });
    await recordAudit(trx, user, {
      entity: 'timeline_event',
      entityId: eid,
      action: 'create',
      after: { entity: 'company', entityId: id, kind: 'note', body: text },
    });
    return eid;
  });
  return getTimelineEvent(db, user.workspaceId, eventId);
}

/** The search columns as the app fills them (bulk loaders must write the same). */
export function companySearchFields(phones: { number: string }[], emails: { address: string }[]) {
  return { phones: searchPhonesValue(phones), emails: searchEmailsValue(emails) };
}

/** Global search provider for companies. */
export async function searchCompanies(db: Db, req: SearchRequest): Promise<SearchHit[]> {
  const rows = await repo.searchCompanyRows(db, req);
  return rows.map((r) => {
    let subtitle: string | null;
    if (r.matched === 'phone')
      subtitle = r.phones.find((p) => req.phoneDigits!.some((d) => p.number.replace(/\D/g, '').includes(d)))?.number ?? null;
    else if (r.matched === 'email') subtitle = r.emails.find((e) => e.address.toLowerCase().includes(req.email!))?.address ?? null;
    else subtitle = [r.inn ?? r.eik, r.industry].filter(Boolean).join(' · ') || null;
    return { type: 'company' as const, id: r.id, title: r.name, subtitle, matched: r.matched, rank: r.rank };
  });
}

/** Names of the companies among `ids` the caller may see (for other modules' lists). */
export async function companyNames(db: Db, user: AuthUser, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('companies as c')
    .select(['c.id', 'c.name'])
    .where('c.id', 'in', ids)
    .where('c.workspace_id', '=', user.workspaceId)
    .where(visibleTo(user, 'company', 'c'))
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export { assertOwner };
