import { describe, expect, it } from 'vitest';
import { lineAmounts } from '../../server/modules/deals/deals.money';
import {
  CurrencyTotals,
  formatDecimalInput,
  linePreview,
  normalizeDecimal,
  parseDecimalInput,
  toUnits,
  unitsToString,
  weightedUnits,
} from './decimal';

describe('decimal strings in the browser', () => {
  it('parses and prints without floating point', () => {
    expect(toUnits('0.1') + toUnits('0.2')).toBe(toUnits('0.3'));
    expect(unitsToString(toUnits('1234.5'))).toBe('1234.50');
    expect(unitsToString(toUnits('9999999999999999.99') + toUnits('0.01'))).toBe('10000000000000000.00');
    expect(unitsToString(-toUnits('0.005'))).toBe('-0.01');
    expect(toUnits('abc')).toBe(0n);
  });

  it('weights an amount by a whole percent exactly and rounds half up only when printed', () => {
    expect(unitsToString(weightedUnits('100.01', 50))).toBe('50.01'); // 50.005 -> 50.01
    expect(unitsToString(weightedUnits('0.01', 50), 4)).toBe('0.0050');
    expect(unitsToString(weightedUnits('1234567.89', 33))).toBe('407407.40'); // 407407.4037
  });

  it('sums per currency', () => {
    const t = new CurrencyTotals().add('RUB', toUnits('10.10')).add('EUR', toUnits('1')).add('RUB', toUnits('0.90'));
    expect(t.entries().map(([c, u]) => [c, unitsToString(u)])).toEqual([
      ['EUR', '1.00'],
      ['RUB', '11.00'],
    ]);
  });

  it('reads what people type', () => {
    expect(normalizeDecimal('1 234,50')).toBe('1234.50');
    expect(normalizeDecimal('1\u00a0000')).toBe('1000');
  });
});

describe('line preview', () => {
  it('computes like the server on fixed cases', () => {
    expect(linePreview({ quantity: '3', unitPrice: '1234.56', discountPercent: '12.5', vatRate: '20' }, false)).toEqual({
      subtotal: '3240.72',
      vatAmount: '648.14',
      total: '3888.86',
    });
    expect(linePreview({ quantity: '1', unitPrice: '100', discountPercent: '0', vatRate: '20' }, true)).toEqual({
      subtotal: '83.33',
      vatAmount: '16.67',
      total: '100.00',
    });
  });

  it('agrees with the server rule on many random lines (both VAT modes)', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const line = {
        quantity: `${rnd(1000)}.${String(rnd(10000)).padStart(4, '0')}`.replace(/^0\.0000$/, '1'),
        unitPrice: `${rnd(1_000_000)}.${String(rnd(100)).padStart(2, '0')}`,
        discountPercent: `${rnd(100)}.${String(rnd(100)).padStart(2, '0')}`,
        vatRate: ['0', '9', '10', '20', '22', '12.5'][rnd(6)],
      };
      const incl = rnd(2) === 1;
      expect(linePreview(line, incl)).toEqual(lineAmounts(line, incl));
    }
  });
});

describe('decimal inputs in the interface language', () => {
  it('reads what people type: spaces group, both marks are decimals in ru and bg, commas group in English', () => {
    expect(parseDecimalInput('115 900,50', 'ru')).toBe('115900.50');
    expect(parseDecimalInput('115\u00a0900.5', 'bg')).toBe('115900.5');
    expect(parseDecimalInput('1,5', 'ru')).toBe('1.5');
    expect(parseDecimalInput('115,900.50', 'en')).toBe('115900.50');
    expect(parseDecimalInput('007', 'en')).toBe('7');
    for (const bad of ['abc', '1,2,3', '1.2.3', '-5', '', '12a']) expect(parseDecimalInput(bad, 'ru'), bad).toBeNull();
  });

  it('writes a decimal string as the language does, exactly', () => {
    const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(nbsp(formatDecimalInput('115900.00', 'ru-RU', 2, 2))).toBe('115 900,00');
    expect(nbsp(formatDecimalInput('14254602.05', 'bg-BG', 2, 2))).toBe('14 254 602,05');
    expect(formatDecimalInput('115900', 'en-GB', 2, 2)).toBe('115,900.00');
    expect(formatDecimalInput('1.5', 'ru-RU', 0, 4)).toBe('1,5');
    expect(nbsp(formatDecimalInput('9999999999999999.99', 'ru-RU', 2, 2))).toBe('9 999 999 999 999 999,99');
  });
});
