import type { Rng } from './random.js';

// Requisites with correct check digits (REFERENCE.md section 1), so demo companies pass the same
// validation as a user's input. Numbers are random: they may coincide with a real company's only by chance.

const weighted = (digits: string, weights: number[]) => weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);

/** Check digit of a 10-digit INN over its first 9 digits. */
export function inn10CheckDigit(first9: string): string {
  return String((weighted(first9, [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10);
}

/** The two check digits of a 12-digit INN over its first 10 digits. */
export function inn12CheckDigits(first10: string): string {
  const d11 = String((weighted(first10, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10);
  const d12 = String((weighted(first10 + d11, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10);
  return d11 + d12;
}

/** INN of an organisation: tax office code (4 digits, region first), 5 digits, check digit. */
export function makeInn10(rng: Rng, taxOffice: string): string {
  const body = taxOffice + rng.digits(5);
  return body + inn10CheckDigit(body);
}

/** INN of a person (sole proprietor): tax office code, 6 digits, two check digits. */
export function makeInn12(rng: Rng, taxOffice: string): string {
  const body = taxOffice + rng.digits(6);
  return body + inn12CheckDigits(body);
}

/** KPP of a head office registered where the INN was issued ("01" = Russian organisation, "001" = first registration). */
export const makeKpp = (taxOffice: string) => `${taxOffice}01001`;

/** OGRN: 1, two digits of the year, region, inspection, 5-digit record number, check digit. */
export function makeOgrn(rng: Rng, year: number, taxOffice: string): string {
  const body = `1${String(year % 100).padStart(2, '0')}${taxOffice}${rng.digits(5)}`;
  return body + String((BigInt(body) % 11n) % 10n);
}

/** OGRNIP (15 digits): 3, year, region, 9 digits, check digit mod 13. */
export function makeOgrnip(rng: Rng, year: number, region: string): string {
  const body = `3${String(year % 100).padStart(2, '0')}${region}${rng.digits(9)}`;
  return body + String((BigInt(body) % 13n) % 10n);
}

/** Bank of Russia rule 515: weights 7,1,3 over prefix + account, the sum must end in 0. */
export function accountKeyValid(prefix: string, account: string): boolean {
  const s = prefix + account;
  if (!/^\d{23}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 23; i++) sum += Number(s[i]) * [7, 1, 3][i % 3];
  return sum % 10 === 0;
}

/** Fills the key digit (9th digit of the account) so the account passes rule 515 with the prefix. */
function withKey(prefix: string, head8: string, tail11: string): string {
  for (let k = 0; k <= 9; k++) {
    const acc = `${head8}${k}${tail11}`;
    if (accountKeyValid(prefix, acc)) return acc;
  }
  throw new Error('no key digit');
}

/** Settlement account in roubles at a bank: balance account (40702 company, 40802 sole proprietor), 810, key, branch and number. */
export function makeSettlementAccount(rng: Rng, bik: string, balance: '40702' | '40802' = '40702'): string {
  return withKey(bik.slice(-3), `${balance}810`, rng.digits(11));
}

/** The bank's correspondent account at the Bank of Russia, derived from its BIK. */
export function makeCorrAccount(bik: string): string {
  return withKey(`0${bik.slice(4, 6)}`, '30101810', `00000000${bik.slice(-3)}`);
}

/** Check digit of a 9-digit EIK/BULSTAT over its first 8 digits. */
export function eik9CheckDigit(first8: string): string {
  let r = weighted(first8, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
  if (r === 10) {
    r = weighted(first8, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
    if (r === 10) r = 0;
  }
  return String(r);
}

/** A 9-digit EIK of a Bulgarian legal entity (registered in the Commercial Register: starts with 1 or 2). */
export function makeEik(rng: Rng): string {
  const body = String(rng.int(1, 2)) + rng.digits(7);
  return body + eik9CheckDigit(body);
}

/** A Bulgarian VAT number of a company: BG + its EIK. */
export const makeBgVat = (eik: string) => `BG${eik}`;

/** IBAN check digits (ISO 13616, mod 97) for a country and a BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const expanded = (bban + country + '00').replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of expanded) rem = (rem * 10 + Number(ch)) % 97;
  return String(98 - rem).padStart(2, '0');
}

/** Whether an IBAN passes the mod-97 check. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  return ibanCheckDigits(s.slice(0, 2), s.slice(4)) === s.slice(2, 4);
}

/** A Bulgarian IBAN (22 characters): BG, check digits, bank code (4 letters of its BIC), branch (4), account type 10, account (8). */
export function makeBgIban(rng: Rng, bankCode: string): string {
  const bban = `${bankCode}${rng.digits(4)}10${rng.digits(8)}`;
  return `BG${ibanCheckDigits('BG', bban)}${bban}`;
}
