// Amounts in words as accountants write them on invoices (REFERENCE section 2). Pure and exact:
// the amount is parsed from its decimal string into integer digit groups, never through a float.
import type Decimal from 'decimal.js';

export const wordCurrencies = ['RUB', 'EUR', 'BGN', 'USD'] as const;
export type WordCurrency = (typeof wordCurrencies)[number];
export const wordLanguages = ['ru', 'bg', 'en'] as const;
export type WordLanguage = (typeof wordLanguages)[number];

/** Largest whole part spelled (trillions are the last scale every language here names). */
export const MAX_WHOLE = 999_999_999_999_999n;
const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

type Gender = 'm' | 'f' | 'n';
/** Russian noun forms: one (рубль), few 2-4 (рубля), many (рублей). */
type RuNoun = { gender: Gender; one: string; few: string; many: string };
/** Bulgarian noun forms: one (лев) and the counted plural (лева). */
type BgNoun = { gender: Gender; one: string; many: string };
type EnNoun = { one: string; many: string };

const ru: Record<WordCurrency, [RuNoun, RuNoun]> = {
  RUB: [
    { gender: 'm', one: 'рубль', few: 'рубля', many: 'рублей' },
    { gender: 'f', one: 'копейка', few: 'копейки', many: 'копеек' },
  ],
  EUR: [
    { gender: 'm', one: 'евро', few: 'евро', many: 'евро' },
    { gender: 'm', one: 'евроцент', few: 'евроцента', many: 'евроцентов' },
  ],
  BGN: [
    { gender: 'm', one: 'лев', few: 'лева', many: 'левов' },
    { gender: 'f', one: 'стотинка', few: 'стотинки', many: 'стотинок' },
  ],
  USD: [
    { gender: 'm', one: 'доллар США', few: 'доллара США', many: 'долларов США' },
    { gender: 'm', one: 'цент', few: 'цента', many: 'центов' },
  ],
};
const bg: Record<WordCurrency, [BgNoun, BgNoun]> = {
  RUB: [
    { gender: 'f', one: 'рубла', many: 'рубли' },
    { gender: 'f', one: 'копейка', many: 'копейки' },
  ],
  // Euro is neuter and does not change in the plural (едно евро, две евро).
  EUR: [
    { gender: 'n', one: 'евро', many: 'евро' },
    { gender: 'm', one: 'евроцент', many: 'евроцента' },
  ],
  BGN: [
    { gender: 'm', one: 'лев', many: 'лева' },
    { gender: 'f', one: 'стотинка', many: 'стотинки' },
  ],
  USD: [
    { gender: 'm', one: 'щатски долар', many: 'щатски долара' },
    { gender: 'm', one: 'цент', many: 'цента' },
  ],
};
const en: Record<WordCurrency, [EnNoun, EnNoun]> = {
  RUB: [
    { one: 'rouble', many: 'roubles' },
    { one: 'kopeck', many: 'kopecks' },
  ],
  EUR: [
    { one: 'euro', many: 'euros' },
    { one: 'cent', many: 'cents' },
  ],
  BGN: [
    { one: 'lev', many: 'leva' },
    { one: 'stotinka', many: 'stotinki' },
  ],
  USD: [
    { one: 'US dollar', many: 'US dollars' },
    { one: 'cent', many: 'cents' },
  ],
};

/** Splits an exact whole number into groups of three digits, lowest first. */
function groupsOf(whole: bigint): number[] {
  const out: number[] = [];
  let n = whole;
  do {
    out.push(Number(n % 1000n));
    n /= 1000n;
  } while (n > 0n);
  return out;
}

// ---------- Russian ----------
const RU_ONES: Record<Gender, string[]> = {
  m: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  f: ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  n: ['', 'одно', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
};
const RU_TEENS = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const RU_TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const RU_HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];
const RU_SCALES: RuNoun[] = [
  { gender: 'f', one: 'тысяча', few: 'тысячи', many: 'тысяч' },
  { gender: 'm', one: 'миллион', few: 'миллиона', many: 'миллионов' },
  { gender: 'm', one: 'миллиард', few: 'миллиарда', many: 'миллиардов' },
  { gender: 'm', one: 'триллион', few: 'триллиона', many: 'триллионов' },
];

