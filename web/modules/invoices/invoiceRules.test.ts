import { describe, expect, it } from 'vitest';
import { allowedVatRates as serverRates, needsExemptionReason as serverNeedsReason } from '../../../server/modules/invoices/invoices.money';
import { allowedVatRates, decimalError, linesBody, needsExemptionReason, validateLine, type LineValues } from './invoiceRules';

const line = (over: Partial<LineValues> = {}): LineValues => ({
  key: 'k',
  productId: null,
  name: 'Насос',
  quantity: '1',
  unit: 'шт',
  price: '100',
  discountPercent: '0',
  vatRate: '22',
  ...over,
});

describe('invoice rules of the web form', () => {
  it('offer the rates the server accepts, for payers and non-payers of both countries', () => {
    for (const country of ['RU', 'BG'] as const)
      for (const payer of [true, false]) {
        expect(allowedVatRates(country, payer)).toEqual(serverRates(country, payer));
        for (const rate of ['22', '20', '10', '9', '0', 'none'])
          expect(needsExemptionReason(country, rate)).toBe(serverNeedsReason(country, rate));
      }
  });

  it('take amounts typed the Russian and Bulgarian way, and name what is wrong', () => {
    expect(decimalError('1 500,50', { decimals: 2 })).toBeNull();
    expect(decimalError('1\u00a0500.5', { decimals: 2 })).toBeNull();
    expect(decimalError('1,505', { decimals: 2 })).toBe('moneyUi.rules.money');
    expect(decimalError('0,1234', { decimals: 4 })).toBeNull();
    expect(decimalError('три', { decimals: 4 })).toBe('moneyUi.rules.quantity');
    expect(decimalError('-5', { decimals: 2 })).toBe('moneyUi.rules.money');
    expect(decimalError('0,00', { decimals: 2, positive: true })).toBe('moneyUi.rules.positive');
    expect(decimalError('', { decimals: 2 })).toBe('moneyUi.rules.required');
    expect(decimalError('100,01', { decimals: 2, max: '100' })).toBe('moneyUi.rules.percent');
    expect(decimalError('100', { decimals: 2, max: '100' })).toBeNull();
  });

  it('check a line against the country’s rates and send it as the API takes it', () => {
    const rates = allowedVatRates('BG', true);
    expect(validateLine(line({ vatRate: '20' }), rates)).toEqual({});
    expect(validateLine(line({ vatRate: '22', name: ' ', quantity: '0', discountPercent: '120' }), rates)).toEqual({
      name: 'moneyUi.rules.required',
      quantity: 'moneyUi.rules.positive',
      discountPercent: 'moneyUi.rules.percent',
      vatRate: 'moneyUi.rules.vatRate',
    });
    expect(linesBody([line({ quantity: '2,5', price: '1 234,50', discountPercent: '', unit: ' ' })])).toEqual([
      { productId: null, name: 'Насос', quantity: '2.5', unit: null, price: '1234.50', discountPercent: '0', vatRate: '22' },
    ]);
  });
});
