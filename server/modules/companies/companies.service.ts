import type { CreateCompanyBody, UpdateCompanyBody, Company } from '../../../contracts/companies.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { normalizePhone, regionOf, searchEmailsValue, searchPhonesValue, workspaceRegion } from '../../platform/search/index.js';
import { addTimelineEvent } from '../../platform/timeline.js';
import { checkOwnerChange } from '../../platform/rights.js';
import { assertCanEdit, assertOwner, cleanTags, inTransaction, unionBy } from '../../platform/records.js';
import { CompanyErrors, CounterpartyFieldCodes } from './companies.errors.js';
import { guardDuplicates, type WriteOptions } from './companies.duplicates.js';
import { getCompany, getRow } from './companies.read.js';
import * as repo from './companies.repository.js';
import { snapshot, toCompany, withWarnings, type CompanyWarning } from './companies.view.js';
import { normaliseRequisites, validateRequisites } from './requisites.js';

// Writes of companies: validation against the current row, create, update, bin and restore.
// Reads are in companies.read.ts, merging in companies.merge.ts, duplicates in companies.duplicates.ts.

type Values = repo.CompanyChanges;

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
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  return { values, warnings: warnings as CompanyWarning[], requisites: merged };
}

export async function createCompany(db: Db, user: AuthUser, input: CreateCompanyBody, opts: WriteOptions = {}): Promise<Company> {
  const { values, warnings, requisites } = await prepare(db, user, input, null);
  const id = await inTransaction(db, async (trx) => {
    await guardDuplicates(trx, user, { inn: requisites.inn, eik: requisites.eik }, opts);
    const row = await repo.insertCompany(trx, {
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
    });
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
    const updated = await repo.updateCompanyAtVersion(trx, user.workspaceId, id, version, values);
    if (!updated) throw PlatformErrors.VERSION_CONFLICT();
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
    const row = await repo.softDeleteLiveCompany(trx, id);
    if (!row) throw CompanyErrors.COMPANY_NOT_FOUND();
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
    await repo.updateCompanyRow(trx, id, { deleted_at: null });
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

export { assertOwner };
