import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { languages, resources } from '../../contracts/i18n/index';
import type { TimelineEvent } from '../../contracts/timeline';
import type { MoneyFormat } from '../lib/money';
import { describeEvent } from './timelineEvent';

const base = { id: crypto.randomUUID(), occurredAt: '2026-12-01T10:00:00Z', userId: null, userName: null, refEntity: null, refId: null };
const ev = (kind: string, data: Record<string, unknown>, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  ...base,
  kind,
  body: null,
  data,
  hidden: false,
  ...extra,
});

// web/lib/money's formatter reads the signed-in session (a browser's); the same Intl formatting here.
const makeMoneyFormat = (lang: string): MoneyFormat => {
  const tag = { ru: 'ru-RU', en: 'en-GB' }[lang] ?? lang;
  const money = (a: string | bigint | null | undefined, currency: string) =>
    new Intl.NumberFormat(tag, { style: 'currency', currency, minimumFractionDigits: 2 }).format(String(a) as Intl.StringNumericLiteral);
  return { money, compact: money, decimal: (a) => a ?? '' };
};

async function translator(lng: string) {
  const i = i18next.createInstance();
  await i.init({
    lng,
    resources: Object.fromEntries(languages.map((l) => [l, { translation: resources[l] }])),
    interpolation: { escapeValue: false },
  });
  return i.t;
}

describe('timeline entries say what happened', () => {
  it('in Russian: the activity with its type and outcome, the stage move with the amount, the invoice and the call', async () => {
    const t = await translator('ru');
    const money = makeMoneyFormat('ru');
    const say = (e: TimelineEvent) => describeEvent(e, t, money, (ymd) => ymd.split('-').reverse().join('.'));
    expect(say(ev('activity', { type: 'call', subject: 'Уточнить объём', outcome: 'Договорились о встрече' }))).toEqual({
      heading: 'Звонок: Уточнить объём',
      details: ['Результат: Договорились о встрече'],
    });
    const won = say(
      ev('deal_stage', {
        title: 'Поставка',
        fromStatus: 'open',
        toStatus: 'won',
        fromStageName: 'Счёт',
        toStageName: 'Успешно',
        amount: '115900.00',
        wonAmount: '115900.00',
        currency: 'RUB',
      }),
    );
    expect(won.heading).toBe('Сделка «Поставка» выиграна');
    expect(won.details[0]).toBe('Счёт → Успешно');
    expect(won.details[1].replace(/\s/g, ' ')).toBe('115 900,00 ₽');
    const issued = say(ev('invoice_issued', { number: '0000042', total: '1200.50', currency: 'RUB', dueDate: '2026-12-15' }));
    expect(issued.heading).toBe('Выставлен счёт 0000042');
    expect(issued.details[1]).toBe('оплатить до 15.12.2026');
    expect(say(ev('call', { direction: 'in', status: 'missed', from: '+79160000000' }))).toEqual({
      heading: 'Входящий звонок',
      details: ['Пропущен', '+79160000000'],
    });
    expect(say(ev('document', { name: 'Договор.pdf', version: 2 }))).toEqual({
      heading: 'Загружен документ: Договор.pdf',
      details: ['версия 2'],
    });
  });

  it('a hidden event says only its kind; an unknown kind falls back to its title', async () => {
    const t = await translator('en');
    const money = makeMoneyFormat('en');
    const say = (e: TimelineEvent) => describeEvent(e, t, money, (ymd) => ymd);
    expect(say(ev('activity', { type: 'meeting' }, { hidden: true }))).toEqual({ heading: 'Meeting · Hidden record', details: [] });
    expect(say(ev('deal_stage', { fromStatus: 'open', toStatus: 'lost' }, { hidden: true })).heading).toBe('Event · Hidden record');
    expect(say(ev('future_kind', { title: 'Something new' }))).toEqual({ heading: 'Something new', details: [] });
  });
});
