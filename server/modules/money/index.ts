export { amountInWords, amountProblem, wordCurrencies, wordLanguages, MAX_WHOLE } from './money.words.js';
export type { WordCurrency, WordLanguage, AmountProblem } from './money.words.js';
export { moneyRoutes } from './money.routes.js';
export { D, money, plain, lineAmounts, sumLines, vatBreakdown } from './money.arith.js';
export type { Dec, LineAmounts } from './money.arith.js';
