import { D, lineAmounts as amountsOf, money, sumLines, type LineAmounts } from '../money/index.js';

// The arithmetic is the money module's (shared with invoices and printed documents); deals add the
// names their lines use and the weighted amount of the forecast.
export { D, money, plain, type Dec, type LineAmounts } from '../money/index.js';

/** One deal line's amounts, rounded on the line (a deal line names its price `unitPrice`). */
export const lineAmounts = (
  l: { quantity: string; unitPrice: string; discountPercent: string; vatRate: string },
  pricesIncludeVat: boolean,
) => amountsOf({ quantity: l.quantity, price: l.unitPrice, discountPercent: l.discountPercent, vatRate: l.vatRate }, pricesIncludeVat);

/** Deal totals: sums of the already rounded line amounts. */
export const dealTotals = (lines: LineAmounts[]): LineAmounts => sumLines(lines);

/** amount x probability / 100, exact, rounded half-up to cents. */
export const weighted = (amount: string, probability: number) => money(new D(amount).mul(probability).div(100));
