import type { Catalogue } from './types.js';

/** Activities, agenda, reminders, calendar feed and the head of sales' control. */
export const activities: Catalogue = {
  en: {
    errors: {
      ACTIVITY_NOT_FOUND: 'Activity not found',
      ACTIVITY_ALREADY_DONE: 'This activity is already done',
      TEAM_NOT_FOUND: 'Team not found',
      CONTROL_USER_NOT_FOUND: 'User not found among the managers you supervise',
      CAPACITY_EXCEEDED: 'The chosen managers have no room for {{unplaced}} of the contacts (free places: {{free}}); raise their capacity or choose more managers',
      CALENDAR_FEED_NOT_FOUND: 'This calendar link is unknown or has been revoked',
    },
    activities: {
      types: { call: 'Call', meeting: 'Meeting', visit: 'Visit', exhibition: 'Exhibition', email: 'Email', letter: 'Letter', task: 'Task' },
      fields: {
        type: 'Type', subject: 'Subject', notes: 'Notes', outcome: 'Outcome', dueAt: 'Planned for', durationMinutes: 'Duration, min',
        done: 'Done', doneAt: 'Done at', contact: 'Contact', company: 'Company', deal: 'Deal', owner: 'Owner', participants: 'Participants',
      },
      rules: {
        outcomeRequired: 'Say what came of the call or meeting',
        linkNotFound: 'No such record, or you cannot see it',
        ownerNotAllowed: 'You cannot plan activities for this user',
        doneInFuture: 'An activity cannot be done in the future',
        rangeTooLong: 'The period may be at most {{days}} days',
        rangeOrder: 'The end must come after the start',
      },
      agenda: { overdue: 'Overdue', today: 'Today', upcoming: 'Upcoming', empty: 'Nothing planned' },
      overdue: 'Overdue',
      complete: 'Complete',
      planNext: 'Plan the next step',
      reminder: 'Due now: {{subject}}',
      ics: { birthday: 'Birthday: {{name}}', calendarName: 'Orbita: {{name}}' },
    },
    control: {
      rules: {
        contactNotFound: 'No such contact, or you cannot see it',
        targetNotAllowed: 'Not an active manager of your team',
        capacityExceeded: '{{unplaced}} contacts do not fit into the managers\' capacity',
      },
      dashboard: {
        openDeals: 'Open deals', openDealsWeighted: 'Weighted', contactsOwned: 'Contacts', capacity: 'Capacity',
        activitiesPlannedThisWeek: 'Planned this week', activitiesDoneThisWeek: 'Done this week', activitiesOverdue: 'Overdue',
        dealsWithoutNextStep: 'Deals without next step', contactsUntouched: 'Untouched {{days}} days',
      },
      stale: { score: 'Staleness', daysSinceLastActivity: 'Days since last contact', reassign: 'Reassign' },
    },
  },
  ru: {
    errors: {
      ACTIVITY_NOT_FOUND: 'Дело не найдено',
      ACTIVITY_ALREADY_DONE: 'Это дело уже выполнено',
      TEAM_NOT_FOUND: 'Отдел не найден',
      CONTROL_USER_NOT_FOUND: 'Пользователь не найден среди ваших менеджеров',
      CAPACITY_EXCEEDED: 'У выбранных менеджеров нет места для {{unplaced}} контактов (свободно мест: {{free}}); увеличьте их лимит или выберите больше менеджеров',
      CALENDAR_FEED_NOT_FOUND: 'Ссылка на календарь неизвестна или отозвана',
    },
    activities: {
      types: { call: 'Звонок', meeting: 'Встреча', visit: 'Визит', exhibition: 'Выставка', email: 'E-mail', letter: 'Письмо', task: 'Задача' },
      fields: {
        type: 'Тип', subject: 'Тема', notes: 'Заметки', outcome: 'Результат', dueAt: 'Запланировано на', durationMinutes: 'Длительность, мин',
        done: 'Выполнено', doneAt: 'Выполнено в', contact: 'Контакт', company: 'Компания', deal: 'Сделка', owner: 'Ответственный', participants: 'Участники',
      },
      rules: {
        outcomeRequired: 'Укажите результат звонка или встречи',
        linkNotFound: 'Запись не найдена или недоступна вам',
        ownerNotAllowed: 'Вы не можете планировать дела этому пользователю',
        doneInFuture: 'Дело не может быть выполнено в будущем',
        rangeTooLong: 'Период — не более {{days}} дней',
        rangeOrder: 'Конец должен быть позже начала',
      },
      agenda: { overdue: 'Просрочено', today: 'Сегодня', upcoming: 'Предстоящие', empty: 'Ничего не запланировано' },
      overdue: 'Просрочено',
      complete: 'Выполнить',
      planNext: 'Запланировать следующий шаг',
      reminder: 'Пора: {{subject}}',
      ics: { birthday: 'День рождения: {{name}}', calendarName: 'Орбита: {{name}}' },
    },
    control: {
      rules: {
        contactNotFound: 'Контакт не найден или недоступен вам',
        targetNotAllowed: 'Не активный менеджер вашего отдела',
        capacityExceeded: '{{unplaced}} контактов не помещаются в лимиты менеджеров',
      },
      dashboard: {
        openDeals: 'Открытые сделки', openDealsWeighted: 'Взвешенно', contactsOwned: 'Контакты', capacity: 'Лимит',
        activitiesPlannedThisWeek: 'Запланировано на неделе', activitiesDoneThisWeek: 'Выполнено за неделю', activitiesOverdue: 'Просрочено',
        dealsWithoutNextStep: 'Сделки без следующего шага', contactsUntouched: 'Без контакта {{days}} дней',
      },
      stale: { score: 'Застой', daysSinceLastActivity: 'Дней с последнего контакта', reassign: 'Передать' },
    },
  },
  bg: {
    errors: {
      ACTIVITY_NOT_FOUND: 'Дейността не е намерена',
      ACTIVITY_ALREADY_DONE: 'Тази дейност вече е изпълнена',
      TEAM_NOT_FOUND: 'Екипът не е намерен',
      CONTROL_USER_NOT_FOUND: 'Потребителят не е сред търговците, които ръководите',
      CAPACITY_EXCEEDED: 'Избраните търговци нямат място за {{unplaced}} от контактите (свободни места: {{free}}); увеличете капацитета им или изберете повече търговци',
      CALENDAR_FEED_NOT_FOUND: 'Връзката към календара е непозната или е отменена',
    },
    activities: {
      types: { call: 'Обаждане', meeting: 'Среща', visit: 'Посещение', exhibition: 'Изложение', email: 'Имейл', letter: 'Писмо', task: 'Задача' },
      fields: {
        type: 'Вид', subject: 'Тема', notes: 'Бележки', outcome: 'Резултат', dueAt: 'Планирано за', durationMinutes: 'Продължителност, мин',
        done: 'Изпълнено', doneAt: 'Изпълнено в', contact: 'Контакт', company: 'Фирма', deal: 'Сделка', owner: 'Отговорник', participants: 'Участници',
      },
      rules: {
        outcomeRequired: 'Посочете резултата от обаждането или срещата',
        linkNotFound: 'Записът не е намерен или не е достъпен за вас',
        ownerNotAllowed: 'Не можете да планирате дейности за този потребител',
        doneInFuture: 'Дейност не може да е изпълнена в бъдещето',
        rangeTooLong: 'Периодът е най-много {{days}} дни',
        rangeOrder: 'Краят трябва да е след началото',
      },
      agenda: { overdue: 'Просрочени', today: 'Днес', upcoming: 'Предстоящи', empty: 'Няма планирани' },
      overdue: 'Просрочена',
      complete: 'Изпълни',
      planNext: 'Планирай следващата стъпка',
      reminder: 'Време е: {{subject}}',
      ics: { birthday: 'Рожден ден: {{name}}', calendarName: 'Орбита: {{name}}' },
    },
    control: {
      rules: {
        contactNotFound: 'Контактът не е намерен или не е достъпен за вас',
        targetNotAllowed: 'Не е активен търговец от вашия екип',
        capacityExceeded: '{{unplaced}} контакта не се побират в капацитета на търговците',
      },
      dashboard: {
        openDeals: 'Отворени сделки', openDealsWeighted: 'Претеглено', contactsOwned: 'Контакти', capacity: 'Капацитет',
        activitiesPlannedThisWeek: 'Планирани тази седмица', activitiesDoneThisWeek: 'Изпълнени тази седмица', activitiesOverdue: 'Просрочени',
        dealsWithoutNextStep: 'Сделки без следваща стъпка', contactsUntouched: 'Без контакт {{days}} дни',
      },
      stale: { score: 'Застой', daysSinceLastActivity: 'Дни от последния контакт', reassign: 'Прехвърли' },
    },
  },
};
