// What a column can become, per entity, and how the exports of other CRMs name their columns
// (REFERENCE section 7): amoCRM (contacts and companies in one file told apart by «Тип»), Bitrix24
// (its Russian headers and the codes of its own import template), HubSpot and Pipedrive. Matching
// is by header name, never by position.
import { translate } from '../../../contracts/i18n/index.js';
import { languages } from '../../../contracts/i18n/types.js';
import { headerKey } from './imports.files.js';
import type { ImportEntity } from './imports.table.js';

const PHONE_FIELDS = ['phone:work', 'phone:mobile', 'phone:home', 'phone:other'] as const;
const EMAIL_FIELDS = ['email:work', 'email:personal', 'email:other'] as const;

/** Fields of each entity a column may be mapped to. */
export const ENTITY_FIELDS = {
  contacts: [
    'recordType',
    'fullName',
    'firstName',
    'middleName',
    'lastName',
    'position',
    'company',
    'companyInn',
    ...PHONE_FIELDS,
    ...EMAIL_FIELDS,
    'birthday',
    'address',
    'website',
    'country',
    'tags',
    'notes',
    'source',
    'segment',
    'owner',
    'createdAt',
  ],
  companies: [
    'recordType',
    'name',
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
    ...PHONE_FIELDS,
    ...EMAIL_FIELDS,
    'website',
    'industry',
    'address',
    'country',
    'tags',
    'notes',
    'source',
    'segment',
    'owner',
    'createdAt',
  ],
  deals: [
    'externalId',
    'title',
    'amount',
    'currency',
    'pipeline',
    'stage',
    'status',
    'lostReason',
    'lostComment',
    'probability',
    'closeDate',
    'company',
    'companyInn',
    'contact',
    'contactPhone',
    'contactEmail',
    'source',
    'owner',
    'tags',
    'notes',
    'createdAt',
  ],
  activities: [
    'type',
    'subject',
    'dueAt',
    'doneAt',
    'durationMinutes',
    'outcome',
    'contact',
    'contactPhone',
    'contactEmail',
    'company',
    'companyInn',
    'deal',
    'owner',
    'notes',
  ],
} as const satisfies Record<ImportEntity, readonly string[]>;

export type ImportField = (typeof ENTITY_FIELDS)[ImportEntity][number];

/** Fields several columns may fill at once (phones, e-mails, notes, tags); the rest take one column. */
export const MULTI_FIELDS = new Set<string>([...PHONE_FIELDS, ...EMAIL_FIELDS, 'notes', 'tags', 'address']);

export const PRESETS = ['amocrm', 'bitrix24', 'hubspot', 'pipedrive'] as const;
export type Preset = (typeof PRESETS)[number];

type Dictionary = Record<string, ImportField>;

// Header -> field, per preset; keys are written as the exports write them and matched by headerKey.
const amocrm: Dictionary = {
  тип: 'recordType',
  'полное имя контакта': 'fullName',
  имя: 'firstName',
  фамилия: 'lastName',
  'название компании': 'company',
  компания: 'company',
  ответственный: 'owner',
  'дата создания контакта': 'createdAt',
  'дата создания компании': 'createdAt',
  'дата создания': 'createdAt',
  теги: 'tags',
  'примечание 1': 'notes',
  'примечание 2': 'notes',
  'примечание 3': 'notes',
  'примечание 4': 'notes',
  'примечание 5': 'notes',
  примечание: 'notes',
  'рабочий телефон': 'phone:work',
  'мобильный телефон': 'phone:mobile',
  'домашний телефон': 'phone:home',
  'другой телефон': 'phone:other',
  'рабочий прямой телефон': 'phone:work',
  'рабочий email': 'email:work',
  'личный email': 'email:personal',
  'другой email': 'email:other',
  web: 'website',
  адрес: 'address',
  должность: 'position',
  инн: 'companyInn',
  // Leads.
  id: 'externalId',
  'название сделки': 'title',
  бюджет: 'amount',
  'этап сделки': 'stage',
  воронка: 'pipeline',
  'дата создания сделки': 'createdAt',
  'дата закрытия': 'closeDate',
  'компания контакта': 'company',
  'основной контакт': 'contact',
};

