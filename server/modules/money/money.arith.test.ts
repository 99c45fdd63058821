import { describe, expect, it } from 'vitest';
import { lineAmounts, sumLines, vatBreakdown } from './money.arith.js';

describe('shared money arithmetic', () => {
  it('rounds each line to cents and sums the rounded lines, so three lines of 0.03 carry 0.03 of VAT', () => {
    const line = lineAmounts({ quantity: '1', price: '0.05', discountPercent: '0', vatRate: '20' }, false);
    expect(line).toEqual({ subtotal: '0.05', vatAmount: '0.01', total: '0.06' });
    expect(sumLines([line, line, line])).toEqual({ subtotal: '0.15', vatAmount: '0.03', total: '0.18' });
    expect(lineAmounts({ quantity: '2', price: '10', discountPercent: '0', vatRate: 'none' }, false)).toEqual({
      subtotal: '20.00',
      vatAmount: '0.00',
      total: '20.00',
    });
  });

  it('groups the VAT block by rate written any way, highest first, without VAT last', () => {
    const block = vatBreakdown([
      { vatRate: 'none', subtotal: '5.00', vatAmount: '0.00' },
      { vatRate: '10', subtotal: '10.00', vatAmount: '1.00' },
      { vatRate: '22.00', subtotal: '100.00', vatAmount: '22.00' },
      { vatRate: '22', subtotal: '1.00', vatAmount: '0.22' },
    ]);
    expect(block).toEqual([
      { rate: '22', base: '101.00', vat: '22.22' },
      { rate: '10', base: '10.00', vat: '1.00' },
      { rate: 'none', base: '5.00', vat: '0.00' },
    ]);
  });
});
