import { bgBanks, bgCities, bgCityWeights, bgCompanyNameParts, bgIndustries, bgSources } from './data-bg.js';
import { ruCities, ruCityWeights, ruCompanyNameParts, ruIndustries, ruSources } from './data-ru.js';
import { bgLandline, makePerson, ruLandline, type Country, type Person } from './people.js';
import type { Rng } from './random.js';
import {
  makeBgIban,
  makeBgVat,
  makeCorrAccount,
  makeEik,
  makeInn10,
  makeInn12,
  makeKpp,
  makeOgrn,
  makeOgrnip,
  makeSettlementAccount,
} from './requisites.js';
import { translit } from './translit.js';

export type Segment = 'A' | 'B' | 'C';

export type DemoCompany = {
  country: Country;
  name: string;
  legalForm: string;
  city: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  bik: string | null;
  bankName: string | null;
  settlementAccount: string | null;
  corrAccount: string | null;
  eik: string | null;
  vatNumber: string | null;
  iban: string | null;
  addresses: { type: 'legal' | 'actual' | 'delivery'; text: string }[];
  phones: { type: 'work' | 'fax'; number: string }[];
  emails: { type: 'work' | 'other'; address: string }[];
  website: string | null;
  /** Domain of the company's mail, for its people's addresses. */
  domain: string | null;
  industry: string;
  segment: Segment;
  source: string;
  tags: string[];
  notes: string | null;
  /** A sole proprietor: the company is one person (ИП / ЕТ). */
  soleProprietor: boolean;
  /** The person behind a sole proprietorship. */
  founder: Person | null;
};

const cityByWeight = <T extends { name: string }>(rng: Rng, cities: T[], weights: Record<string, number>) =>
  rng.weighted(cities.map((c) => [c, weights[c.name] ?? 1] as const));

/** Keeps generated identifiers and names unique across the whole demo (the API warns on duplicates). */
export class Uniq {
  private seen = new Set<string>();
  take(kind: string, make: () => string): string {
    for (let i = 0; i < 1000; i++) {
      const v = make();
      if (!this.seen.has(`${kind}:${v}`)) {
        this.seen.add(`${kind}:${v}`);
        return v;
      }
    }
    throw new Error(`no unique ${kind}`);
  }
}

function ruName(rng: Rng): string {
  const p = ruCompanyNameParts;
  return rng.weighted([
    [() => `${rng.pick(p.geo)}${rng.pick(p.root)}${rng.pick(p.tail)}`, 5],
    [() => `${rng.pick(p.word)}${rng.pick(p.wordTail)}`, 4],
    [() => rng.pick(p.descriptive).replace('{w}', rng.pick(p.word)), 1],
  ] as const)();
}

function bgName(rng: Rng): string {
  const p = bgCompanyNameParts;
  return rng.weighted([
    [() => `${rng.pick(p.word)} ${rng.pick(p.tail)}`, 6],
    [() => `${rng.pick(p.word)}${rng.pick(p.tail).toLowerCase()}`, 2],
    [() => rng.pick(p.descriptive).replace('{w}', rng.pick(p.word)), 1],
  ] as const)();
}

/** Latin words companies actually use in their domains instead of a letter-by-letter transliteration. */
const domainWords: [RegExp, string][] = [
  [/fuud/g, 'food'],
  [/tre[iy]d/g, 'trade'],
  [/grup+/g, 'group'],
  [/impeks/g, 'impex'],
  [/logistik/g, 'logistic'],
  [/distribyushan/g, 'distribution'],
  [/servis/g, 'service'],
  [/komers/g, 'commerce'],
  [/konsult/g, 'consult'],
];
const domainSlug = (s: string) => domainWords.reduce((acc, [re, to]) => acc.replace(re, to), s);

const segmentOf = (rng: Rng): Segment =>
  rng.weighted([
    ['A', 15],
    ['B', 40],
    ['C', 45],
  ] as const);

const ruTags = ['дилер', 'сеть', 'госзаказчик', 'импорт', 'VIP', 'новый клиент', 'ключевой', 'собственный склад', 'тендер'];
const bgTags = ['дистрибутор', 'верига', 'VIP', 'нов клиент', 'ключов', 'собствен склад', 'износ'];

