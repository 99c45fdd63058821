import { defineCatalogue } from './types.js';

/** Saved views of the lists and column choices (issue 9): errors and field rules of the API. */
export const views = defineCatalogue({
  en: {
    errors: {
      VIEW_NOT_FOUND: 'Saved view not found',
      VIEW_READ_ONLY: 'Only the one who saved this view (or an admin) may change or delete it',
      VIEW_SHARE_FORBIDDEN: 'Only a head of sales or an admin may share a view with the team',
    },
    views: {
      rules: {
        listMismatch: 'The list in the address and in the body differ',
        unknownColumn: 'This list has no such column; it has: {{values}}',
        duplicateColumn: 'The same column is given twice',
        unknownSort: 'This list cannot be sorted so; it sorts by: {{values}}',
        noTeam: 'You are in no team to share the view with',
        tooMany: 'At most {{max}} saved views per list; delete some first',
        tooManyFilters: 'Too many filters in one view',
      },
    },
  },
  ru: {
    errors: {
      VIEW_NOT_FOUND: 'Сохранённый вид не найден',
      VIEW_READ_ONLY: 'Изменить или удалить вид может только тот, кто его сохранил, или администратор',
      VIEW_SHARE_FORBIDDEN: 'Открыть вид команде может только руководитель отдела продаж или администратор',
    },
    views: {
      rules: {
        listMismatch: 'Список в адресе и в теле запроса различается',
        unknownColumn: 'В этом списке нет такой колонки; есть: {{values}}',
        duplicateColumn: 'Одна и та же колонка указана дважды',
        unknownSort: 'Этот список так не сортируется; можно: {{values}}',
        noTeam: 'Вы не состоите в команде, которой можно открыть вид',
        tooMany: 'Не больше {{max}} сохранённых видов на список; сначала удалите лишние',
        tooManyFilters: 'Слишком много фильтров в одном виде',
      },
    },
  },
  bg: {
    errors: {
      VIEW_NOT_FOUND: 'Запазеният изглед не е намерен',
      VIEW_READ_ONLY: 'Само този, който е запазил изгледа, или администратор може да го промени или изтрие',
      VIEW_SHARE_FORBIDDEN: 'Само ръководител продажби или администратор може да сподели изглед с екипа',
    },
    views: {
      rules: {
        listMismatch: 'Списъкът в адреса и в тялото на заявката се различават',
        unknownColumn: 'Този списък няма такава колона; има: {{values}}',
        duplicateColumn: 'Една и съща колона е посочена два пъти',
        unknownSort: 'Този списък не се сортира така; може по: {{values}}',
        noTeam: 'Не сте в екип, с който да споделите изгледа',
        tooMany: 'Най-много {{max}} запазени изгледа на списък; първо изтрийте излишните',
        tooManyFilters: 'Твърде много филтри в един изглед',
      },
    },
  },
});
