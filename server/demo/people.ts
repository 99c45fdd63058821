import {
  bgFeminine,
  bgFemaleNames,
  bgImportantDates,
  bgMaleNames,
  bgMobileCodes,
  bgNameDays,
  bgPositions,
  bgPreferences,
  bgSurnames,
} from './data-bg.js';
import {
  ruFeminineSurname,
  ruFemaleNames,
  ruImportantDates,
  ruMaleNames,
  ruMobileCodes,
  ruPatronymics,
  ruPositions,
  ruPreferences,
  ruSurnames,
} from './data-ru.js';
import type { Rng } from './random.js';
import { translit } from './translit.js';

export type Country = 'RU' | 'BG';
export type PreferenceKind = keyof typeof ruPreferences;

export type Person = {
  country: Country;
  female: boolean;
  firstName: string;
  middleName: string | null;
  lastName: string;
  /** 'YYYY-MM-DD', or null when the manager never learnt it. */
  birthday: string | null;
  position: string | null;
  /** The part this person typically plays in a purchase (ЛПР, закупщик, ...). */
  dealRole: string | null;
  isDecisionMaker: boolean;
  phones: { type: 'mobile' | 'work'; number: string }[];
  emails: { type: 'work' | 'personal'; address: string }[];
  messengers: { type: 'telegram' | 'whatsapp' | 'viber'; handle: string }[];
  preferences: { kind: PreferenceKind; text: string }[];
  importantDates: { label: string; date: string }[];
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A Russian mobile number in E.164 (+7 9xx xxx xx xx). */
export const ruMobile = (rng: Rng) => `+7${rng.pick(ruMobileCodes)}${rng.int(1, 9)}${rng.digits(6)}`;
/** A Russian landline in E.164 for an area code of 3 or 4 digits. */
export const ruLandline = (rng: Rng, areaCode: string) => `+7${areaCode}${rng.int(2, 9)}${rng.digits(9 - areaCode.length)}`;
/** A Bulgarian mobile number in E.164 (+359 8x/98 xxx xxxx). */
export const bgMobile = (rng: Rng) => `+359${rng.pick(bgMobileCodes)}${rng.int(2, 9)}${rng.digits(6)}`;
/** A Bulgarian landline in E.164: area code and a local number of its length. */
export const bgLandline = (rng: Rng, area: string, len: number) => `+359${area}${rng.int(2, 9)}${rng.digits(len - 1)}`;

/** A human spelling of an E.164 number, as people type it (the API stores E.164 whatever the input). */
export function humanPhone(e164: string): string {
  if (e164.startsWith('+7')) {
    const n = e164.slice(2);
    return `+7 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`;
  }
  if (e164.startsWith('+3592')) return `+359 2 ${e164.slice(5, 8)} ${e164.slice(8)}`;
  if (e164.startsWith('+359')) return `+359 ${e164.slice(4, 6)} ${e164.slice(6, 9)} ${e164.slice(9)}`;
  return e164;
}

function birthday(rng: Rng, now: Date): string | null {
  if (rng.chance(0.25)) return null;
  // A few birthdays fall in the coming two weeks, so reminders and the calendar feed show them.
  if (rng.chance(0.06)) {
    const d = new Date(now.getTime() + rng.int(0, 14) * 86_400_000);
    return `${now.getUTCFullYear() - rng.int(26, 62)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  const year = now.getUTCFullYear() - rng.int(24, 64);
  const month = rng.int(1, 12);
  const day = rng.int(1, month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31);
  return `${year}-${pad(month)}-${pad(day)}`;
}

function preferences(rng: Rng, country: Country) {
  const lists = country === 'RU' ? ruPreferences : bgPreferences;
  const kinds = Object.keys(lists) as PreferenceKind[];
  const n = rng.weighted([
    [0, 40],
    [1, 30],
    [2, 20],
    [3, 10],
  ] as const);
  return rng.sample(kinds, n).map((kind) => ({ kind, text: rng.pick(lists[kind]) }));
}

/**
 * A person of a client: name with gender-correct patronymic and surname, position, contacts
 * on the company's domain (or personal ones), birthday, preferences and dates to remember.
 */
export function makePerson(rng: Rng, country: Country, now: Date, opts: { domain?: string; position?: boolean } = {}): Person {
  const female = rng.chance(0.45);
  let firstName: string;
  let middleName: string | null;
  let lastName: string;
  if (country === 'RU') {
    firstName = female ? rng.pick(ruFemaleNames) : rng.pick(ruMaleNames);
    const [m, f] = rng.pick(ruPatronymics);
    middleName = rng.chance(0.9) ? (female ? f : m) : null;
    const s = rng.pick(ruSurnames);
    lastName = female ? ruFeminineSurname(s) : s;
  } else {
    firstName = female ? rng.pick(bgFemaleNames) : rng.pick(bgMaleNames)[0];
    // Bulgarians rarely use the father's name in business; keep it for about half.
    const father = rng.pick(bgMaleNames)[1];
    middleName = rng.chance(0.5) ? (female ? bgFeminine(father) : father) : null;
    const s = rng.pick(bgSurnames);
    lastName = female ? bgFeminine(s) : s;
  }
  const lang = country === 'RU' ? 'ru' : 'bg';
  const posList = country === 'RU' ? ruPositions : bgPositions;
  const [position, , dealRole] = opts.position === false ? [null, 0, null] : rng.weighted(posList.map((p) => [p, p[1]] as const));
  const isDecisionMaker = dealRole === 'ЛПР' || dealRole === 'Взема решението';

  const phones: Person['phones'] = [{ type: 'mobile', number: country === 'RU' ? ruMobile(rng) : bgMobile(rng) }];
  if (rng.chance(0.15)) phones.push({ type: 'mobile', number: country === 'RU' ? ruMobile(rng) : bgMobile(rng) });

  const emails: Person['emails'] = [];
  const f = translit(firstName, lang);
  const l = translit(lastName, lang);
  if (opts.domain && rng.chance(0.85)) {
    const local = rng.pick([`${f[0]}.${l}`, `${f}.${l}`, `${l}`, `${f[0]}${l}`]);
    emails.push({ type: 'work', address: `${local}@${opts.domain}` });
  }
  if (!emails.length || rng.chance(0.2)) {
    const host =
      country === 'RU'
        ? rng.pick(['yandex.ru', 'mail.ru', 'gmail.com', 'bk.ru', 'inbox.ru'])
        : rng.pick(['abv.bg', 'gmail.com', 'mail.bg', 'yahoo.com']);
    emails.push({ type: 'personal', address: `${f}.${l}${rng.chance(0.5) ? rng.int(70, 99) : ''}@${host}` });
  }

  const messengers: Person['messengers'] = [];
  if (country === 'RU' && rng.chance(0.5)) messengers.push({ type: 'telegram', handle: `@${f}_${l}`.slice(0, 32) });
  if (country === 'BG' && rng.chance(0.6)) messengers.push({ type: 'viber', handle: phones[0].number });
  if (rng.chance(0.2)) messengers.push({ type: 'whatsapp', handle: phones[0].number });

  const importantDates: Person['importantDates'] = [];
  if (country === 'BG' && bgNameDays[firstName] && rng.chance(0.7)) {
    importantDates.push({ label: 'Имен ден', date: `${now.getUTCFullYear()}-${bgNameDays[firstName]}` });
  }
  if (rng.chance(0.15)) {
    const label = rng.pick(country === 'RU' ? ruImportantDates : bgImportantDates);
    importantDates.push({ label, date: `${now.getUTCFullYear() - rng.int(1, 25)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}` });
  }

  return {
    country,
    female,
    firstName,
    middleName,
    lastName,
    birthday: birthday(rng, now),
    position,
    dealRole,
    isDecisionMaker,
    phones,
    emails,
    messengers,
    preferences: preferences(rng, country),
    importantDates,
  };
}