const bitrix24: Dictionary = {
  имя: 'firstName',
  отчество: 'middleName',
  фамилия: 'lastName',
  'дата рождения': 'birthday',
  должность: 'position',
  компания: 'company',
  источник: 'source',
  ответственный: 'owner',
  комментарий: 'notes',
  'рабочий телефон': 'phone:work',
  'мобильный телефон': 'phone:mobile',
  'домашний телефон': 'phone:home',
  'другой телефон': 'phone:other',
  'рабочий e-mail': 'email:work',
  'частный e-mail': 'email:personal',
  'другой e-mail': 'email:other',
  'дата создания': 'createdAt',
  'название компании': 'name',
  'тип компании': 'segment',
  'сфера деятельности': 'industry',
  'банковские реквизиты': 'notes',
  инн: 'inn',
  кпп: 'kpp',
  огрн: 'ogrn',
  бик: 'bik',
  адрес: 'address',
  сайт: 'website',
  // Deals.
  id: 'externalId',
  название: 'title',
  'причина провала': 'lostReason',
  'комментарий к провалу': 'lostComment',
  'стадия сделки': 'stage',
  воронка: 'pipeline',
  сумма: 'amount',
  валюта: 'currency',
  вероятность: 'probability',
  'предполагаемая дата закрытия': 'closeDate',
  контакт: 'contact',
  // Its own import template: field codes.
  name: 'firstName',
  second_name: 'middleName',
  last_name: 'lastName',
  birthdate: 'birthday',
  post: 'position',
  company_title: 'company',
  source_id: 'source',
  assigned_by_id: 'owner',
  comments: 'notes',
  phone_work: 'phone:work',
  phone_mobile: 'phone:mobile',
  phone_home: 'phone:home',
  phone_other: 'phone:other',
  email_work: 'email:work',
  email_home: 'email:personal',
  email_other: 'email:other',
  address: 'address',
  title: 'name',
  company_type: 'segment',
  industry: 'industry',
  web_work: 'website',
  opportunity: 'amount',
  currency_id: 'currency',
  stage_id: 'stage',
  probability: 'probability',
  closedate: 'closeDate',
};

const hubspot: Dictionary = {
  'first name': 'firstName',
  'last name': 'lastName',
  email: 'email:work',
  'phone number': 'phone:work',
  'mobile phone number': 'phone:mobile',
  'contact owner': 'owner',
  'company owner': 'owner',
  'deal owner': 'owner',
  'lifecycle stage': 'segment',
  'create date': 'createdAt',
  'job title': 'position',
  'company name': 'company',
  'street address': 'address',
  'country/region': 'country',
  // Companies and deals.
  name: 'name',
  'company domain name': 'website',
  website: 'website',
  'website url': 'website',
  industry: 'industry',
  'deal name': 'title',
  amount: 'amount',
  'deal stage': 'stage',
  pipeline: 'pipeline',
  'close date': 'closeDate',
  'record id': 'externalId',
  'closed lost reason': 'lostReason',
  'associated company': 'company',
  'associated contact': 'contact',
};

const pipedrive: Dictionary = {
  'person - name': 'fullName',
  'person - first name': 'firstName',
  'person - last name': 'lastName',
  'person - email': 'email:work',
  'person - email - work': 'email:work',
  'person - email - home': 'email:personal',
  'person - email - other': 'email:other',
  'person - phone': 'phone:work',
  'person - phone - work': 'phone:work',
  'person - phone - mobile': 'phone:mobile',
  'person - phone - home': 'phone:home',
  'person - phone - other': 'phone:other',
  'person - owner': 'owner',
  'person - organization': 'company',
  'person - job title': 'position',
  'person - labels': 'tags',
  'person - label': 'tags',
  'organization - name': 'company',
  'organization - owner': 'owner',
  'organization - address': 'address',
  'deal - title': 'title',
  'deal - value': 'amount',
  'deal - currency': 'currency',
  'deal - stage': 'stage',
  'deal - status': 'status',
  'deal - owner': 'owner',
  'deal - expected close date': 'closeDate',
  'deal - organization': 'company',
  'deal - contact person': 'contact',
  'deal - id': 'externalId',
  'deal - lost reason': 'lostReason',
  'deal - pipeline': 'pipeline',
  'deal - label': 'tags',
  'deal - source channel': 'source',
  'deal - deal created': 'createdAt',
};

const DICTIONARIES: Record<Preset, Dictionary> = { amocrm, bitrix24, hubspot, pipedrive };

// Without a preset, headers are matched against the field names themselves and their labels in
// the three languages (an Orbita export comes back in), then against every preset.
const OWN: Dictionary = {
  'first name': 'firstName',
  'last name': 'lastName',
  'middle name': 'middleName',
  'full name': 'fullName',
  phone: 'phone:work',
  'e-mail': 'email:work',
  email: 'email:work',
  company: 'company',
  position: 'position',
  birthday: 'birthday',
  owner: 'owner',
  tags: 'tags',
  notes: 'notes',
  телефон: 'phone:work',
  'e-mail адрес': 'email:work',
  почта: 'email:work',
  заметки: 'notes',
  владелец: 'owner',
  име: 'firstName',
  фамилия: 'lastName',
  презиме: 'middleName',
  фирма: 'company',
  длъжност: 'position',
  телефони: 'phone:work',
  бележки: 'notes',
  еик: 'eik',
  булстат: 'eik',
  'ддс номер': 'vatNumber',
  'ид по ддс': 'vatNumber',
  iban: 'iban',
  // The columns a vCard file is read into (imports.files.ts).
  fn: 'fullName',
  'n given': 'firstName',
  'n middle': 'middleName',
  'n family': 'lastName',
  org: 'company',
  title: 'position',
  'tel work': 'phone:work',
  'tel mobile': 'phone:mobile',
  'tel home': 'phone:home',
  'tel other': 'phone:other',
  'email work': 'email:work',
  'email personal': 'email:personal',
  'email other': 'email:other',
  adr: 'address',
  bday: 'birthday',
  categories: 'tags',
  note: 'notes',
  url: 'notes',
};

