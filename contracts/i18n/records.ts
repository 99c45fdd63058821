import { defineCatalogue } from './types.js';

/** Rights over records shared by every owned kind (owners) and the hidden-record label. */
export const records = defineCatalogue({
  en: {
    validation: {
      OWNER_NOT_ALLOWED: 'Only a head of sales (for their team), a director or an admin may make someone else the owner',
    },
    records: {
      hidden: 'Hidden record',
      rules: {
        bulkSelection: 'Send either the ids of the records or the filter that selects them, not both',
        bulkTooMany: 'At most {{max}} records at once; narrow the filter',
      },
    },
  },
  ru: {
    validation: {
      OWNER_NOT_ALLOWED:
        'Назначить владельцем другого пользователя может только руководитель отдела (в своей команде), директор или администратор',
    },
    records: {
      hidden: 'Скрытая запись',
      rules: {
        bulkSelection: 'Передайте либо идентификаторы записей, либо фильтр, который их выбирает, но не то и другое',
        bulkTooMany: 'Не больше {{max}} записей за раз; сузьте фильтр',
      },
    },
  },
  bg: {
    validation: {
      OWNER_NOT_ALLOWED: 'Само ръководител продажби (в своя екип), директор или администратор може да направи друг потребител собственик',
    },
    records: {
      hidden: 'Скрит запис',
      rules: {
        bulkSelection: 'Изпратете или идентификаторите на записите, или филтъра, който ги избира, но не и двете',
        bulkTooMany: 'Най-много {{max}} записа наведнъж; стеснете филтъра',
      },
    },
  },
});
