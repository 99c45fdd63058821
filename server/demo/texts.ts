// What managers write: activity subjects and outcomes, next steps, lost-deal comments, notes.
// Each in the language the manager works in (Thomas Becker of the Sofia team writes in English).

import type { ActivityType } from '../../contracts/activities.js';

export type Lang = 'ru' | 'bg' | 'en';
type ByLang<T> = Record<Lang, T>;

export const subjects: ByLang<Record<ActivityType, string[]>> = {
  ru: {
    call: [
      'Звонок: уточнить потребность',
      'Звонок по КП',
      'Созвон по срокам поставки',
      'Напомнить об оплате счёта',
      'Первичный звонок',
      'Обратная связь после монтажа',
      'Обсудить скидку',
      'Согласовать дату встречи',
      'Перезвонить по спецификации',
    ],
    meeting: [
      'Встреча в офисе клиента',
      'Презентация решения WMS',
      'Переговоры по договору',
      'Встреча с техническим директором',
      'Демонстрация терминалов сбора данных',
      'Онлайн-встреча: защита проекта',
    ],
    visit: ['Выезд на склад: замеры', 'Аудит склада на месте', 'Приёмка монтажа', 'Показ работающего объекта клиенту'],
    exhibition: ['Стенд на выставке CeMAT Russia', 'Встреча на выставке «Склад. Логистика»'],
    email: [
      'Отправить КП',
      'Письмо с техническими характеристиками',
      'Отправить договор на согласование',
      'Отправить счёт',
      'Ответ на запрос по срокам',
    ],
    letter: ['Отправить оригиналы документов почтой', 'Поздравительная открытка к празднику', 'Отправить акт сверки'],
    task: [
      'Подготовить КП',
      'Рассчитать спецификацию стеллажей',
      'Согласовать скидку с руководителем',
      'Проверить оплату',
      'Подготовить договор',
      'Запросить сроки у поставщика',
    ],
  },
  bg: {
    call: [
      'Обаждане: уточняване на нуждите',
      'Обаждане за офертата',
      'Разговор за срока на доставка',
      'Напомняне за плащане по фактура',
      'Първо обаждане',
      'Обратна връзка след монтажа',
      'Обсъждане на отстъпка',
      'Уговаряне на среща',
    ],
    meeting: [
      'Среща в офиса на клиента',
      'Презентация на WMS',
      'Преговори по договора',
      'Среща с техническия директор',
      'Демонстрация на терминали',
    ],
    visit: ['Оглед на склада: замерване', 'Одит на склада на място', 'Приемане на монтажа'],
    exhibition: ['Щанд на изложението „Логистика“ в Пловдив', 'Среща на изложение в София Тех Парк'],
    email: ['Изпращане на оферта', 'Имейл с техническите характеристики', 'Изпращане на договора за съгласуване', 'Изпращане на фактура'],
    letter: ['Изпращане на оригинали по куриер', 'Поздравителна картичка'],
    task: [
      'Подготовка на оферта',
      'Спецификация на стелажите',
      'Съгласуване на отстъпка с ръководителя',
      'Проверка на плащането',
      'Подготовка на договор',
    ],
  },
  en: {
    call: [
      'Call: clarify requirements',
      'Call about the quote',
      'Call about delivery dates',
      'Payment reminder call',
      'First call',
      'Follow-up after installation',
      'Discuss the discount',
    ],
    meeting: [
      "Meeting at the client's office",
      'WMS presentation',
      'Contract negotiation',
      'Meeting with the technical director',
      'Scanner demo',
    ],
    visit: ['Warehouse visit: measurements', 'On-site warehouse audit', 'Installation acceptance'],
    exhibition: ['Booth at the Plovdiv logistics fair'],
    email: ['Send the quote', 'Email with technical specs', 'Send the contract for review', 'Send the invoice'],
    letter: ['Courier the signed originals', 'Holiday greeting card'],
    task: [
      'Prepare the quote',
      'Work out the racking specification',
      'Agree the discount with my manager',
      'Check the payment',
      'Draft the contract',
    ],
  },
};

