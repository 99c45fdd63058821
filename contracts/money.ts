import { z } from 'zod';

/** Currencies and languages the amount in words is spelled for. */
export const amountWordCurrencies = ['RUB', 'EUR', 'BGN', 'USD'] as const;
export const amountWordLanguages = ['ru', 'bg', 'en'] as const;

// Plain bounded strings, checked by the service: a wrong amount, currency or language is a 422
// naming the field and the rule, like any business rule, rather than a bare schema refusal.
export const amountInWordsQuery = z.object({
  amount: z.string().max(40).meta({ description: 'Decimal string, at most 2 decimals, 0 .. 999999999999999.99', example: '1234.56' }),
  currency: z.string().max(10).meta({ description: 'RUB, EUR, BGN or USD', example: 'RUB' }),
  lang: z.string().max(10).optional().meta({ description: "ru, bg or en (default: the caller's language)", example: 'ru' }),
});
export type AmountInWordsQuery = z.infer<typeof amountInWordsQuery>;

export const amountInWordsSchema = z.object({ text: z.string() });
export type AmountInWords = z.infer<typeof amountInWordsSchema>;
