import type { Generated } from 'kysely';

export interface LegalEntitiesTable {
  id: Generated<string>;
  workspace_id: string;
  name: string;
  country: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  eik: string | null;
  vat_number: string | null;
  vat_payer: boolean;
  address: string | null;
  bank_name: string | null;
  bik: string | null;
  settlement_account: string | null;
  correspondent_account: string | null;
  iban: string | null;
  bic: string | null;
  director: string | null;
  accountant: string | null;
  default_currency: string;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface LegalEntityImagesTable {
  workspace_id: string;
  legal_entity_id: string;
  kind: string;
  mime_type: string;
  size: number;
  bytes: Buffer;
  updated_at: Generated<Date>;
}

export interface LegalEntitiesTables {
  legal_entities: LegalEntitiesTable;
  legal_entity_images: LegalEntityImagesTable;
}
