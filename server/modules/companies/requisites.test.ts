import { describe, expect, it } from 'vitest';
import { languages, translate } from '../../../contracts/i18n/index.js';
import { CompanyErrors, CounterpartyFieldCodes } from './companies.errors.js';
import {
  checkAccount,
  checkBik,
  checkEik,
  checkIban,
  checkInn,
  checkKpp,
  checkOgrn,
  checkVat,
  egnValid,
  normaliseRequisites,
  validateRequisites,
} from './requisites.js';

// Every vector of REFERENCE.md section 1, plus the edges of each rule.
describe('INN', () => {
  it.each(['7707083893', '7707049388', '7736050003', '7725088527', '500100732259', '123456789047'])('%s is valid', (v) => {
    expect(checkInn(v)).toBeNull();
  });
  it.each(['7707083894', '7725088528', '123456789037'])('%s has a wrong check digit', (v) => {
    expect(checkInn(v)).toBe('INN_CHECKSUM');
  });
  it('12 digits with a good 11th but wrong 12th digit is rejected', () => {
    expect(checkInn('500100732258')).toBe('INN_CHECKSUM');
  });
  it.each(['770708389', '77070838931', '1234567890123'])('%s has a wrong length', (v) => {
    expect(checkInn(v)).toBe('INN_LENGTH');
  });
  it('letters are a format error', () => {
    expect(checkInn('77070838A3')).toBe('INN_FORMAT');
  });
});

describe('KPP', () => {
  it('773601001 and a KPP with letters in positions 5-6 are valid', () => {
    expect(checkKpp('773601001')).toBeNull();
    expect(checkKpp('7736AB001')).toBeNull();
  });
  it.each(['77360100', '7736010011', '77a601001', 'A73601001'])('%s is malformed', (v) => {
    expect(checkKpp(v)).toBe('KPP_FORMAT');
  });
});

describe('OGRN / OGRNIP', () => {
  it.each(['1027700132195', '1027812400868', '307760324100018'])('%s is valid', (v) => {
    expect(checkOgrn(v)).toBeNull();
  });
  it('1022500001328 has a wrong check digit', () => {
    expect(checkOgrn('1022500001328')).toBe('OGRN_CHECKSUM');
  });
  it('307760324100019 has a wrong OGRNIP check digit', () => {
    expect(checkOgrn('307760324100019')).toBe('OGRNIP_CHECKSUM');
  });
  it('wrong length and a 15-digit number not starting with 3', () => {
    expect(checkOgrn('10277001321')).toBe('OGRN_LENGTH');
    expect(checkOgrn('107760324100018')).toBe('OGRN_FORMAT');
    expect(checkOgrn('10277001321x5')).toBe('OGRN_FORMAT');
  });
});

describe('BIK', () => {
  it('044525225 is valid; wrong length or first digit is not', () => {
    expect(checkBik('044525225')).toBeNull();
    expect(checkBik('04452522')).toBe('BIK_FORMAT');
    expect(checkBik('344525225')).toBe('BIK_FORMAT');
  });
});

describe('bank accounts against the BIK', () => {
  it('valid settlement accounts', () => {
    expect(checkAccount('40702810938120061991', '044525225', 'settlement')).toEqual({ problem: null, warning: null });
    expect(checkAccount('40702810400000004583', '046015804', 'settlement')).toEqual({ problem: null, warning: null });
  });
  it('the same account with another bank does not match', () => {
    expect(checkAccount('40702810938120061991', '046015804', 'settlement').problem).toBe('ACCOUNT_CHECKSUM');
    expect(checkAccount('40702810938120061992', '044525225', 'settlement').problem).toBe('ACCOUNT_CHECKSUM');
  });
  it('correspondent account 30101810400000000225 matches BIK 044525225, ...0226 does not', () => {
    expect(checkAccount('30101810400000000225', '044525225', 'corr')).toEqual({ problem: null, warning: null });
    expect(checkAccount('30101810400000000226', '044525225', 'corr').problem).toBe('CORR_ACCOUNT_CHECKSUM');
  });
  it('treasury accounts (03...) whose key does not match only warn', () => {
    const res = checkAccount('03100643000000018500', '044525225', 'settlement');
    expect(res).toEqual({ problem: null, warning: 'ACCOUNT_TREASURY_UNVERIFIED' });
  });
  it('an account needs 20 digits and a valid BIK', () => {
    expect(checkAccount('4070281093812006199', '044525225', 'settlement').problem).toBe('ACCOUNT_FORMAT');
    expect(checkAccount('40702810938120061991', null, 'settlement').problem).toBe('ACCOUNT_NEEDS_BIK');
    expect(checkAccount('40702810938120061991', '12345', 'settlement').problem).toBe('ACCOUNT_NEEDS_BIK');
  });
});

describe('EIK / BULSTAT', () => {
  it.each(['175074752', '131272009', '020469788', '1213961230342'])('%s is valid', (v) => {
    expect(checkEik(v)).toBeNull();
  });
  it.each(['175074751', '123456789', '1213961230343'])('%s has a wrong check digit', (v) => {
    expect(checkEik(v)).toBe('EIK_CHECKSUM');
  });
  it('a 13-digit EIK whose first nine digits are invalid is rejected', () => {
    expect(checkEik('1750747510342')).toBe('EIK_CHECKSUM');
  });
  it('wrong length or letters', () => {
    expect(checkEik('17507475')).toBe('EIK_LENGTH');
    expect(checkEik('1750747521')).toBe('EIK_LENGTH');
    expect(checkEik('17507475X')).toBe('EIK_FORMAT');
  });
});

