import { defineCatalogue } from './types.js';

/** Bank statements (1CClientBankExchange) and their queue: API errors, file rules and the web pages. */
export const bankStatements = defineCatalogue({
  en: {
    errors: {
      BANK_STATEMENT_NOT_FOUND: 'Bank statement not found',
      STATEMENT_DOCUMENT_NOT_FOUND: 'Statement document not found',
      STATEMENT_DOCUMENT_RESOLVED: 'This document is already settled (or is not an incoming payment): nothing to match',
      STATEMENT_MALFORMED: 'The file is not a readable bank statement: line {{line}}, {{key}}',
      STATEMENT_TOO_LARGE: 'The file is larger than {{max}} bytes',
    },
    bankStatements: {
      rules: {
        notExchangeFile: 'Line {{line}}: the file does not start with 1CClientBankExchange',
        badLine: 'Line {{line}} ({{key}}): not a Key=Value line',
        unsupportedVersion: 'Line {{line}}: {{key}} is not one of the versions 1.01-1.03',
        badAmount: 'Line {{line}}, {{key}}: not an amount (digits with a dot and at most two decimals)',
        badDate: 'Line {{line}}, {{key}}: not a date dd.mm.yyyy',
        missingKey: 'Line {{line}}: {{key}} is required and empty',
        unclosedSection: 'Line {{line}}: {{key}} is not closed',
        unexpectedEnd: 'Line {{line}}: {{key}} where no section is open (or after КонецФайла)',
        missingEnd: 'Line {{line}}: the file ends without КонецФайла',
        notText: 'The file is binary, not a text statement',
        fileRequired: 'Attach the statement file',
        notMultipart: 'Send the file as multipart/form-data',
        holdPosition: 'Document positions, separated by commas',
        companyRequired: 'Choose the client who paid, or the invoices it pays',
        notSettled: 'This document is already settled',
      },
    },
  },
  ru: {
    errors: {
      BANK_STATEMENT_NOT_FOUND: 'Выписка не найдена',
      STATEMENT_DOCUMENT_NOT_FOUND: 'Документ выписки не найден',
      STATEMENT_DOCUMENT_RESOLVED: 'Этот документ уже разнесён (или это не поступление): сопоставлять нечего',
      STATEMENT_MALFORMED: 'Файл не читается как банковская выписка: строка {{line}}, {{key}}',
      STATEMENT_TOO_LARGE: 'Файл больше {{max}} байт',
    },
    bankStatements: {
      rules: {
        notExchangeFile: 'Строка {{line}}: файл не начинается с 1CClientBankExchange',
        badLine: 'Строка {{line}} ({{key}}): это не строка вида Ключ=Значение',
        unsupportedVersion: 'Строка {{line}}: {{key}} — не одна из версий 1.01–1.03',
        badAmount: 'Строка {{line}}, {{key}}: это не сумма (цифры, точка и не больше двух знаков после неё)',
        badDate: 'Строка {{line}}, {{key}}: это не дата дд.мм.гггг',
        missingKey: 'Строка {{line}}: {{key}} обязателен, но пуст',
        unclosedSection: 'Строка {{line}}: {{key}} не закрыта',
        unexpectedEnd: 'Строка {{line}}: {{key}} вне открытой секции (или после КонецФайла)',
        missingEnd: 'Строка {{line}}: файл закончился без КонецФайла',
        notText: 'Файл двоичный, это не текстовая выписка',
        fileRequired: 'Приложите файл выписки',
        notMultipart: 'Отправьте файл как multipart/form-data',
        holdPosition: 'Номера документов через запятую',
        companyRequired: 'Выберите клиента-плательщика или счета, которые он оплачивает',
        notSettled: 'Этот документ уже разнесён',
      },
    },
  },
  bg: {
    errors: {
      BANK_STATEMENT_NOT_FOUND: 'Банковото извлечение не е намерено',
      STATEMENT_DOCUMENT_NOT_FOUND: 'Документът от извлечението не е намерен',
      STATEMENT_DOCUMENT_RESOLVED: 'Този документ вече е разнесен (или не е постъпление): няма какво да се съпоставя',
      STATEMENT_MALFORMED: 'Файлът не се чете като банково извлечение: ред {{line}}, {{key}}',
      STATEMENT_TOO_LARGE: 'Файлът е по-голям от {{max}} байта',
    },
    bankStatements: {
      rules: {
        notExchangeFile: 'Ред {{line}}: файлът не започва с 1CClientBankExchange',
        badLine: 'Ред {{line}} ({{key}}): не е ред от вида Ключ=Стойност',
        unsupportedVersion: 'Ред {{line}}: {{key}} не е от версиите 1.01–1.03',
        badAmount: 'Ред {{line}}, {{key}}: не е сума (цифри, точка и най-много два знака след нея)',
        badDate: 'Ред {{line}}, {{key}}: не е дата дд.мм.гггг',
        missingKey: 'Ред {{line}}: {{key}} е задължителен, но е празен',
        unclosedSection: 'Ред {{line}}: {{key}} не е затворена',
        unexpectedEnd: 'Ред {{line}}: {{key}} извън отворена секция (или след КонецФайла)',
        missingEnd: 'Ред {{line}}: файлът свършва без КонецФайла',
        notText: 'Файлът е двоичен, не е текстово извлечение',
        fileRequired: 'Приложете файла с извлечението',
        notMultipart: 'Изпратете файла като multipart/form-data',
        holdPosition: 'Номера на документи, разделени със запетаи',
        companyRequired: 'Изберете клиента платец или фактурите, които плаща',
        notSettled: 'Този документ вече е разнесен',
      },
    },
  },
});