const ruNotes = [
  'Склад класса А на 12 000 м², планируют расширение в следующем году.',
  'Работают через тендеры на своей площадке, закупки раз в квартал.',
  'Директор — давний знакомый, пришли по рекомендации.',
  'Оплата только по факту поставки, отсрочка 30 дней.',
  'Есть собственная служба логистики, интересуются WMS.',
  'Конкурент уже поставлял им стеллажи, недовольны качеством монтажа.',
  null,
  null,
  null,
];
const bgNotes = [
  'Склад от 6 000 м² в индустриалната зона, планират разширение.',
  'Плащат само по банков път, 30 дни отсрочка.',
  'Дойдоха по препоръка от партньор в Пловдив.',
  'Интересуват се от WMS, имат проблеми с инвентаризациите.',
  null,
  null,
  null,
];

/** A Russian client: ООО, АО, ПАО or ИП with INN/KPP/OGRN and a rouble account at a real bank's BIK. */
export function makeRuCompany(rng: Rng, uniq: Uniq, now: Date): DemoCompany {
  const city = cityByWeight(rng, ruCities, ruCityWeights);
  const legalForm = rng.weighted([
    ['ООО', 70],
    ['АО', 9],
    ['ПАО', 2],
    ['ИП', 14],
  ] as const);
  const sole = legalForm === 'ИП';
  const office = rng.pick(city.taxOffices);
  const bank = rng.pick(city.banks);
  let name: string;
  let founder: Person | null = null;
  if (sole) {
    name = uniq.take('name', () => {
      founder = makePerson(rng, 'RU', now, { position: false });
      return `${founder.lastName} ${founder.firstName}${founder.middleName ? ` ${founder.middleName}` : ''}`;
    });
  } else {
    name = uniq.take('name', () => ruName(rng));
  }
  const regYear = rng.int(2003, 2024);
  const inn = uniq.take('inn', () => (sole ? makeInn12(rng, office) : makeInn10(rng, office)));
  const ogrn = uniq.take('ogrn', () => (sole ? makeOgrnip(rng, regYear, city.region) : makeOgrn(rng, regYear, office)));
  const slug = domainSlug(translit(sole ? name.split(' ')[0] : name, 'ru', '-')).slice(0, 40);
  const domain = sole ? null : uniq.take('domain', () => `${slug}${rng.chance(0.3) ? `-${translit(city.name, 'ru').slice(0, 3)}` : ''}.ru`);
  const postal = rng.int(city.postal[0], city.postal[1]);
  const street = rng.pick(city.streets);
  const house = `д. ${rng.int(1, 140)}${rng.chance(0.3) ? `, стр. ${rng.int(1, 9)}` : ''}`;
  const office2 = rng.chance(0.6) ? `, офис ${rng.int(1, 9)}${rng.digits(2)}` : '';
  const addresses: DemoCompany['addresses'] = [{ type: 'legal', text: `${postal}, г. ${city.name}, ${street}, ${house}${office2}` }];
  if (!sole && rng.chance(0.45)) {
    addresses.push({ type: 'delivery', text: `г. ${city.name}, ${rng.pick(city.streets)}, вл. ${rng.int(1, 60)}, складской комплекс` });
  }
  const area = rng.pick(city.phoneCodes);
  const phones: DemoCompany['phones'] = [{ type: 'work', number: ruLandline(rng, area) }];
  if (rng.chance(0.2)) phones.push({ type: 'work', number: ruLandline(rng, area) });
  const emails: DemoCompany['emails'] = domain
    ? [{ type: 'work', address: `${rng.pick(['info', 'office', 'zakaz', 'sales'])}@${domain}` }]
    : [];
  if (domain && rng.chance(0.4)) emails.push({ type: 'other', address: `buh@${domain}` });
  return {
    country: 'RU',
    name,
    legalForm,
    city: city.name,
    inn,
    kpp: sole ? null : makeKpp(office),
    ogrn,
    bik: bank.bik,
    bankName: bank.name,
    settlementAccount: makeSettlementAccount(rng, bank.bik, sole ? '40802' : '40702'),
    corrAccount: makeCorrAccount(bank.bik),
    eik: null,
    vatNumber: null,
    iban: null,
    addresses,
    phones,
    emails,
    website: domain && rng.chance(0.8) ? `https://${domain}` : null,
    domain,
    industry: rng.pick(ruIndustries),
    segment: sole ? 'C' : segmentOf(rng),
    source: rng.pick(ruSources),
    tags: rng.sample(
      ruTags,
      rng.weighted([
        [0, 3],
        [1, 4],
        [2, 2],
      ] as const),
    ),
    notes: rng.pick(ruNotes),
    soleProprietor: sole,
    founder,
  };
}