describe('Bulgarian VAT number', () => {
  it('BG + valid EIK, BG + valid EGN', () => {
    expect(checkVat('BG175074752')).toBeNull();
    expect(checkVat('BG131272009')).toBeNull();
    expect(egnValid('7523169263')).toBe(true);
    expect(checkVat('BG7523169263')).toBeNull();
  });
  it('BG + invalid EIK or EGN has a wrong checksum', () => {
    expect(checkVat('BG175074751')).toBe('VAT_CHECKSUM');
    expect(checkVat('BG7523169264')).toBe('VAT_CHECKSUM');
  });
  it('malformed numbers', () => {
    expect(checkVat('BG12345')).toBe('VAT_FORMAT');
    expect(checkVat('175074752')).toBe('VAT_FORMAT');
  });
  it('other EU VAT numbers are checked by shape only', () => {
    expect(checkVat('DE136695976')).toBeNull();
  });
});

describe('IBAN', () => {
  it.each(['BG80BNBG96611020345678', 'GB82WEST12345698765432', 'DE89370400440532013000'])('%s is valid', (v) => {
    expect(checkIban(v)).toBeNull();
  });
  it('a changed digit breaks mod 97', () => {
    expect(checkIban('BG80BNBG96611020345679')).toBe('IBAN_CHECKSUM');
    expect(checkIban('GB82WEST12345698765433')).toBe('IBAN_CHECKSUM');
  });
  it('wrong length for the country, malformed', () => {
    expect(checkIban('BG80BNBG9661102034567')).toBe('IBAN_LENGTH');
    expect(checkIban('80BNBG96611020345678')).toBe('IBAN_FORMAT');
  });
});

describe('validateRequisites', () => {
  it('normalises spaces and case, then names every bad field', () => {
    const r = normaliseRequisites({
      inn: '7707 083 894',
      kpp: ' 773601001 ',
      ogrn: '1027700132195',
      bik: '044525225',
      settlementAccount: '40702810938120061992',
      corrAccount: '30101810400000000225',
      eik: '175074751',
      vatNumber: 'bg 175 074 752',
      iban: 'bg80 bnbg 9661 1020 3456 78',
    });
    expect(r.inn).toBe('7707083894');
    expect(r.vatNumber).toBe('BG175074752');
    expect(r.iban).toBe('BG80BNBG96611020345678');
    const { issues, warnings } = validateRequisites(r);
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['inn', 'INN_CHECKSUM'],
      ['eik', 'EIK_CHECKSUM'],
      ['settlementAccount', 'ACCOUNT_CHECKSUM'],
    ]);
    expect(warnings).toEqual([]);
  });
  it('empty strings become null and are not checked', () => {
    const r = normaliseRequisites({ inn: '', kpp: null, eik: '  ' });
    expect(r).toEqual({ inn: null, kpp: null, eik: null });
    expect(validateRequisites(r).issues).toEqual([]);
  });
  it('a treasury account is a warning, not an issue', () => {
    const { issues, warnings } = validateRequisites({ bik: '044525225', settlementAccount: '03100643000000018500' });
    expect(issues).toEqual([]);
    expect(warnings).toEqual([{ path: 'settlementAccount', code: 'ACCOUNT_TREASURY_UNVERIFIED' }]);
  });
});

describe('messages', () => {
  const fieldCodes = [
    'INN_FORMAT',
    'INN_LENGTH',
    'INN_CHECKSUM',
    'KPP_FORMAT',
    'OGRN_FORMAT',
    'OGRN_LENGTH',
    'OGRN_CHECKSUM',
    'OGRNIP_CHECKSUM',
    'BIK_FORMAT',
    'ACCOUNT_FORMAT',
    'ACCOUNT_NEEDS_BIK',
    'ACCOUNT_CHECKSUM',
    'CORR_ACCOUNT_CHECKSUM',
    'ACCOUNT_TREASURY_UNVERIFIED',
    'EIK_FORMAT',
    'EIK_LENGTH',
    'EIK_CHECKSUM',
    'VAT_FORMAT',
    'VAT_CHECKSUM',
    'IBAN_FORMAT',
    'IBAN_LENGTH',
    'IBAN_CHECKSUM',
    ...Object.values(CounterpartyFieldCodes),
  ];
  it.each([...languages])('every requisite, field and error code has its own message in %s', (lang) => {
    for (const code of fieldCodes) expect(translate(lang, `validation.${code}`), code).not.toBe(`validation.${code}`);
    for (const { code } of Object.values(CompanyErrors)) expect(translate(lang, `errors.${code}`), code).not.toBe(`errors.${code}`);
    if (lang !== 'en') expect(translate(lang, 'validation.INN_CHECKSUM')).not.toBe(translate('en', 'validation.INN_CHECKSUM'));
  });
});
