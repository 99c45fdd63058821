import { defineCatalogue } from './types.js';

/** Service tickets (issue 8 T4): API errors, field rules and what the timelines say. */
export const tickets = defineCatalogue({
  en: {
    errors: {
      TICKET_NOT_FOUND: 'Ticket not found',
      TICKET_TRANSITION_INVALID: 'The ticket cannot move from «{{from}}» to «{{to}}»',
      TICKET_NOT_RESOLVED: 'Satisfaction can be given once the ticket is resolved',
    },
    tickets: {
      rules: {
        clientRequired: 'A ticket needs a company or a contact',
        linkNotFound: 'No such record, or you may not open it',
        intervalOrder: 'The end of working time must be after its start',
        intervalsOverlap: 'Working intervals of a day must not overlap',
        noWorkingTime: 'The week needs some working time',
        ruleTwice: 'This priority and segment are given twice',
        responseAfterResolution: 'The response time cannot be longer than the resolution time',
        periodInvalid: 'The end of the period is before its start',
        periodTooLong: 'The period may be at most a year',
      },
      status: { new: 'New', open: 'Open', pending: 'Pending', resolved: 'Resolved', closed: 'Closed' },
    },
  },
  ru: {
    errors: {
      TICKET_NOT_FOUND: 'Обращение не найдено',
      TICKET_TRANSITION_INVALID: 'Обращение нельзя перевести из «{{from}}» в «{{to}}»',
      TICKET_NOT_RESOLVED: 'Оценку можно поставить, когда обращение решено',
    },
    tickets: {
      rules: {
        clientRequired: 'Обращению нужна компания или контакт',
        linkNotFound: 'Такой записи нет, или у вас нет к ней доступа',
        intervalOrder: 'Конец рабочего времени должен быть позже начала',
        intervalsOverlap: 'Рабочие интервалы дня не должны пересекаться',
        noWorkingTime: 'В неделе должно быть рабочее время',
        ruleTwice: 'Этот приоритет и сегмент указаны дважды',
        responseAfterResolution: 'Время реакции не может быть больше времени решения',
        periodInvalid: 'Конец периода раньше его начала',
        periodTooLong: 'Период не может быть длиннее года',
      },
      status: { new: 'Новое', open: 'В работе', pending: 'Ожидает', resolved: 'Решено', closed: 'Закрыто' },
    },
  },
  bg: {
    errors: {
      TICKET_NOT_FOUND: 'Заявката не е намерена',
      TICKET_TRANSITION_INVALID: 'Заявката не може да премине от «{{from}}» в «{{to}}»',
      TICKET_NOT_RESOLVED: 'Оценка може да се даде, когато заявката е решена',
    },
    tickets: {
      rules: {
        clientRequired: 'Заявката трябва да има фирма или контакт',
        linkNotFound: 'Няма такъв запис или нямате достъп до него',
        intervalOrder: 'Краят на работното време трябва да е след началото му',
        intervalsOverlap: 'Работните интервали на деня не трябва да се застъпват',
        noWorkingTime: 'Седмицата трябва да има работно време',
        ruleTwice: 'Този приоритет и сегмент са посочени два пъти',
        responseAfterResolution: 'Времето за реакция не може да е по-дълго от времето за решаване',
        periodInvalid: 'Краят на периода е преди началото му',
        periodTooLong: 'Периодът може да бъде най-много една година',
      },
      status: { new: 'Нова', open: 'В работа', pending: 'Изчаква', resolved: 'Решена', closed: 'Затворена' },
    },
  },
});
