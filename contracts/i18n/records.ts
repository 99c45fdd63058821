import { defineCatalogue } from './types.js';

/** Rights over records shared by every owned kind (owners) and the hidden-record label. */
export const records = defineCatalogue({
  en: {
    validation: {
      OWNER_NOT_ALLOWED: 'Only a head of sales (for their team), a director or an admin may make someone else the owner',
    },
    records: { hidden: 'Hidden record' },
  },
  ru: {
    validation: {
      OWNER_NOT_ALLOWED:
        'Назначить владельцем другого пользователя может только руководитель отдела (в своей команде), директор или администратор',
    },
    records: { hidden: 'Скрытая запись' },
  },
  bg: {
    validation: {
      OWNER_NOT_ALLOWED: 'Само ръководител продажби (в своя екип), директор или администратор може да направи друг потребител собственик',
    },
    records: { hidden: 'Скрит запис' },
  },
});
