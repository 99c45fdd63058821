import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normaliseRequisites, validateRequisites } from '../modules/companies/index.js';
import { makeBgCompany, makeRuCompany, Uniq } from './companies.js';
import { makePerson } from './people.js';
import { createRng } from './random.js';
import { accountKeyValid, eik9CheckDigit, ibanValid, inn10CheckDigit, inn12CheckDigits, makeCorrAccount } from './requisites.js';

const now = new Date('2026-03-10T09:00:00Z');

describe('demo requisites', () => {
  it('check digits agree with the published vectors', () => {
    for (const inn of ['7707083893', '7707049388', '7736050003', '7725088527']) expect(inn10CheckDigit(inn.slice(0, 9))).toBe(inn[9]);
    expect(inn10CheckDigit('770708389')).not.toBe('4');
    for (const inn of ['500100732259', '123456789047']) expect(inn12CheckDigits(inn.slice(0, 10))).toBe(inn.slice(10));
    expect(makeCorrAccount('044525225')).toBe('30101810400000000225');
    expect(accountKeyValid('225', '40702810938120061991')).toBe(true);
    expect(accountKeyValid('804', '40702810400000004583')).toBe(true);
    expect(accountKeyValid('025', '30101810400000000226')).toBe(false);
    for (const eik of ['175074752', '131272009', '020469788']) expect(eik9CheckDigit(eik.slice(0, 8))).toBe(eik[8]);
    expect(eik9CheckDigit('17507475')).not.toBe('1');
    expect(ibanValid('BG80BNBG96611020345678')).toBe(true);
    expect(ibanValid('BG81BNBG96611020345678')).toBe(false);
  });

  it("generated requisites pass the application's own validation", () => {
    const rng = createRng(5);
    const uniq = new Uniq();
    for (let i = 0; i < 400; i++) {
      const c = i % 3 ? makeRuCompany(rng, uniq, now) : makeBgCompany(rng, uniq, now);
      const { issues, warnings } = validateRequisites(
        normaliseRequisites({
          inn: c.inn,
          kpp: c.kpp,
          ogrn: c.ogrn,
          bik: c.bik,
          settlementAccount: c.settlementAccount,
          corrAccount: c.corrAccount,
          eik: c.eik,
          vatNumber: c.vatNumber,
          iban: c.iban,
        }),
      );
      expect({ name: c.name, issues, warnings }).toEqual({ name: c.name, issues: [], warnings: [] });
    }
  });

  it('every generated company has valid, unique requisites and phone numbers', () => {
    const rng = createRng(7);
    const uniq = new Uniq();
    const inns = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const ru = makeRuCompany(rng, uniq, now);
      const inn = ru.inn!;
      if (inn.length === 10) expect(inn10CheckDigit(inn.slice(0, 9))).toBe(inn[9]);
      else expect(inn12CheckDigits(inn.slice(0, 10))).toBe(inn.slice(10));
      expect(inns.has(inn)).toBe(false);
      inns.add(inn);
      const ogrn = ru.ogrn!;
      if (ogrn.length === 13) expect(String((BigInt(ogrn.slice(0, 12)) % 11n) % 10n)).toBe(ogrn[12]);
      else expect(String((BigInt(ogrn.slice(0, 14)) % 13n) % 10n)).toBe(ogrn[14]);
      if (ru.kpp) expect(ru.kpp).toMatch(/^\d{4}[0-9A-Z]{2}\d{3}$/);
      expect(ru.bik).toMatch(/^0\d{8}$/);
      expect(accountKeyValid(ru.bik!.slice(-3), ru.settlementAccount!)).toBe(true);
      expect(accountKeyValid(`0${ru.bik!.slice(4, 6)}`, ru.corrAccount!)).toBe(true);
      for (const p of ru.phones) expect(isValidPhoneNumber(p.number), p.number).toBe(true);

      const bg = makeBgCompany(rng, uniq, now);
      expect(eik9CheckDigit(bg.eik!.slice(0, 8))).toBe(bg.eik![8]);
      if (bg.vatNumber) expect(bg.vatNumber).toBe(`BG${bg.eik}`);
      expect(bg.iban).toMatch(/^BG\d{2}[A-Z]{4}\d{14}$/);
      expect(ibanValid(bg.iban!)).toBe(true);
      for (const p of bg.phones) expect(isValidPhoneNumber(p.number), p.number).toBe(true);
    }
  });

  it('people have E.164 phones valid in their country and gender-agreeing names', () => {
    const rng = createRng(11);
    for (let i = 0; i < 400; i++) {
      const p = makePerson(rng, i % 2 ? 'RU' : 'BG', now, { domain: 'example.ru' });
      for (const ph of p.phones) {
        expect(ph.number).toMatch(p.country === 'RU' ? /^\+79\d{9}$/ : /^\+359(8[789]|98)\d{7}$/);
        expect(isValidPhoneNumber(ph.number), ph.number).toBe(true);
      }
      if (p.country === 'RU' && p.middleName) expect(p.middleName.endsWith(p.female ? 'на' : 'ич')).toBe(true);
      for (const e of p.emails) expect(e.address).toMatch(/^[a-z0-9._]+@[a-z0-9.-]+$/);
    }
  });

  it('the generator is reproducible', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(makeRuCompany(createRng(3), new Uniq(), now)).toEqual(makeRuCompany(createRng(3), new Uniq(), now));
  });
});
