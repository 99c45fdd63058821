import { describe, expect, it } from 'vitest';
import { dealTotals, lineAmounts, weighted } from './deals.money.js';

describe('deal line arithmetic', () => {
  it('3 x 0.10 with 10% discount and 20% VAT, rounded half-up per line', () => {
    // Floats would give 0.30000000000000004 x 0.9 = 0.27000000000000002 and VAT 0.054000000000000006.
    expect(lineAmounts({ quantity: '3', unitPrice: '0.10', discountPercent: '10', vatRate: '20' }, false)).toEqual({
      subtotal: '0.27',
      vatAmount: '0.05',
      total: '0.32',
    });
  });

  it('keeps every cent of large amounts', () => {
    expect(lineAmounts({ quantity: '3', unitPrice: '99999999999.99', discountPercent: '0', vatRate: '20' }, false)).toEqual({
      subtotal: '299999999999.97',
      vatAmount: '59999999999.99',
      total: '359999999999.96',
    });
    expect(lineAmounts({ quantity: '12345678.1234', unitPrice: '9999999999.99', discountPercent: '0', vatRate: '0' }, false).total).toBe(
      '123456781233876543.22',
    );
  });

  it('rounds half up, not to even', () => {
    // 0.125 -> 0.13 (banker's rounding would give 0.12).
    expect(lineAmounts({ quantity: '1', unitPrice: '0.25', discountPercent: '50', vatRate: '0' }, false).subtotal).toBe('0.13');
    expect(lineAmounts({ quantity: '1', unitPrice: '0.05', discountPercent: '0', vatRate: '50' }, false).vatAmount).toBe('0.03');
  });

  it('carves VAT out of VAT-inclusive prices', () => {
    expect(lineAmounts({ quantity: '1', unitPrice: '100.00', discountPercent: '0', vatRate: '20' }, true)).toEqual({
      subtotal: '83.33',
      vatAmount: '16.67',
      total: '100.00',
    });
    expect(lineAmounts({ quantity: '2', unitPrice: '61.00', discountPercent: '0', vatRate: '22' }, true)).toEqual({
      subtotal: '100.00',
      vatAmount: '22.00',
      total: '122.00',
    });
  });

  it('deal totals are sums of rounded lines; weighted amounts are exact', () => {
    const a = lineAmounts({ quantity: '1', unitPrice: '0.01', discountPercent: '0', vatRate: '50' }, false);
    expect(dealTotals([a, a, a])).toEqual({ subtotal: '0.03', vatAmount: '0.03', total: '0.06' });
    expect(weighted('1000.01', 33)).toBe('330.00');
    expect(weighted('0.05', 50)).toBe('0.03');
    expect(weighted('99999999999999.99', 75)).toBe('74999999999999.99');
  });
});