/** Outcomes of done activities: mostly progress, some dead ends (the reasons refusals are explained later). */
export const outcomes: ByLang<{ good: string[]; neutral: string[]; bad: string[] }> = {
  ru: {
    good: [
      'Клиент подтвердил интерес, ждёт КП до пятницы',
      'Договорились о встрече на следующей неделе',
      'Согласовали спецификацию, готовим договор',
      'Счёт оплачен, планируем отгрузку',
      'ЛПР одобрил бюджет, нужен финальный расчёт',
      'Замеры сделаны, проект будет готов через 5 дней',
      'Клиент доволен монтажом, готов дать отзыв',
    ],
    neutral: [
      'Не дозвонился, секретарь просит перезвонить после обеда',
      'ЛПР в отпуске до конца месяца',
      'Попросили прислать материалы на почту',
      'Решение отложено до совета директоров',
      'Сравнивают с предложением конкурента',
      'Нужно уточнить высоту потолков у главного инженера',
    ],
    bad: [
      'Бюджет заморожен до следующего квартала',
      'Выбрали другого поставщика, причина — цена',
      'Проект отменён собственником',
      'Не отвечают третью неделю',
    ],
  },
  bg: {
    good: [
      'Клиентът потвърди интерес, чака оферта до петък',
      'Уговорихме среща следващата седмица',
      'Съгласувахме спецификацията, подготвяме договор',
      'Фактурата е платена, планираме доставка',
      'Управителят одобри бюджета',
    ],
    neutral: [
      'Не вдигат, секретарката каза да звъня следобед',
      'Управителят е в отпуск до края на месеца',
      'Поискаха материали по имейл',
      'Сравняват с офертата на конкурент',
    ],
    bad: ['Бюджетът е замразен до следващото тримесечие', 'Избраха друг доставчик заради цената', 'Проектът е отменен'],
  },
  en: {
    good: [
      'Client confirmed interest, expects the quote by Friday',
      'Agreed to meet next week',
      'Specification agreed, drafting the contract',
      'Invoice paid, scheduling the delivery',
    ],
    neutral: [
      'No answer, the assistant asked to call back after lunch',
      'Decision maker on holiday until the end of the month',
      'They asked for materials by email',
      "Comparing with a competitor's offer",
    ],
    bad: ['Budget frozen until next quarter', 'Went with another supplier on price'],
  },
};

export const nextSteps: ByLang<string[]> = {
  ru: [
    'Позвонить по КП',
    'Отправить договор',
    'Согласовать дату замеров',
    'Встреча с ЛПР',
    'Выставить счёт',
    'Уточнить бюджет',
    'Презентация решения',
    'Получить подписанный договор',
    'Согласовать график поставки',
    'Отправить обновлённое КП со скидкой',
  ],
  bg: [
    'Обаждане за офертата',
    'Изпращане на договора',
    'Уговаряне на оглед',
    'Среща с управителя',
    'Издаване на фактура',
    'Уточняване на бюджета',
    'Получаване на подписан договор',
  ],
  en: [
    'Call about the quote',
    'Send the contract',
    'Arrange the site visit',
    'Meet the decision maker',
    'Issue the invoice',
    'Get the signed contract',
  ],
};

/** Comments for a lost deal, by reason key (the keys of the default lost-reason list). */
export const lostComments: ByLang<Record<string, string[]>> = {
  ru: {
    price: ['Конкурент дал цену на 12% ниже, мы не смогли опуститься', 'Для клиента дорого, ждали скидку 20%'],
    competitor: ['Ушли к поставщику, с которым работали раньше', 'Выбрали европейского производителя из-за сроков гарантии'],
    budget: ['Бюджет на склад урезали до следующего года', 'Не согласовали финансирование'],
    noNeed: ['Решили арендовать готовый склад у оператора', 'Потребность отпала после реорганизации'],
    timing: ['Нужна поставка за 2 недели, мы даём 8', 'Перенесли проект на следующий сезон'],
    unreachable: ['Не отвечают на звонки и письма больше месяца', 'Контактное лицо уволилось, новых контактов нет'],
    other: ['Сменился собственник, все закупки заморожены', 'Клиент выбрал лизинговую схему, которую мы не предлагаем'],
    tender: ['Проиграли тендер на площадке: победила цена', 'Не прошли квалификацию тендера по опыту работ'],
  },
  bg: {
    price: ['Конкурентът даде цена с 10% по-ниска', 'Скъпо за клиента, искаха 20% отстъпка'],
    competitor: ['Избраха предишния си доставчик', 'Решиха в полза на немски производител'],
    budget: ['Бюджетът беше орязан до следващата година'],
    noNeed: ['Ще наемат готов склад', 'Нуждата отпадна след преструктуриране'],
    timing: ['Искат доставка до 2 седмици, ние даваме 8', 'Отложиха проекта за следващия сезон'],
    unreachable: ['Не отговарят повече от месец'],
    other: ['Смяна на собствеността, покупките са замразени'],
    tender: ['Загубихме търга заради цената'],
  },
  en: {
    price: ['A competitor came in 10% lower'],
    competitor: ['They stayed with their previous supplier'],
    budget: ['Budget cut until next year'],
    noNeed: ['They will rent a ready warehouse instead'],
    timing: ['They need delivery in 2 weeks, we quote 8'],
    unreachable: ['No answer for over a month'],
    other: ['Change of ownership, all purchases frozen'],
    tender: ['Lost the tender on price'],
  },
};

