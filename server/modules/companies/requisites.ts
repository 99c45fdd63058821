import type { RuleCode } from '../../../contracts/i18n/index.js';
// Checksums of Russian and Bulgarian requisites and of IBAN (algorithms: REFERENCE.md section 1).
// Pure functions: each returns null when the value is valid, or the rule it breaks.

export type RequisiteProblem =
  | 'INN_FORMAT'
  | 'INN_LENGTH'
  | 'INN_CHECKSUM'
  | 'KPP_FORMAT'
  | 'OGRN_FORMAT'
  | 'OGRN_LENGTH'
  | 'OGRN_CHECKSUM'
  | 'OGRNIP_CHECKSUM'
  | 'BIK_FORMAT'
  | 'ACCOUNT_FORMAT'
  | 'ACCOUNT_NEEDS_BIK'
  | 'ACCOUNT_CHECKSUM'
  | 'CORR_ACCOUNT_CHECKSUM'
  | 'EIK_FORMAT'
  | 'EIK_LENGTH'
  | 'EIK_CHECKSUM'
  | 'VAT_FORMAT'
  | 'VAT_CHECKSUM'
  | 'IBAN_FORMAT'
  | 'IBAN_LENGTH'
  | 'IBAN_CHECKSUM';

/** Drops the spaces, dashes and dots people type inside numbers. */
export function compact(value: string): string {
  return value.replace(/[\s\-.]/g, '');
}

const digitsOf = (s: string) => [...s].map(Number);
const isDigits = (s: string) => /^\d+$/.test(s);

function weighted(digits: number[], weights: number[]): number {
  return weights.reduce((sum, w, i) => sum + w * digits[i], 0);
}

/** Russian taxpayer number: 10 digits (organisation) or 12 (individual), one or two check digits. */
export function checkInn(inn: string): RequisiteProblem | null {
  if (!isDigits(inn)) return 'INN_FORMAT';
  const d = digitsOf(inn);
  const check = (weights: number[]) => (weighted(d, weights) % 11) % 10;
  if (inn.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9] ? null : 'INN_CHECKSUM';
  if (inn.length === 12) {
    const ok = check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
    return ok ? null : 'INN_CHECKSUM';
  }
  return 'INN_LENGTH';
}

/** KPP: 4 digits, 2 digits or capital Latin letters, 3 digits; no checksum. */
export function checkKpp(kpp: string): RequisiteProblem | null {
  return /^\d{4}[0-9A-Z]{2}\d{3}$/.test(kpp) ? null : 'KPP_FORMAT';
}

/** OGRN (13 digits, mod 11) or OGRNIP (15 digits starting with 3, mod 13). */
export function checkOgrn(ogrn: string): RequisiteProblem | null {
  if (!isDigits(ogrn)) return 'OGRN_FORMAT';
  if (ogrn.length === 13) {
    return Number((BigInt(ogrn.slice(0, 12)) % 11n) % 10n) === Number(ogrn[12]) ? null : 'OGRN_CHECKSUM';
  }
  if (ogrn.length === 15) {
    if (ogrn[0] !== '3') return 'OGRN_FORMAT';
    return Number((BigInt(ogrn.slice(0, 14)) % 13n) % 10n) === Number(ogrn[14]) ? null : 'OGRNIP_CHECKSUM';
  }
  return 'OGRN_LENGTH';
}

/** BIK: 9 digits, the first 0-2; no checksum. */
export function checkBik(bik: string): RequisiteProblem | null {
  return /^[0-2]\d{8}$/.test(bik) ? null : 'BIK_FORMAT';
}

/** Bank of Russia rule 515: the 23-digit key (3-digit prefix + account), weights 7,1,3, sum mod 10 = 0. */
function accountKeyOk(prefix: string, account: string): boolean {
  const d = digitsOf(prefix + account);
  const weights = d.map((_, i) => [7, 1, 3][i % 3]);
  return weighted(d, weights) % 10 === 0;
}

export type AccountCheck = { problem: RequisiteProblem | null; warning: 'ACCOUNT_TREASURY_UNVERIFIED' | null };

/**
 * A settlement (kind 'settlement', prefix = last 3 BIK digits) or correspondent account (prefix =
 * "0" + BIK digits 5-6). Treasury accounts (03...) follow the Treasury's own scheme: a key that does
 * not match is a warning, not an error.
 */
export function checkAccount(account: string, bik: string | null, kind: 'settlement' | 'corr'): AccountCheck {
  if (!/^\d{20}$/.test(account)) return { problem: 'ACCOUNT_FORMAT', warning: null };
  if (!bik || checkBik(bik)) return { problem: 'ACCOUNT_NEEDS_BIK', warning: null };
  const prefix = kind === 'settlement' ? bik.slice(-3) : `0${bik.slice(4, 6)}`;
  if (accountKeyOk(prefix, account)) return { problem: null, warning: null };
  if (account.startsWith('03')) return { problem: null, warning: 'ACCOUNT_TREASURY_UNVERIFIED' };
  return { problem: kind === 'settlement' ? 'ACCOUNT_CHECKSUM' : 'CORR_ACCOUNT_CHECKSUM', warning: null };
}

