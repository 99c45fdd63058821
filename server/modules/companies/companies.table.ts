import type { Generated } from 'kysely';
import type { Json } from '../../platform/platform.table.js';

export type Phone = { type: string; number: string };
export type Email = { type: string; address: string };
export type Address = { type: string; text: string };

export interface CompaniesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  legal_form: string | null;
  country: string | null;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  bik: string | null;
  bank_name: string | null;
  settlement_account: string | null;
  corr_account: string | null;
  eik: string | null;
  vat_number: string | null;
  iban: string | null;
  addresses: Json<Address[]>;
  phones: Json<Phone[]>;
  emails: Json<Email[]>;
  website: string | null;
  industry: string | null;
  segment: string | null;
  source: string | null;
  tags: Generated<string[]>;
  owner_id: string | null;
  notes: string | null;
  search_phones: Generated<string>;
  search_emails: Generated<string>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface CompaniesTables {
  companies: CompaniesTable;
}
