import type { TFunction } from 'i18next';
import type { TimelineEvent } from '../../contracts/timeline';
import type { MoneyFormat } from '../lib/money';

/** The filter chips of a client's timeline: event families as the API's `kinds` filter takes them. */
export const timelineFamilies = ['activity', 'call', 'deal', 'invoice', 'payment', 'document', 'note', 'ticket'] as const;
export type TimelineFamily = (typeof timelineFamilies)[number];

/** What an entry says: a heading and the facts under it (outcome, stage move and amount, total, file). */
export type EventText = { heading: string; details: string[] };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** "3 min 05 s" of talk. */
function talk(seconds: number, t: TFunction): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m ? t('ui.timeline.events.talkMinutes', { m, s: String(s).padStart(2, '0') }) : t('ui.timeline.events.talkSeconds', { s });
}

/**
 * A timeline event in words, from the facts the API keeps with it (`data`): which activity with its
 * outcome, a deal's stage from -> to with the amount, the invoice issued with its total, the file
 * uploaded, the call. A hidden event (about a record the viewer may not open) says only its kind.
 */
export function describeEvent(ev: TimelineEvent, t: TFunction, money: MoneyFormat, day: (ymd: string) => string): EventText {
  const d = ev.data ?? {};
  const kindLabel = t(`ui.timeline.kinds.${ev.kind}`, { defaultValue: t('ui.timeline.kinds.event') });
  if (ev.hidden) {
    const type = str(d.type);
    const label = ev.kind === 'activity' && type ? t(`salesUi.activityTypes.${type}`, { defaultValue: kindLabel }) : kindLabel;
    return { heading: `${label} · ${t('records.hidden')}`, details: [] };
  }
  const amount = (a: unknown, c: unknown) => (str(a) && str(c) ? money.money(str(a), str(c)!) : null);
  const title = str(d.title) ?? ev.body ?? '';
  const keep = (...xs: (string | null | false | undefined)[]) => xs.filter((x): x is string => !!x);
  switch (ev.kind) {
    case 'activity': {
      const type = str(d.type);
      const typeLabel = type ? t(`salesUi.activityTypes.${type}`, { defaultValue: kindLabel }) : kindLabel;
      const subject = str(d.subject) ?? ev.body;
      return {
        heading: subject ? t('ui.timeline.events.activity', { type: typeLabel, subject }) : typeLabel,
        details: keep(str(d.outcome) && t('ui.timeline.events.outcome', { outcome: str(d.outcome) }), str(d.notes)),
      };
    }
    case 'deal_created':
      return {
        heading: t('ui.timeline.events.dealCreated', { title }),
        details: keep(str(d.stageName), amount(d.amount, d.currency)),
      };
    case 'deal_stage': {
      const from = str(d.fromStatus);
      const to = str(d.toStatus);
      const heading =
        from === 'open' && (to === 'won' || to === 'lost')
          ? t(`ui.timeline.events.deal_${to}`, { title })
          : from !== 'open' && to === 'open'
            ? t('ui.timeline.events.dealReopened', { title })
            : t('ui.timeline.events.dealStage', { title });
      const won = to === 'won' ? amount(d.wonAmount, d.currency) : null;
      return {
        heading,
        details: keep(
          t('ui.timeline.events.stageMove', { from: str(d.fromStageName) ?? '—', to: str(d.toStageName) ?? '—' }),
          won ?? amount(d.amount, d.currency),
          to === 'lost' && str(d.lostReasonName) && t('ui.timeline.events.lostReason', { reason: str(d.lostReasonName) }),
          to === 'lost' && str(d.lostComment),
        ),
      };
    }
    case 'deal_deleted':
    case 'deal_restored':
      return { heading: t(`ui.timeline.events.${ev.kind}`, { title }), details: [] };
    case 'invoice_issued':
    case 'invoice_cancelled':
    case 'invoice_credited':
    case 'invoice_sent':
    case 'invoice_send_failed': {
      const number = str(d.number) ?? ev.body ?? '';
      return {
        heading: t(`ui.timeline.events.${ev.kind}`, { number }),
        details: keep(
          amount(d.total, d.currency),
          ev.kind === 'invoice_issued' && str(d.dueDate) && t('ui.timeline.events.dueDate', { date: day(str(d.dueDate)!) }),
          (ev.kind === 'invoice_sent' || ev.kind === 'invoice_send_failed') && ev.body,
        ),
      };
    }
    case 'invoice_payment':
    case 'invoice_payment_reversed':
      return {
        heading: t(`ui.timeline.events.${ev.kind}`, { number: str(d.number) ?? ev.body ?? '' }),
        details: keep(amount(d.amount, d.currency)),
      };
    case 'payment':
    case 'payment_reversed':
      return { heading: t(`ui.timeline.events.${ev.kind}`), details: keep(amount(d.amount, d.currency), ev.body) };
    case 'document': {
      const version = num(d.version);
      return {
        heading: t('ui.timeline.events.document', { name: str(d.name) ?? ev.body ?? '' }),
        details: keep(!!version && version > 1 && t('ui.timeline.events.documentVersion', { version })),
      };
    }
    case 'call': {
      const direction = str(d.direction);
      const status = str(d.status);
      const seconds = num(d.talkSeconds);
      return {
        heading: direction ? t('ui.timeline.events.call', { direction: t(`callsUi.direction.${direction}`) }) : kindLabel,
        details: keep(
          status && status !== 'answered' && t(`callsUi.status.${status}`, { defaultValue: status }),
          seconds ? talk(seconds, t) : null,
          str(direction === 'in' ? d.from : d.to),
        ),
      };
    }
    case 'ticket':
      return { heading: t('ui.timeline.events.ticket'), details: keep(ev.body) };
    case 'ticket_status':
      return {
        heading: t('ui.timeline.events.ticketStatus'),
        details: keep(
          ev.body,
          str(d.from) &&
            str(d.to) &&
            t('ui.timeline.events.stageMove', { from: t(`tickets.status.${str(d.from)}`), to: t(`tickets.status.${str(d.to)}`) }),
        ),
      };
    case 'ticket_satisfaction':
      return { heading: t('ui.timeline.events.ticketSatisfaction', { score: num(d.score) ?? '' }), details: keep(ev.body) };
    case 'note':
      return { heading: kindLabel, details: keep(ev.body) };
    default:
      return { heading: title || kindLabel, details: title && ev.body !== title ? keep(ev.body) : [] };
  }
}
