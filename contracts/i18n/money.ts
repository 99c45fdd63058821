import { defineCatalogue } from './types.js';

/** Money helpers shared by documents and invoices: the amount in words. */
export const money = defineCatalogue({
  en: {
    money: {
      amountFormat: 'Must be a decimal number with at most 2 decimals, such as 1234.56',
      amountNegative: 'A negative amount cannot be written in words',
      amountTooLarge: 'Must be less than one quadrillion',
      currency: 'Must be one of: RUB, EUR, BGN, USD',
      lang: 'Must be one of: ru, bg, en',
    },
  },
  ru: {
    money: {
      amountFormat: 'Должно быть десятичным числом не более чем с 2 знаками после точки, например 1234.56',
      amountNegative: 'Отрицательную сумму нельзя записать прописью',
      amountTooLarge: 'Должно быть меньше одного квадриллиона',
      currency: 'Допустимо: RUB, EUR, BGN, USD',
      lang: 'Допустимо: ru, bg, en',
    },
  },
  bg: {
    money: {
      amountFormat: 'Трябва да е десетично число с най-много 2 знака след точката, например 1234.56',
      amountNegative: 'Отрицателна сума не може да се изпише словом',
      amountTooLarge: 'Трябва да е по-малко от един квадрилион',
      currency: 'Допустими: RUB, EUR, BGN, USD',
      lang: 'Допустими: ru, bg, en',
    },
  },
});
