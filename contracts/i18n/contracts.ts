import { defineCatalogue } from './types.js';

/** Contracts with clients, the credit hold and their errors. */
export const contractsCatalogue = defineCatalogue({
  en: {
    errors: {
      CONTRACT_NOT_FOUND: 'Contract not found',
      CONTRACT_NUMBER_TAKEN: 'This seller already has a contract № {{number}}',
      CREDIT_HOLD:
        'The client is on credit hold: overdue invoices {{invoices}}; owed {{exposure}}, credit limit {{creditLimit}}. Finance, the director or admin may let it through once.',
    },
    contracts: {
      companyNotFound: 'Client not found',
      legalEntityNotFound: 'Our legal entity not found',
      validToBeforeFrom: 'The end date is before the start date',
      productNotFound: 'Product not found',
      productRepeated: 'This product already has a price in the contract',
      creditTermsForbidden: 'Only finance, the director or admin set the credit limit and payment terms',
      numberTaken: 'This number is taken by another contract of the seller',
      contractNotFound: 'Contract not found',
      contractOtherClient: 'The contract belongs to another client',
      contractOtherSeller: 'The contract was signed by another of our legal entities',
      contractCurrency: 'The contract is in {{currency}}',
      overrideForbidden: 'Only finance, the director or admin may let a client through its credit hold',
      noLimit: 'no limit',
      none: 'none',
    },
  },
  ru: {
    errors: {
      CONTRACT_NOT_FOUND: 'Договор не найден',
      CONTRACT_NUMBER_TAKEN: 'У этого юрлица уже есть договор № {{number}}',
      CREDIT_HOLD:
        'Клиент на кредитной блокировке: просроченные счета {{invoices}}; долг {{exposure}}, кредитный лимит {{creditLimit}}. Пропустить один раз может бухгалтерия, директор или администратор.',
    },
    contracts: {
      companyNotFound: 'Клиент не найден',
      legalEntityNotFound: 'Наше юрлицо не найдено',
      validToBeforeFrom: 'Дата окончания раньше даты начала',
      productNotFound: 'Товар не найден',
      productRepeated: 'У этого товара уже есть цена в договоре',
      creditTermsForbidden: 'Кредитный лимит и отсрочку платежа задают бухгалтерия, директор или администратор',
      numberTaken: 'Этот номер занят другим договором юрлица',
      contractNotFound: 'Договор не найден',
      contractOtherClient: 'Договор заключён с другим клиентом',
      contractOtherSeller: 'Договор заключён другим нашим юрлицом',
      contractCurrency: 'Договор в валюте {{currency}}',
      overrideForbidden: 'Снять кредитную блокировку могут только бухгалтерия, директор или администратор',
      noLimit: 'без лимита',
      none: 'нет',
    },
  },
  bg: {
    errors: {
      CONTRACT_NOT_FOUND: 'Договорът не е намерен',
      CONTRACT_NUMBER_TAKEN: 'Това юридическо лице вече има договор № {{number}}',
      CREDIT_HOLD:
        'Клиентът е с кредитна блокировка: просрочени фактури {{invoices}}; дължи {{exposure}}, кредитен лимит {{creditLimit}}. Счетоводството, управителят или администраторът може да го пропусне веднъж.',
    },
    contracts: {
      companyNotFound: 'Клиентът не е намерен',
      legalEntityNotFound: 'Нашето юридическо лице не е намерено',
      validToBeforeFrom: 'Крайната дата е преди началната',
      productNotFound: 'Продуктът не е намерен',
      productRepeated: 'Този продукт вече има цена в договора',
      creditTermsForbidden: 'Кредитният лимит и срокът за плащане се задават от счетоводството, управителя или администратора',
      numberTaken: 'Този номер е зает от друг договор на юридическото лице',
      contractNotFound: 'Договорът не е намерен',
      contractOtherClient: 'Договорът е с друг клиент',
      contractOtherSeller: 'Договорът е сключен от друго наше юридическо лице',
      contractCurrency: 'Договорът е във валута {{currency}}',
      overrideForbidden: 'Само счетоводството, управителят или администраторът може да пропусне клиент през кредитната блокировка',
      noLimit: 'без лимит',
      none: 'няма',
    },
  },
});