// An Orbita export comes back in under its localized headers (exports.columns.<entity>.<key>), in
// any of the three languages: export column -> import field, per entity.
const EXPORT_FIELDS: Record<ImportEntity, Record<string, ImportField>> = {
  contacts: {
    fullName: 'fullName',
    lastName: 'lastName',
    firstName: 'firstName',
    middleName: 'middleName',
    company: 'company',
    position: 'position',
    phones: 'phone:work',
    emails: 'email:work',
    addresses: 'address',
    birthday: 'birthday',
    country: 'country',
    segment: 'segment',
    source: 'source',
    tags: 'tags',
    owner: 'owner',
    createdAt: 'createdAt',
  },
  companies: {
    name: 'name',
    legalForm: 'legalForm',
    inn: 'inn',
    kpp: 'kpp',
    ogrn: 'ogrn',
    eik: 'eik',
    vatNumber: 'vatNumber',
    iban: 'iban',
    country: 'country',
    industry: 'industry',
    phones: 'phone:work',
    emails: 'email:work',
    addresses: 'address',
    website: 'website',
    segment: 'segment',
    source: 'source',
    tags: 'tags',
    owner: 'owner',
    createdAt: 'createdAt',
  },
  deals: {
    title: 'title',
    company: 'company',
    pipeline: 'pipeline',
    stage: 'stage',
    status: 'status',
    amount: 'amount',
    currency: 'currency',
    probability: 'probability',
    expectedCloseDate: 'closeDate',
    owner: 'owner',
    createdAt: 'createdAt',
  },
  activities: {
    type: 'type',
    subject: 'subject',
    dueAt: 'dueAt',
    durationMinutes: 'durationMinutes',
    doneAt: 'doneAt',
    outcome: 'outcome',
    notes: 'notes',
    contact: 'contact',
    company: 'company',
    deal: 'deal',
    owner: 'owner',
  },
};

const EXPORTED = Object.fromEntries(
  Object.entries(EXPORT_FIELDS).map(([entity, fields]) => [
    entity,
    Object.fromEntries(
      languages.flatMap((lang) =>
        Object.entries(fields).map(([key, field]) => [headerKey(translate(lang, `exports.columns.${entity}.${key}`)), field]),
      ),
    ),
  ]),
) as Record<ImportEntity, Dictionary>;

/** Whether `field` is one a column of `entity` may be mapped to. */
export function isEntityField(entity: ImportEntity, field: string): field is ImportField {
  return (ENTITY_FIELDS[entity] as readonly string[]).includes(field);
}

// A header a preset names with the field of another entity means that entity's counterpart:
// Bitrix24 says «Название компании» for a company's name, and «Компания» for a contact's company.
const ALIASES: Partial<Record<ImportEntity, Record<string, ImportField>>> = {
  contacts: { name: 'fullName', inn: 'companyInn' },
  companies: { company: 'name', companyInn: 'inn', fullName: 'name' },
  deals: { name: 'title', company: 'company' },
};

/**
 * The mapping a preset (or, without one, the field names and every preset) gives the columns:
 * column -> field, only for headers it knows and only fields of this entity.
 */
export function suggestMapping(entity: ImportEntity, columns: string[], preset?: Preset | null): Record<string, ImportField> {
  const dictionaries = preset ? [DICTIONARIES[preset], OWN] : [EXPORTED[entity], OWN, ...Object.values(DICTIONARIES)];
  const own = Object.fromEntries(ENTITY_FIELDS[entity].map((f) => [f.toLowerCase(), f as ImportField]));
  const out: Record<string, ImportField> = {};
  const taken = new Set<string>();
  for (const column of columns) {
    const key = headerKey(column);
    if (!key || out[column]) continue;
    let field: string | undefined = own[key];
    for (const d of dictionaries) {
      if (field) break;
      const hit = d[key];
      if (!hit) continue;
      field = isEntityField(entity, hit) ? hit : ALIASES[entity]?.[hit];
    }
    if (!field || !isEntityField(entity, field)) continue;
    if (!MULTI_FIELDS.has(field) && taken.has(field)) continue;
    taken.add(field);
    out[column] = field;
  }
  return out;
}
