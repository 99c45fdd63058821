import type pg from 'pg';
import { copyRows, pgArray, type Cell } from './copy.js';
import { iban } from './iban.js';
import * as N from './names.js';
import { orderedUuid, Rand } from './rand.js';
import { eik9, inn10, inn12, ogrn, ogrnip, settlementAccount } from './requisites.js';
import { searchFields } from './search-fields.js';
import { validateRequisites } from '../server/modules/companies/index.js';

export type BenchUsers = {
  workspaceId: string;
  adminId: string;
  directorId: string;
  /** Heads of sales, one per team, index = team number. */
  headIds: string[];
  /** The 50 managers; manager i is in team floor(i / 10). */
  managerIds: string[];
};

export type TableLoad = { table: string; rows: number; seconds: number };

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const RU_SHARE = 0.72;
const COMPANY_SEGMENTS = ['A', 'B', 'C', 'C', 'C'];
const SOURCES = ['website', 'referral', 'cold_call', 'exhibition', 'advertising', 'partner'];
const RU_INDUSTRIES = [
  'Оптовая торговля',
  'Строительство',
  'Производство',
  'Логистика',
  'ИТ',
  'Медицина',
  'Сельское хозяйство',
  'Розничная торговля',
];
const BG_INDUSTRIES = [
  'Търговия на едро',
  'Строителство',
  'Производство',
  'Логистика',
  'ИТ',
  'Медицина',
  'Земеделие',
  'Търговия на дребно',
];
const RU_STREETS = ['ул. Ленина', 'пр. Мира', 'ул. Гагарина', 'ул. Садовая', 'Невский пр.', 'ул. Советская'];
const BG_STREETS = ['бул. Витоша', 'ул. Граф Игнатиев', 'бул. България', 'ул. Раковски', 'бул. Цар Освободител'];
const FREE_MAIL_RU = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru'];
const FREE_MAIL_BG = ['abv.bg', 'gmail.com', 'mail.bg'];
// One real bank per country keeps bank requisites valid: Sberbank Moscow (BIK 044525225).
const RU_BANK = { bik: '044525225', name: 'ПАО Сбербанк', corr: '30101810400000000225' };

/** Facts about the generated counterparties that the sales generator builds on. */
export type Counterparties = {
  companyIds: string[];
  companyOwner: Uint8Array;
  companyIsRu: Uint8Array;
  contactIds: string[];
  contactOwner: Uint8Array;
  contactCompany: Int32Array;
};

function mobile(rand: Rand, ru: boolean): string {
  return ru ? `+79${rand.digits(9)}` : `+3598${rand.pick(['7', '8', '9'])}${rand.digits(7)}`;
}
function landline(rand: Rand, ru: boolean): string {
  if (ru) return `+7${rand.pick(['495', '812', '383', '343', '843'])}${rand.digits(7)}`;
  // Sofia has 7-digit subscriber numbers, Plovdiv, Varna and Burgas 6.
  return rand.chance(0.5) ? `+3592${rand.digits(7)}` : `+359${rand.pick(['32', '52', '56'])}${rand.digits(6)}`;
}

/**
 * Loads `nCompanies` companies and `nContacts` people (Russian and Bulgarian, valid requisites,
 * E.164 phones) spread over the managers, with the search columns filled as the app fills them.
 */
