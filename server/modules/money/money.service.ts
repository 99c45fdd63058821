import { amountWordCurrencies, amountWordLanguages, type AmountInWords, type AmountInWordsQuery } from '../../../contracts/money.js';
import type { Lang } from '../../../contracts/i18n/index.js';
import { PlatformErrors, type FieldIssue } from '../../platform/errors.js';
import { amountInWords, amountProblem, type WordCurrency, type WordLanguage } from './money.words.js';

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** The amount in words for the API: every bad field named at once, 422, in the caller's language. */
export function spellAmount(query: AmountInWordsQuery, callerLang: Lang): AmountInWords {
  const issues: FieldIssue[] = [];
  const problem = amountProblem(query.amount);
  if (problem) issues.push({ path: 'amount', code: problem });
  const currency = query.currency.trim().toUpperCase();
  if (!isOneOf(amountWordCurrencies, currency)) issues.push({ path: 'currency', code: 'money.currency' });
  const lang = (query.lang ?? callerLang).trim().toLowerCase();
  if (!isOneOf(amountWordLanguages, lang)) issues.push({ path: 'lang', code: 'money.lang' });
  if (issues.length) throw PlatformErrors.VALIDATION({ fields: issues });
  return { text: amountInWords(query.amount, currency as WordCurrency, lang as WordLanguage) };
}