function eik9CheckDigit(d: number[]): number {
  let r = weighted(d, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
  if (r === 10) {
    r = weighted(d, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
    if (r === 10) r = 0;
  }
  return r;
}

/** Bulgarian EIK/BULSTAT: 9 digits (companies) or 13 (branches), two-pass mod 11. */
export function checkEik(eik: string): RequisiteProblem | null {
  if (!isDigits(eik)) return 'EIK_FORMAT';
  if (eik.length !== 9 && eik.length !== 13) return 'EIK_LENGTH';
  const d = digitsOf(eik);
  if (eik9CheckDigit(d) !== d[8]) return 'EIK_CHECKSUM';
  if (eik.length === 13) {
    const tail = d.slice(8, 12);
    let r = weighted(tail, [2, 7, 3, 5]) % 11;
    if (r === 10) {
      r = weighted(tail, [4, 9, 5, 7]) % 11;
      if (r === 10) r = 0;
    }
    if (r !== d[12]) return 'EIK_CHECKSUM';
  }
  return null;
}

/** Bulgarian personal number (EGN): weights 2,4,8,5,10,9,7,3,6, mod 11, 10 -> 0. */
export function egnValid(egn: string): boolean {
  if (!/^\d{10}$/.test(egn)) return false;
  const d = digitsOf(egn);
  return (weighted(d, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10 === d[9];
}

/**
 * VAT number: Bulgarian ones (BG + 9-digit EIK or BG + 10-digit EGN) are checked by checksum; other
 * EU numbers only by shape (2-letter country + 2-12 letters or digits).
 */
export function checkVat(vat: string): RequisiteProblem | null {
  if (vat.startsWith('BG')) {
    const n = vat.slice(2);
    if (!/^\d{9,10}$/.test(n)) return 'VAT_FORMAT';
    if (n.length === 9) return checkEik(n) ? 'VAT_CHECKSUM' : null;
    return egnValid(n) ? null : 'VAT_CHECKSUM';
  }
  return /^[A-Z]{2}[0-9A-Z]{2,12}$/.test(vat) ? null : 'VAT_FORMAT';
}

// IBAN lengths by country (SWIFT IBAN registry).
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** IBAN: country code, 2 check digits, account; mod 97 of the rearranged number must be 1. */
export function checkIban(iban: string): RequisiteProblem | null {
  if (!/^[A-Z]{2}\d{2}[0-9A-Z]{1,30}$/.test(iban)) return 'IBAN_FORMAT';
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return 'IBAN_LENGTH';
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1 ? null : 'IBAN_CHECKSUM';
}

export type RequisitesInput = {
  inn?: string | null;
  kpp?: string | null;
  ogrn?: string | null;
  bik?: string | null;
  settlementAccount?: string | null;
  corrAccount?: string | null;
  eik?: string | null;
  vatNumber?: string | null;
  iban?: string | null;
};

export type RequisiteIssue = { path: keyof RequisitesInput; code: RuleCode; params?: Record<string, unknown> };

/** Normalises requisites (no spaces, upper case) the way they are stored; empty strings become null. */
export function normaliseRequisites<T extends RequisitesInput>(input: T): T {
  const out = { ...input };
  for (const key of ['inn', 'kpp', 'ogrn', 'bik', 'settlementAccount', 'corrAccount', 'eik', 'vatNumber', 'iban'] as const) {
    const v = out[key];
    if (v === undefined) continue;
    const c = v === null ? '' : compact(v).toUpperCase();
    (out as RequisitesInput)[key] = c === '' ? null : c;
  }
  return out;
}

/**
 * Checks a company's (normalised) requisites together: accounts need the BIK. Returns the
 * blocking issues and the warnings (treasury accounts).
 */
export function validateRequisites(r: RequisitesInput): { issues: RequisiteIssue[]; warnings: RequisiteIssue[] } {
  const issues: RequisiteIssue[] = [];
  const warnings: RequisiteIssue[] = [];
  const one = (path: keyof RequisitesInput, check: (v: string) => RequisiteProblem | null) => {
    const v = r[path];
    if (!v) return;
    const problem = check(v);
    if (problem) issues.push({ path, code: problem, params: { length: v.length } });
  };
  one('inn', checkInn);
  one('kpp', checkKpp);
  one('ogrn', checkOgrn);
  one('bik', checkBik);
  one('eik', checkEik);
  one('vatNumber', checkVat);
  if (r.iban) {
    const problem = checkIban(r.iban);
    // The message names the length the country's IBAN must have.
    if (problem)
      issues.push({ path: 'iban', code: problem, params: { expected: IBAN_LENGTHS[r.iban.slice(0, 2)], country: r.iban.slice(0, 2) } });
  }
  for (const [path, kind] of [
    ['settlementAccount', 'settlement'],
    ['corrAccount', 'corr'],
  ] as const) {
    const v = r[path];
    if (!v) continue;
    const res = checkAccount(v, r.bik ?? null, kind);
    if (res.problem) issues.push({ path, code: res.problem });
    if (res.warning) warnings.push({ path, code: res.warning });
  }
  return { issues, warnings };
}