export async function loadCounterparties(
  client: pg.ClientBase,
  users: BenchUsers,
  nCompanies: number,
  nContacts: number,
  now: number,
): Promise<{ facts: Counterparties; loads: TableLoad[] }> {
  const rand = new Rand(20260101);
  const ws = users.workspaceId;
  const managers = users.managerIds;
  const loads: TableLoad[] = [];
  const companyIds: string[] = new Array(nCompanies);
  const companyOwner = new Uint8Array(nCompanies);
  const companyIsRu = new Uint8Array(nCompanies);
  const companyDomain: string[] = new Array(nCompanies);
  const createdBase = now - 3 * 365 * DAY;

  function* companies(): Generator<Cell[]> {
    for (let i = 0; i < nCompanies; i++) {
      const ru = rand.next() < RU_SHARE;
      const id = orderedUuid(createdBase, i, rand);
      const owner = rand.int(managers.length);
      companyIds[i] = id;
      companyOwner[i] = owner;
      companyIsRu[i] = ru ? 1 : 0;
      const stem = ru
        ? `${rand.pick(N.ruCompanyStems)}${rand.pick(N.ruCompanyStems).toLowerCase()}`
        : `${rand.pick(N.bgCompanyStems)} ${rand.pick(N.bgCompanyStems)}`;
      const city = ru ? rand.pick(N.ruCities) : rand.pick(N.bgCities);
      const legal = ru ? rand.pick(N.ruLegalForms) : rand.pick(N.bgLegalForms);
      // Names repeat across companies, as they do in real registers (many an ООО «Вектор»).
      const name =
        legal === 'ИП'
          ? `ИП ${rand.pickSkewed(N.ruSurnames)} ${rand.pick(N.ruMaleFirst)[0]}. ${rand.pick(N.ruPatronymics)[0][0]}.`
          : legal === 'ЕТ'
            ? `ЕТ „${rand.pick(N.bgMaleFirst)} ${rand.pickSkewed(N.bgSurnames)}“`
            : ru
              ? `${legal} «${stem}»`
              : `„${stem}“ ${legal}`;
      const domain = `${N.latin(stem.replace(' ', ''))}${i}.${ru ? 'ru' : 'bg'}`;
      companyDomain[i] = domain;
      let inn: string | null = null,
        kpp: string | null = null,
        ogrnV: string | null = null;
      let eik: string | null = null,
        vat: string | null = null,
        ibanV: string | null = null;
      let bik: string | null = null,
        bank: string | null = null,
        acc: string | null = null,
        corr: string | null = null;
      if (ru) {
        const region = rand.pick(['77', '78', '54', '66', '16', '52']);
        if (legal === 'ИП') {
          inn = inn12(region + String(i).padStart(8, '0'));
          ogrnV = ogrnip(`3${String(20 + rand.int(6))}${region}${String(i).padStart(9, '0')}`);
        } else {
          inn = inn10(region + String(i).padStart(7, '0'));
          kpp = `${region}${rand.digits(2)}01001`;
          ogrnV = ogrn(`1${String(10 + rand.int(15))}${region}${String(i).padStart(7, '0')}`);
        }
        if (rand.chance(0.7)) {
          bik = RU_BANK.bik;
          bank = RU_BANK.name;
          corr = RU_BANK.corr;
          acc = settlementAccount(bik, `40702810${rand.digits(12)}`);
        }
      } else {
        eik = eik9(String(10_000_000 + i * 7).slice(-8));
        if (rand.chance(0.8)) vat = `BG${eik}`;
        if (rand.chance(0.7)) ibanV = iban('BG', `UNCR7000${rand.digits(10)}`);
      }
      const phones = [{ type: 'work', number: landline(rand, ru) }];
      if (rand.chance(0.4)) phones.push({ type: 'mobile', number: mobile(rand, ru) });
      const emails = [{ type: 'work', address: `info@${domain}` }];
      const street = ru ? rand.pick(RU_STREETS) : rand.pick(BG_STREETS);
      const addresses = [{ type: 'legal', text: `${city}, ${street}, ${1 + rand.int(150)}` }];
      const created = createdBase + rand.int(3 * 365) * DAY + rand.int(DAY);
      const search = searchFields(phones, emails);
      // The app's own validator guards the generator: a company it would reject must not be loaded.
      if (i < 5_000) {
        const { issues } = validateRequisites({
          inn,
          kpp,
          ogrn: ogrnV,
          bik,
          settlementAccount: acc,
          corrAccount: corr,
          eik,
          vatNumber: vat,
          iban: ibanV,
        });
        if (issues.length) throw new Error(`generated company ${i} has invalid requisites: ${JSON.stringify(issues)}`);
      }
      yield [
        id,
        ws,
        name,
        legal,
        ru ? 'RU' : 'BG',
        inn,
        kpp,
        ogrnV,
        bik,
        bank,
        acc,
        corr,
        eik,
        vat,
        ibanV,
        JSON.stringify(addresses),
        JSON.stringify(phones),
        JSON.stringify(emails),
        `https://${domain}`,
        ru ? rand.pick(RU_INDUSTRIES) : rand.pick(BG_INDUSTRIES),
        rand.pick(COMPANY_SEGMENTS),
        rand.pick(SOURCES),
        pgArray(rand.chance(0.1) ? ['vip'] : []),
        managers[owner],
        null,
        search.phones,
        search.emails,
        managers[owner],
        iso(created),
        iso(created),
      ];
    }
  }
  let t = Date.now();
  const nc = await copyRows(
    client,
    'companies',
    [
      'id',
      'workspace_id',
      'name',
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
      'addresses',
      'phones',
      'emails',
      'website',
      'industry',
      'segment',
      'source',
      'tags',
      'owner_id',
      'notes',
      'search_phones',
      'search_emails',
      'created_by',
      'created_at',
      'updated_at',
    ],
    companies(),
  );
  loads.push({ table: 'companies', rows: nc, seconds: (Date.now() - t) / 1000 });

  const contactIds: string[] = new Array(nContacts);
  const contactOwner = new Uint8Array(nContacts);
  const contactCompany = new Int32Array(nContacts);
  const positions: (string | null)[] = new Array(nContacts);

  function* contacts(): Generator<Cell[]> {
    for (let j = 0; j < nContacts; j++) {
      // Contact j works at company j mod nCompanies: about ten people per company.
      const c = j % nCompanies;
      const ru = companyIsRu[c] === 1;
      const male = rand.chance(0.5);
      let first: string, middle: string | null, last: string;
      if (ru) {
        first = male ? rand.pickSkewed(N.ruMaleFirst) : rand.pickSkewed(N.ruFemaleFirst);
        const pat = rand.pick(N.ruPatronymics);
        middle = rand.chance(0.85) ? (male ? pat[0] : pat[1]) : null;
        if (rand.chance(0.04)) last = rand.pick(N.ruInvariableSurnames);
        else {
          const s = rand.pickSkewed(N.ruSurnames);
          last = male ? s : `${s}а`;
        }
      } else {
        first = male ? rand.pickSkewed(N.bgMaleFirst) : rand.pickSkewed(N.bgFemaleFirst);
        const f = rand.pick(N.bgSurnames);
        middle = rand.chance(0.6) ? (male ? f : `${f}а`) : null;
        const s = rand.pickSkewed(N.bgSurnames);
        last = male ? s : `${s}а`;
      }
      const owner = rand.chance(0.85) ? companyOwner[c] : rand.int(managers.length);
      const id = orderedUuid(createdBase + 1_000_000_000, j, rand);
      contactIds[j] = id;
      contactOwner[j] = owner;
      contactCompany[j] = c;
      const phones = [{ type: 'mobile', number: mobile(rand, ru) }];
      if (rand.chance(0.3)) phones.push({ type: 'work', number: landline(rand, ru) });
      const local = `${N.latin(first)}.${N.latin(last)}`;
      const emails = [{ type: 'work', address: `${local}${j}@${companyDomain[c]}` }];
      if (rand.chance(0.25))
        emails.push({ type: 'personal', address: `${local}${rand.int(1000)}@${rand.pick(ru ? FREE_MAIL_RU : FREE_MAIL_BG)}` });
      const position = rand.chance(0.8) ? rand.pick(ru ? N.ruPositions : N.bgPositions) : null;
      positions[j] = position;
      const birthday = rand.chance(0.6)
        ? `${1960 + rand.int(40)}-${String(1 + rand.int(12)).padStart(2, '0')}-${String(1 + rand.int(28)).padStart(2, '0')}`
        : null;
      const created = createdBase + rand.int(3 * 365) * DAY + rand.int(DAY);
      const search = searchFields(phones, emails);
      yield [
        id,
        ws,
        first,
        middle,
        last,
        companyIds[c],
        position,
        ru ? 'RU' : 'BG',
        JSON.stringify(phones),
        JSON.stringify(emails),
        birthday,
        rand.pick(COMPANY_SEGMENTS),
        rand.pick(SOURCES),
        pgArray(rand.chance(0.08) ? ['vip'] : []),
        managers[owner],
        search.phones,
        search.emails,
        managers[owner],
        iso(created),
        iso(created),
      ];
    }
  }
  t = Date.now();
  const np = await copyRows(
    client,
    'contacts',
    [
      'id',
      'workspace_id',
      'first_name',
      'middle_name',
      'last_name',
      'company_id',
      'position',
      'country',
      'phones',
      'emails',
      'birthday',
      'segment',
      'source',
      'tags',
      'owner_id',
      'search_phones',
      'search_emails',
      'created_by',
      'created_at',
      'updated_at',
    ],
    contacts(),
  );
  loads.push({ table: 'contacts', rows: np, seconds: (Date.now() - t) / 1000 });

  function* memberships(): Generator<Cell[]> {
    for (let j = 0; j < nContacts; j++) yield [ws, contactIds[j], companyIds[contactCompany[j]], positions[j], true];
  }
  t = Date.now();
  const nm = await copyRows(
    client,
    'contact_companies',
    ['workspace_id', 'contact_id', 'company_id', 'position', 'is_primary'],
    memberships(),
  );
  loads.push({ table: 'contact_companies', rows: nm, seconds: (Date.now() - t) / 1000 });

  // A few records shared with a second manager, so the access filter's share branch has rows.
  function* shares(): Generator<Cell[]> {
    const seen = new Set<string>();
    for (let k = 0; k < Math.ceil(nContacts / 500); k++) {
      const j = rand.int(nContacts);
      const other = (contactOwner[j] + 1 + rand.int(managers.length - 1)) % managers.length;
      const key = `${j}:${other}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield [ws, 'contact', contactIds[j], managers[other], iso(now - rand.int(365) * DAY)];
    }
  }
  t = Date.now();
  const ns = await copyRows(client, 'record_shares', ['workspace_id', 'entity', 'entity_id', 'user_id', 'created_at'], shares());
  loads.push({ table: 'record_shares', rows: ns, seconds: (Date.now() - t) / 1000 });

  return { facts: { companyIds, companyOwner, companyIsRu, contactIds, contactOwner, contactCompany }, loads };
}
