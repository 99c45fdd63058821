import { sql, type Insertable, type Selectable } from 'kysely';
import type { CreateCompanyBody } from '../../../contracts/companies.js';
import { visibleTo, type AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { FieldIssue } from '../../platform/errors.js';
import { recordAuditMany } from '../../platform/audit.js';
import { cleanTags, unionBy } from '../../platform/records.js';
import { ownerIssuesAmong } from '../../platform/rights.js';
import { normalizePhone, regionOf, searchEmailsValue, searchPhonesValue, workspaceRegion } from '../../platform/search/index.js';
import { addTimelineEvents } from '../../platform/timeline.js';
import type { CompaniesTable } from './companies.table.js';
import { snapshot, toCompany } from './companies.view.js';
import { normaliseRequisites, validateRequisites } from './requisites.js';

// Many companies at once (an import batch): the rules of createCompany (requisites with their
// checksums, accounts against the BIK, phones in E.164 in the company's country, owner only as
// the caller may assign) for the whole batch in a few queries, then one INSERT, and per company
// the audit entry, event and timeline entry a single create writes.

export type BulkCompany = { input: CreateCompanyBody; createdAt?: Date | null };

export type CheckedCompany =
  { ok: true; row: Insertable<CompaniesTable>; warnings: FieldIssue[] } | { ok: false; issues: FieldIssue[]; warnings: FieldIssue[] };

/** Validates and normalises creates as createCompany does, for many at once; writes nothing. */
export async function checkCompanies(db: Db, user: AuthUser, items: BulkCompany[]): Promise<CheckedCompany[]> {
  const owners = await ownerIssuesAmong(
    db,
    user,
    items.map((i) => i.input.ownerId),
  );
  const workspace = await workspaceRegion(db, user.workspaceId);
  return items.map(({ input, createdAt }): CheckedCompany => {
    const issues: FieldIssue[] = [];
    const req = normaliseRequisites({
      inn: input.inn ?? null,
      kpp: input.kpp ?? null,
      ogrn: input.ogrn ?? null,
      bik: input.bik ?? null,
      settlementAccount: input.settlementAccount ?? null,
      corrAccount: input.corrAccount ?? null,
      eik: input.eik ?? null,
      vatNumber: input.vatNumber ?? null,
      iban: input.iban ?? null,
    });
    const checked = validateRequisites(req);
    issues.push(...checked.issues);
    if (input.ownerId) {
      const code = owners.get(input.ownerId);
      if (code) issues.push({ path: 'ownerId', code });
    }
    const country = input.country ?? (req.inn ? 'RU' : req.eik ? 'BG' : null);
    const region = regionOf(country) ?? workspace;
    const phones = unionBy(
      (input.phones ?? []).map((p, i) => {
        const e164 = normalizePhone(p.number, region);
        if (!e164) issues.push({ path: `phones.${i}.number`, code: 'PHONE_INVALID' });
        return { type: p.type, number: e164 ?? p.number };
      }),
      [],
      (p) => p.number,
    );
    const emails = unionBy(
      (input.emails ?? []).map((e) => ({ type: e.type, address: e.address.trim() })),
      [],
      (e) => e.address.toLowerCase(),
    );
    if (issues.length) return { ok: false, issues, warnings: checked.warnings };
    return {
      ok: true,
      warnings: checked.warnings,
      row: {
        workspace_id: user.workspaceId,
        name: input.name,
        owner_id: input.ownerId ?? user.id,
        created_by: user.id,
        deleted_at: null,
        legal_form: input.legalForm || null,
        country,
        inn: req.inn ?? null,
        kpp: req.kpp ?? null,
        ogrn: req.ogrn ?? null,
        bik: req.bik ?? null,
        bank_name: input.bankName || null,
        settlement_account: req.settlementAccount ?? null,
        corr_account: req.corrAccount ?? null,
        eik: req.eik ?? null,
        vat_number: req.vatNumber ?? null,
        iban: req.iban ?? null,
        website: input.website || null,
        industry: input.industry || null,
        segment: input.segment || null,
        source: input.source || null,
        notes: input.notes || null,
        addresses: JSON.stringify(input.addresses ?? []),
        phones: JSON.stringify(phones),
        emails: JSON.stringify(emails),
        tags: cleanTags(input.tags ?? []),
        search_phones: searchPhonesValue(phones),
        search_emails: searchEmailsValue(emails),
        ...(createdAt ? { created_at: createdAt, updated_at: createdAt } : {}),
      },
    };
  });
}

/**
 * Inserts companies checked by checkCompanies, in the caller's transaction: one INSERT, then an
 * audit entry (with its `company.created` event) and a timeline entry per company. Returns each
 * one's id and version, in order.
 */
export async function insertCompanies(
  trx: Db,
  user: AuthUser,
  rows: Insertable<CompaniesTable>[],
): Promise<{ id: string; version: number }[]> {
  if (!rows.length) return [];
  const inserted = await trx.insertInto('companies').values(rows).returningAll().execute();
  await recordAuditMany(
    trx,
    user,
    inserted.map((row) => ({
      entity: 'company',
      entityId: row.id,
      action: 'create' as const,
      after: snapshot(toCompany({ ...row, owner_name: null })),
    })),
  );
  await addTimelineEvents(
    trx,
    inserted.map((row) => ({ workspaceId: user.workspaceId, entity: 'company', entityId: row.id, kind: 'created', userId: user.id })),
  );
  return inserted.map((r) => ({ id: r.id, version: r.version }));
}

export type CompanyMatch = {
  id: string;
  version: number;
  name: string;
  inn: string | null;
  eik: string | null;
  country: string | null;
  ownerId: string | null;
  visible: boolean;
};

/**
 * Live companies of the workspace with any of these INNs or EIKs, or (among those the caller may
 * see) exactly one of these names: the duplicate check and the company lookup of an import batch.
 */
export async function companiesWithAnyKey(
  db: Db,
  user: AuthUser,
  keys: { inns: string[]; eiks: string[]; names: string[] },
): Promise<CompanyMatch[]> {
  const { inns, eiks, names } = keys;
  if (!inns.length && !eiks.length && !names.length) return [];
  const visible = visibleTo(user, 'company', 'c');
  const r = await sql<{
    id: string;
    version: number;
    name: string;
    inn: string | null;
    eik: string | null;
    country: string | null;
    owner_id: string | null;
    visible: boolean;
  }>`
    select c.id, c.version, c.name, c.inn, c.eik, c.country, c.owner_id, ${visible} as visible
    from companies c
    where c.workspace_id = ${user.workspaceId} and c.deleted_at is null
      and (c.inn = any(${inns}::text[]) or c.eik = any(${eiks}::text[]) or (c.name = any(${names}::text[]) and ${visible}))
    order by c.created_at, c.id`.execute(db);
  return r.rows.map((row) => ({ ...row, ownerId: row.owner_id }));
}

/** Moves companies to the bin if each is still at the given version, with an audit entry each; returns the ids moved. */
export async function binCompaniesAtVersion(trx: Db, user: AuthUser, items: { id: string; version: number }[]): Promise<string[]> {
  if (!items.length) return [];
  const r = await sql<Selectable<CompaniesTable>>`
    update companies c set deleted_at = now(), version = c.version + 1, updated_at = now()
    from unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.version)}::int[]) as t(id, version)
    where c.id = t.id and c.version = t.version and c.workspace_id = ${user.workspaceId} and c.deleted_at is null
    returning c.*`.execute(trx);
  await recordAuditMany(
    trx,
    user,
    r.rows.map((row) => {
      const after = snapshot(toCompany({ ...row, owner_name: null }));
      return {
        entity: 'company',
        entityId: row.id,
        action: 'delete' as const,
        before: { ...after, deletedAt: null, version: row.version - 1 },
        after,
      };
    }),
  );
  return r.rows.map((row) => row.id);
}