export const notes: ByLang<{ company: string[]; contact: string[]; deal: string[] }> = {
  ru: {
    company: [
      'Переезжают на новый склад в Подольске в следующем квартале — хороший повод для комплексного предложения.',
      'Закупки идут через тендерную площадку, нужен аккредитованный аккаунт.',
      'Главный инженер — сторонник немецкой техники, готовить сравнение.',
      'Оплата строго по факту, отсрочка 30 дней, договор на их шаблоне.',
      'В прошлом году был рекламационный случай по монтажу — закрыт, клиент остался.',
    ],
    contact: [
      'Предпочитает общаться в Telegram, на почту отвечает через неделю.',
      'Лучше звонить после 11:00, утром планёрки.',
      'Ключевой человек: без его визы ничего не подписывают.',
      'Был на нашем объекте у соседей, впечатлён.',
      'Просил не присылать рассылки.',
    ],
    deal: [
      'Клиент просит разбить поставку на два этапа.',
      'Конкуренты уже дали КП, наше должно быть до конца недели.',
      'Нужен выезд монтажников на замеры до подписания.',
      'Согласовали предоплату 30%.',
    ],
  },
  bg: {
    company: [
      'Местят се в нов склад в индустриалната зона — повод за цялостна оферта.',
      'Плащат само по банков път, 30 дни отсрочка.',
      'Техническият директор предпочита немска техника.',
    ],
    contact: [
      'Предпочита Viber, на имейли отговаря бавно.',
      'Да се звъни след 10:00.',
      'Ключов човек — без неговия подпис нищо не минава.',
    ],
    deal: ['Искат доставката на два етапа.', 'Конкурентите вече дадоха оферта.', 'Съгласувано авансово плащане 30%.'],
  },
  en: {
    company: ['Moving to a new warehouse next quarter: a good moment for a full proposal.', 'They pay by bank transfer only, 30 days.'],
    contact: ['Prefers Viber, slow on email.', 'Key person: nothing gets signed without him.'],
    deal: ['They want delivery in two stages.', 'Competitors have already quoted.'],
  },
};

export const dealTitleDetails: ByLang<string[]> = {
  ru: ['', '', ' — 2-я очередь', ' для нового склада', ' (тендер)', ' — расширение', ' — филиал'],
  bg: ['', '', ' — втори етап', ' за новия склад', ' — разширение'],
  en: ['', '', ' — phase 2', ' for the new warehouse'],
};

export const qualificationTexts: ByLang<{ frequency: string[]; season: string[]; category: Record<'A' | 'B' | 'C', string> }> = {
  ru: {
    frequency: ['Раз в неделю', 'Раз в две недели', 'Раз в месяц', 'По запросу клиента'],
    season: ['Весна — до начала сезона', 'Летом, когда склад разгружен', 'Конец года, освоение бюджета', 'Круглый год'],
    category: { A: 'Ключевой клиент', B: 'Развиваемый клиент', C: 'Разовые закупки' },
  },
  bg: {
    frequency: ['Веднъж седмично', 'Веднъж месечно', 'При запитване'],
    season: ['Пролет, преди сезона', 'Края на годината', 'През цялата година'],
    category: { A: 'Ключов клиент', B: 'Развиващ се клиент', C: 'Еднократни покупки' },
  },
  en: {
    frequency: ['Weekly', 'Monthly', 'On request'],
    season: ['Spring, before the season', 'Year end', 'All year round'],
    category: { A: 'Key account', B: 'Growing account', C: 'One-off purchases' },
  },
};