/** A Bulgarian client: ЕООД, ООД, АД or ЕТ with EIK, a BG VAT number when registered, and an IBAN. */
export function makeBgCompany(rng: Rng, uniq: Uniq, now: Date): DemoCompany {
  const city = cityByWeight(rng, bgCities, bgCityWeights);
  const legalForm = rng.weighted([
    ['ЕООД', 42],
    ['ООД', 33],
    ['АД', 12],
    ['ЕТ', 13],
  ] as const);
  const sole = legalForm === 'ЕТ';
  let name: string;
  let founder: Person | null = null;
  if (sole) {
    name = uniq.take('name', () => {
      founder = makePerson(rng, 'BG', now, { position: false });
      return `${rng.pick(bgCompanyNameParts.word)} – ${founder.firstName} ${founder.lastName}`;
    });
  } else {
    name = uniq.take('name', () => bgName(rng));
  }
  const eik = uniq.take('eik', () => makeEik(rng));
  const bank = rng.pick(bgBanks);
  const slug = domainSlug(translit(sole ? (name.split(' – ')[1] ?? name) : name, 'bg', '-')).slice(0, 40);
  const domain = sole ? null : uniq.take('domain', () => `${slug}${rng.chance(0.3) ? '-bg' : ''}.${rng.chance(0.7) ? 'bg' : 'com'}`);
  const street = rng.pick(city.streets);
  const addresses: DemoCompany['addresses'] = [
    {
      type: 'legal',
      text: `${city.name} ${rng.int(city.postal[0], city.postal[1])}, ${street} № ${rng.int(1, 180)}${rng.chance(0.4) ? `, ет. ${rng.int(1, 8)}` : ''}`,
    },
  ];
  if (!sole && rng.chance(0.4))
    addresses.push({ type: 'delivery', text: `${city.name}, ${rng.pick(city.streets)} № ${rng.int(1, 90)}, складова база` });
  const phones: DemoCompany['phones'] = [{ type: 'work', number: bgLandline(rng, city.phone[0], city.phone[1]) }];
  const emails: DemoCompany['emails'] = domain
    ? [{ type: 'work', address: `${rng.pick(['office', 'info', 'sales', 'orders'])}@${domain}` }]
    : [];
  if (domain && rng.chance(0.3)) emails.push({ type: 'other', address: `accounting@${domain}` });
  return {
    country: 'BG',
    name,
    legalForm,
    city: city.name,
    inn: null,
    kpp: null,
    ogrn: null,
    bik: null,
    bankName: bank.name,
    settlementAccount: null,
    corrAccount: null,
    eik,
    vatNumber: rng.chance(sole ? 0.4 : 0.85) ? makeBgVat(eik) : null,
    iban: makeBgIban(rng, bank.code),
    addresses,
    phones,
    emails,
    website: domain && rng.chance(0.8) ? `https://${domain}` : null,
    domain,
    industry: rng.pick(bgIndustries),
    segment: sole ? 'C' : segmentOf(rng),
    source: rng.pick(bgSources),
    tags: rng.sample(
      bgTags,
      rng.weighted([
        [0, 3],
        [1, 4],
        [2, 2],
      ] as const),
    ),
    notes: rng.pick(bgNotes),
    soleProprietor: sole,
    founder,
  };
}
