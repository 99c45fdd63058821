import type { ColumnType, Generated } from 'kysely';
import type { Json } from '../../platform/platform.table.js';
import type { Address, Email, Phone } from '../companies/companies.table.js';

export type Messenger = { type: string; handle: string };
export type ImportantDate = { label: string; date: string };
export type Preference = { kind: string; text: string };

export interface ContactsTable {
  id: Generated<string>;
  workspace_id: string;
  first_name: string;
  middle_name: string | null;
  last_name: string | null;
  full_name: ColumnType<string, never, never>;
  company_id: string | null;
  position: string | null;
  phones: Json<Phone[]>;
  emails: Json<Email[]>;
  messengers: Json<Messenger[]>;
  addresses: Json<Address[]>;
  birthday: string | null;
  important_dates: Json<ImportantDate[]>;
  preferences: Json<Preference[]>;
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

export interface ContactCompaniesTable {
  workspace_id: string;
  contact_id: string;
  company_id: string;
  position: string | null;
  is_primary: Generated<boolean>;
}

export interface ContactLinksTable {
  id: Generated<string>;
  workspace_id: string;
  from_contact_id: string;
  to_contact_id: string;
  kind: 'knows' | 'referred';
  note: string | null;
  created_at: Generated<Date>;
}

export interface ContactsTables {
  contacts: ContactsTable;
  contact_companies: ContactCompaniesTable;
  contact_links: ContactLinksTable;
}
