import type { Company, CompanyListItem } from '../../../contracts/companies.js';
import { translate, type Lang } from '../../../contracts/i18n/index.js';
import type * as repo from './companies.repository.js';

// Rows -> API objects: the company, its list item, the audit snapshot and the save warnings.

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

export function toListItem(r: repo.CompanyPageRow): CompanyListItem {
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
    nextActivityAt: iso(r.next_activity_at),
  };
}

/** The audit snapshot: the API object without the derived owner name. */
export const snapshot = (c: Company) => {
  const { ownerName: _o, warnings: _w, ...rest } = c;
  return rest;
};

/** The company with its requisite warnings (checksums that pass but look wrong), in the caller's language. */
export function withWarnings(c: Company, warnings: CompanyWarning[], lang: Lang): Company {
  if (!warnings.length) return c;
  return { ...c, warnings: warnings.map((w) => ({ ...w, message: translate(lang, `validation.${w.code}`) })) };
}
