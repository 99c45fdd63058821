import { defineCatalogue } from './types.js';

/** Invoices as files and letters: file names, the default e-mail, and the errors of sending. */
export const invoiceOutput = defineCatalogue({
  en: {
    errors: {
      MAIL_NOT_CONFIGURED:
        'E-mail is not set up on this server: the administrator sets ORBITA_SMTP_URL (e.g. smtps://user:password@smtp.example.com)',
      INVOICE_NOT_SENDABLE: 'Only an issued invoice is sent: issue the draft first (a cancelled one is not sent)',
    },
    invoiceOutput: {
      rules: {
        badAddress: 'Not an e-mail address: {{address}}',
        tooManyRecipients: 'At most {{max}} recipients',
      },
      file: {
        invoiceRu: 'Invoice for payment',
        invoice: 'Invoice',
        creditNote: 'Credit note',
        upd: 'Universal transfer document',
        numbered: '{{title}} {{number}}',
        draft: '{{title}} (draft)',
      },
      mail: {
        doc: { invoiceRu: 'invoice for payment', invoice: 'invoice', creditNote: 'credit note', upd: 'universal transfer document' },
        subject: '{{title}} {{number}} of {{date}}',
        greeting: 'Hello,',
        body: 'Please find attached {{title}} {{number}} of {{date}} for {{total}}.',
        due: 'Payment is due by {{date}}.',
        corrects: 'It corrects invoice {{number}} of {{date}}.',
        regards: 'Kind regards,',
      },
    },
  },
  ru: {
    errors: {
      MAIL_NOT_CONFIGURED:
        'На сервере не настроена почта: администратору нужно задать ORBITA_SMTP_URL (например, smtps://user:password@smtp.example.ru)',
      INVOICE_NOT_SENDABLE: 'Отправить можно только выставленный счёт: сначала выставьте черновик (отменённый счёт не отправляется)',
    },
    invoiceOutput: {
      rules: {
        badAddress: 'Это не адрес электронной почты: {{address}}',
        tooManyRecipients: 'Не больше {{max}} получателей',
      },
      file: {
        invoiceRu: 'Счёт на оплату',
        invoice: 'Счёт',
        creditNote: 'Кредитное извещение',
        upd: 'УПД',
        numbered: '{{title}} № {{number}}',
        draft: '{{title}} (черновик)',
      },
      mail: {
        doc: { invoiceRu: 'счёт на оплату', invoice: 'счёт', creditNote: 'кредитное извещение', upd: 'УПД' },
        subject: '{{title}} № {{number}} от {{date}}',
        greeting: 'Здравствуйте!',
        body: 'Направляем {{title}} № {{number}} от {{date}} на сумму {{total}}.',
        due: 'Срок оплаты — до {{date}}.',
        corrects: 'Документ исправляет счёт № {{number}} от {{date}}.',
        regards: 'С уважением,',
      },
    },
  },
  bg: {
    errors: {
      MAIL_NOT_CONFIGURED:
        'Пощата не е настроена на сървъра: администраторът трябва да зададе ORBITA_SMTP_URL (например smtps://user:password@smtp.example.bg)',
      INVOICE_NOT_SENDABLE: 'Изпраща се само издадена фактура: първо издайте черновата (анулирана фактура не се изпраща)',
    },
    invoiceOutput: {
      rules: {
        badAddress: 'Това не е имейл адрес: {{address}}',
        tooManyRecipients: 'Най-много {{max}} получатели',
      },
      file: {
        invoiceRu: 'Сметка за плащане',
        invoice: 'Фактура',
        creditNote: 'Кредитно известие',
        upd: 'Универсален предавателен документ',
        numbered: '{{title}} № {{number}}',
        draft: '{{title}} (чернова)',
      },
      mail: {
        doc: {
          invoiceRu: 'сметка за плащане',
          invoice: 'фактура',
          creditNote: 'кредитно известие',
          upd: 'универсален предавателен документ',
        },
        subject: '{{title}} № {{number}} от {{date}}',
        greeting: 'Здравейте,',
        body: 'Изпращаме Ви {{title}} № {{number}} от {{date}} на стойност {{total}}.',
        due: 'Срок за плащане: до {{date}}.',
        corrects: 'Документът коригира фактура № {{number}} от {{date}}.',
        regards: 'Поздрави,',
      },
    },
  },
});
