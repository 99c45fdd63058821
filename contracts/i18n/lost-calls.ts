import { defineCatalogue } from './types.js';

/** The lost-call report and call-back tasks (issue 8 T2): labels, field rules, the task the system makes. */
export const lostCalls = defineCatalogue({
  en: {
    lostCalls: {
      rules: {
        periodInvalid: 'The end of the period is before its start',
        periodTooLong: 'The period may be at most a year',
        drillOne: 'Ask for one manager or one line, not both',
      },
      noManager: 'No manager',
      noLine: 'No line',
      task: {
        subject: 'Call back {{client}}',
        notes: 'Missed call from {{number}} at {{time}} (UTC).',
        unknownNumber: 'a hidden number',
      },
    },
  },
  ru: {
    lostCalls: {
      rules: {
        periodInvalid: 'Конец периода раньше его начала',
        periodTooLong: 'Период не может быть длиннее года',
        drillOne: 'Укажите одного менеджера или одну линию, не то и другое',
      },
      noManager: 'Без менеджера',
      noLine: 'Без линии',
      task: {
        subject: 'Перезвонить: {{client}}',
        notes: 'Пропущенный звонок с номера {{number}} в {{time}} (UTC).',
        unknownNumber: 'скрытый номер',
      },
    },
  },
  bg: {
    lostCalls: {
      rules: {
        periodInvalid: 'Краят на периода е преди началото му',
        periodTooLong: 'Периодът може да бъде най-много една година',
        drillOne: 'Посочете един мениджър или една линия, не и двете',
      },
      noManager: 'Без мениджър',
      noLine: 'Без линия',
      task: {
        subject: 'Обаждане обратно: {{client}}',
        notes: 'Пропуснато обаждане от {{number}} в {{time}} (UTC).',
        unknownNumber: 'скрит номер',
      },
    },
  },
});
