import { defineCatalogue } from './types.js';

/** Export of lists (CSV, XLSX, vCard) and what the vCard reader warns about on import. */
export const exportsCatalogue = defineCatalogue({
  en: {
    vcard: {
      warnings: {
        notVcard: 'The file holds no vCard (no BEGIN:VCARD line)',
        unclosedCard: 'The card has no END:VCARD; read up to the end of the file',
        nestedCard: 'A card inside the card (AGENT) was skipped',
        lineOutsideCard: 'A line outside any card was skipped',
        badLine: 'A line without a property name and value was skipped',
        unknownCharset: 'Unknown CHARSET; the value was read in the encoding of the file',
        badEncoding: 'The quoted-printable value is damaged; it was read as written',
        badBirthday: 'The birthday is not a date; it was left out',
        birthdayWithoutYear: 'The birthday has no year; it was left out',
        noName: 'The card names no person (no N or FN)',
      },
    },
  },
  ru: {
    vcard: {
      warnings: {
        notVcard: 'В файле нет ни одной визитки vCard (нет строки BEGIN:VCARD)',
        unclosedCard: 'У визитки нет END:VCARD; прочитано до конца файла',
        nestedCard: 'Вложенная визитка (AGENT) пропущена',
        lineOutsideCard: 'Строка вне визитки пропущена',
        badLine: 'Строка без имени свойства и значения пропущена',
        unknownCharset: 'Неизвестная кодировка CHARSET; значение прочитано в кодировке файла',
        badEncoding: 'Значение в quoted-printable повреждено; прочитано как есть',
        badBirthday: 'День рождения не является датой; он не перенесён',
        birthdayWithoutYear: 'У дня рождения нет года; он не перенесён',
        noName: 'В визитке нет имени человека (нет N и FN)',
      },
    },
  },
  bg: {
    vcard: {
      warnings: {
        notVcard: 'Файлът не съдържа нито една визитка vCard (няма ред BEGIN:VCARD)',
        unclosedCard: 'Визитката няма END:VCARD; прочетена е до края на файла',
        nestedCard: 'Вложената визитка (AGENT) е пропусната',
        lineOutsideCard: 'Ред извън визитка е пропуснат',
        badLine: 'Ред без име на свойство и стойност е пропуснат',
        unknownCharset: 'Непознато кодиране CHARSET; стойността е прочетена в кодирането на файла',
        badEncoding: 'Стойността в quoted-printable е повредена; прочетена е както е написана',
        badBirthday: 'Рожденият ден не е дата; не е пренесен',
        birthdayWithoutYear: 'Рожденият ден няма година; не е пренесен',
        noName: 'Визитката не назовава човек (няма N и FN)',
      },
    },
  },
});