/** The Russian noun form for a count: 11-14 take the genitive plural whatever the last digit. */
export function ruForm(n: number | bigint, noun: RuNoun): string {
  const last2 = Number(BigInt(n) % 100n);
  const last = last2 % 10;
  if (last2 >= 11 && last2 <= 14) return noun.many;
  if (last === 1) return noun.one;
  if (last >= 2 && last <= 4) return noun.few;
  return noun.many;
}

type Below1000 = { hundreds: string[]; teens: string[]; tens: string[]; ones: Record<Gender, string[]> };

/** The words of a number below 1000 (hundreds, a teen or tens and ones), by a language's tables. */
function below1000(n: number, gender: Gender, t: Below1000): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) words.push(t.hundreds[h]);
  if (rest >= 10 && rest < 20) words.push(t.teens[rest - 10]);
  else {
    if (rest >= 20) words.push(t.tens[Math.floor(rest / 10)]);
    if (rest % 10) words.push(t.ones[gender][rest % 10]);
  }
  return words;
}

const RU_BELOW_1000: Below1000 = { hundreds: RU_HUNDREDS, teens: RU_TEENS, tens: RU_TENS, ones: RU_ONES };
const ruTriplet = (n: number, gender: Gender) => below1000(n, gender, RU_BELOW_1000);

function ruWhole(whole: bigint, unit: RuNoun): string {
  if (whole === 0n) return `ноль ${unit.many}`;
  const groups = groupsOf(whole);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 1; i--) {
    if (!groups[i]) continue;
    const scale = RU_SCALES[i - 1];
    words.push(...ruTriplet(groups[i], scale.gender), ruForm(groups[i], scale));
  }
  words.push(...ruTriplet(groups[0], unit.gender), ruForm(whole, unit));
  return words.join(' ');
}

// ---------- Bulgarian ----------
const BG_ONES: Record<Gender, string[]> = {
  m: ['', 'един', 'два', 'три', 'четири', 'пет', 'шест', 'седем', 'осем', 'девет'],
  f: ['', 'една', 'две', 'три', 'четири', 'пет', 'шест', 'седем', 'осем', 'девет'],
  n: ['', 'едно', 'две', 'три', 'четири', 'пет', 'шест', 'седем', 'осем', 'девет'],
};
const BG_TEENS = [
  'десет',
  'единадесет',
  'дванадесет',
  'тринадесет',
  'четиринадесет',
  'петнадесет',
  'шестнадесет',
  'седемнадесет',
  'осемнадесет',
  'деветнадесет',
];
const BG_TENS = ['', '', 'двадесет', 'тридесет', 'четиридесет', 'петдесет', 'шестдесет', 'седемдесет', 'осемдесет', 'деветдесет'];
const BG_HUNDREDS = ['', 'сто', 'двеста', 'триста', 'четиристотин', 'петстотин', 'шестстотин', 'седемстотин', 'осемстотин', 'деветстотин'];
const BG_SCALES: BgNoun[] = [
  { gender: 'f', one: 'хиляда', many: 'хиляди' },
  { gender: 'm', one: 'милион', many: 'милиона' },
  { gender: 'm', one: 'милиард', many: 'милиарда' },
  { gender: 'm', one: 'трилион', many: 'трилиона' },
];

/** The elements of a Bulgarian number below 1000 (сто, двадесет, едно), before «и» is placed. */
const BG_BELOW_1000: Below1000 = { hundreds: BG_HUNDREDS, teens: BG_TEENS, tens: BG_TENS, ones: BG_ONES };
const bgElements = (n: number, gender: Gender) => below1000(n, gender, BG_BELOW_1000);

/** «и» goes before the last element of a group: сто и едно, двадесет и една. */
function joinWithI(elements: string[]): string {
  if (elements.length < 2) return elements.join('');
  return `${elements.slice(0, -1).join(' ')} и ${elements[elements.length - 1]}`;
}

/** A Bulgarian number with its noun agreeing in gender and count. */
function bgCount(whole: bigint, unit: BgNoun): string {
  if (whole === 0n) return `нула ${unit.many}`;
  const groups = groupsOf(whole);
  // Each non-zero group is a phrase; the group's own «и» sits inside it (двадесет и една хиляди).
  // When the last phrase is a single element (двеста, петстотин хиляди), the number's «и» goes
  // before it instead: хиляда и двеста, два милиона и петстотин хиляди.
  const phrases: { text: string; single: boolean }[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (!g) continue;
    if (i === 0) {
      const el = bgElements(g, unit.gender);
      phrases.push({ text: joinWithI(el), single: el.length === 1 });
      continue;
    }
    const scale = BG_SCALES[i - 1];
    if (i === 1 && g === 1) {
      phrases.push({ text: 'хиляда', single: true });
      continue;
    }
    const el = bgElements(g, scale.gender);
    phrases.push({ text: `${joinWithI(el)} ${g === 1 ? scale.one : scale.many}`, single: el.length === 1 });
  }
  let text: string;
  const last = phrases[phrases.length - 1];
  if (phrases.length > 1 && last.single) {
    text = `${phrases
      .slice(0, -1)
      .map((p) => p.text)
      .join(' ')} и ${last.text}`;
  } else text = phrases.map((p) => p.text).join(' ');
  // The noun follows the whole number; the unit group being empty (2000) still counts as many.
  return `${text} ${whole === 1n ? unit.one : unit.many}`;
}

// ---------- English ----------
const EN_ONES = [
  '',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['thousand', 'million', 'billion', 'trillion'];

function enTriplet(n: number): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) words.push(EN_ONES[h], 'hundred');
  if (rest >= 20) words.push(rest % 10 ? `${EN_TENS[Math.floor(rest / 10)]}-${EN_ONES[rest % 10]}` : EN_TENS[Math.floor(rest / 10)]);
  else if (rest) words.push(EN_ONES[rest]);
  return words;
}

function enCount(whole: bigint, unit: EnNoun): string {
  if (whole === 0n) return `zero ${unit.many}`;
  const groups = groupsOf(whole);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    if (!groups[i]) continue;
    words.push(...enTriplet(groups[i]));
    if (i > 0) words.push(EN_SCALES[i - 1]);
  }
  return `${words.join(' ')} ${whole === 1n ? unit.one : unit.many}`;
}

/** Why an amount cannot be spelled, as a validation rule code (messages in contracts/i18n/money.ts). */
export type AmountProblem = 'money.amountFormat' | 'money.amountNegative' | 'money.amountTooLarge';

/** The problem with a decimal string as an amount to spell, or undefined when it is fine. */
export function amountProblem(amount: string): AmountProblem | undefined {
  const v = amount.trim();
  if (/^-\d/.test(v) && AMOUNT.test(v.slice(1))) return 'money.amountNegative';
  if (/^\d{16,}(\.\d{1,2})?$/.test(v)) return 'money.amountTooLarge';
  if (!AMOUNT.test(v)) return 'money.amountFormat';
  return undefined;
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/**
 * The amount in words with the first letter capitalised, as on an invoice. Russian keeps the
 * kopecks as two digits («56 копеек», as accountants write); Bulgarian and English spell the
 * cents and leave them out when there are none. Throws on what amountProblem refuses.
 */
export function amountInWords(amount: string | Decimal, currency: WordCurrency, lang: WordLanguage): string {
  const text = typeof amount === 'string' ? amount.trim() : amount.toFixed();
  const problem = amountProblem(text);
  if (problem) throw new RangeError(`${problem}: ${text}`);
  const [wholeText, fraction = ''] = text.split('.');
  const whole = BigInt(wholeText);
  const cents = Number(fraction.padEnd(2, '0'));
  if (lang === 'ru') {
    const [unit, sub] = ru[currency];
    const cc = String(cents).padStart(2, '0');
    return capitalise(`${ruWhole(whole, unit)} ${cc} ${ruForm(cents, sub)}`);
  }
  if (lang === 'bg') {
    const [unit, sub] = bg[currency];
    const main = bgCount(whole, unit);
    return capitalise(cents ? `${main} и ${bgCount(BigInt(cents), sub)}` : main);
  }
  const [unit, sub] = en[currency];
  const main = enCount(whole, unit);
  return capitalise(cents ? `${main} and ${enCount(BigInt(cents), sub)}` : main);
}
