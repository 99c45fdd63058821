import type { ActivityType } from '../../contracts/activities.js';
import { inPool } from './client.js';
import { attempt, bump, type CreatedContact, type CreatedDeal, type DemoContext, type Seller } from './context.js';
import type { Rng } from './random.js';
import { atLocal, localWeekday } from './time.js';
import { outcomes, subjects } from './texts.js';

const TOTAL_ACTIVITIES = 3000;
const MINUTE = 60_000;

type When = 'done' | 'overdue' | 'today' | 'soon' | 'week' | 'later';

const doneTypes = [
  ['call', 45],
  ['email', 18],
  ['meeting', 14],
  ['visit', 6],
  ['letter', 3],
  ['task', 12],
  ['exhibition', 2],
] as const;
const plannedTypes = [
  ['call', 50],
  ['meeting', 15],
  ['visit', 5],
  ['email', 12],
  ['task', 18],
] as const;

const duration = (rng: Rng, type: ActivityType): number | null => {
  switch (type) {
    case 'call':
      return rng.int(1, 4) * 5;
    case 'meeting':
      return rng.pick([30, 60, 60, 90]);
    case 'visit':
      return rng.pick([120, 180, 240]);
    case 'exhibition':
      return 480;
    default:
      return null;
  }
};

/** A local working-hours moment `days` from today (weekends skipped, away from today). */
function workday(rng: Rng, tz: string, now: Date, days: number): Date {
  let d = days;
  while (d !== 0 && [0, 6].includes(localWeekday(tz, now, d))) d += d < 0 ? -1 : 1;
  return atLocal(tz, now, d, rng.int(9, 18), rng.pick([0, 10, 15, 30, 40, 45]));
}

function when(rng: Rng, seller: Seller, now: Date, w: When): Date {
  const tz = seller.def.timeZone;
  switch (w) {
    case 'done': {
      // Recent weeks are busier than half a year ago.
      const t = workday(rng, tz, now, -Math.floor(1 + 180 * rng.next() ** 2));
      return t.getTime() < now.getTime() ? t : new Date(now.getTime() - rng.int(30, 600) * MINUTE);
    }
    case 'overdue':
      return workday(
        rng,
        tz,
        now,
        -rng.weighted([
          [1, 5],
          [2, 4],
          [rng.int(3, 7), 4],
          [rng.int(8, 25), 2],
        ] as const),
      );
    case 'today':
      return atLocal(tz, now, 0, rng.int(9, 18), rng.pick([0, 15, 30, 45]));
    case 'soon':
      return new Date(now.getTime() + rng.int(10, 45) * MINUTE);
    case 'week':
      return workday(rng, tz, now, rng.int(1, 7));
    case 'later':
      return workday(rng, tz, now, rng.int(8, 45));
  }
}

type Plan = { seller: Seller; body: Record<string, unknown> };

function planActivities(ctx: DemoContext): Plan[] {
  const rng = ctx.rng.fork('activities');
  const now = ctx.now;
  const plans: Plan[] = [];
  const contactsBy = new Map<string, CreatedContact[]>();
  for (const c of ctx.contacts) contactsBy.set(c.owner.key, [...(contactsBy.get(c.owner.key) ?? []), c]);
  const dealsBy = new Map<string, CreatedDeal[]>();
  for (const d of ctx.deals) dealsBy.set(d.owner.key, [...(dealsBy.get(d.owner.key) ?? []), d]);
  const sellers = ctx.sellers.filter((s) => contactsBy.has(s.key));
  const totalContacts = sellers.reduce((n, s) => n + contactsBy.get(s.key)!.length, 0);
  const headOf = (s: Seller) => ctx.sellers.find((h) => h.def.role === 'head_of_sales' && h.def.team === s.def.team && h.key !== s.key);

  for (const seller of sellers) {
    const contacts = contactsBy.get(seller.key)!;
    const deals = dealsBy.get(seller.key) ?? [];
    const openDeals = deals.filter((d) => d.status === 'open');
    const quota = Math.round((TOTAL_ACTIVITIES * contacts.length) / totalContacts);
    const fixed: When[] = [
      ...Array<When>(rng.int(3, 7)).fill('today'),
      'soon',
      ...Array<When>(Math.round(quota * 0.07)).fill('overdue'),
      ...Array<When>(Math.round(quota * 0.12)).fill('week'),
      ...Array<When>(Math.round(quota * 0.05)).fill('later'),
    ];
    const whens = [...fixed, ...Array<When>(Math.max(0, quota - fixed.length)).fill('done')];
    for (const w of whens) {
      const planned = w !== 'done';
      const type: ActivityType = rng.weighted(planned ? plannedTypes : doneTypes);
      const pool = planned ? openDeals : deals;
      const deal = pool.length && rng.chance(0.55) ? rng.pick(pool) : undefined;
      const contact = deal ? rng.pick(deal.contacts) : rng.pick(contacts);
      const at = when(rng, seller, now, w);
      const body: Record<string, unknown> = {
        type,
        subject: rng.pick(subjects[seller.lang][type]),
        dueAt: at.toISOString(),
        durationMinutes: duration(rng, type),
        contactId: contact.id,
        companyId: contact.company?.id ?? null,
        dealId: deal?.id ?? null,
      };
      if (w === 'done') {
        body.done = true;
        body.doneAt = new Date(
          Math.min(now.getTime() - MINUTE, at.getTime() + (Number(body.durationMinutes) || 10) * MINUTE),
        ).toISOString();
        const o = outcomes[seller.lang];
        const mood = rng.weighted([
          ['good', 55],
          ['neutral', 35],
          ['bad', 10],
        ] as const);
        if (type === 'call' || type === 'meeting' || rng.chance(0.6)) body.outcome = rng.pick(o[mood]);
      }
      if (type === 'meeting' || type === 'visit') {
        const participants: { kind: 'user' | 'contact'; id: string }[] = [];
        const colleagues = contact.company
          ? ctx.contacts.filter((c) => c.company?.id === contact.company!.id && c !== contact && c.owner === seller)
          : [];
        if (colleagues.length && rng.chance(0.4)) participants.push({ kind: 'contact', id: rng.pick(colleagues).id });
        const head = headOf(seller);
        if (head && rng.chance(0.2)) participants.push({ kind: 'user', id: head.id });
        if (participants.length) body.participants = participants;
      }
      plans.push({ seller, body });
    }
  }
  return plans;
}

/**
 * Activities of every seller: done calls, meetings and visits with outcomes over the last half
 * year, and planned ones today, in the coming minutes (a reminder fires soon after `npm start`),
 * this week and later; some planned ones already overdue.
 */
export async function seedActivities(ctx: DemoContext): Promise<void> {
  const plans = planActivities(ctx);
  await inPool(plans, 6, async ({ seller, body }) => {
    const created = await attempt(ctx, () => seller.client.post('/api/v1/activities', body));
    if (!created) return;
    bump(ctx, 'activities');
    bump(
      ctx,
      body.done ? 'activitiesDone' : new Date(String(body.dueAt)).getTime() < ctx.now.getTime() ? 'activitiesOverdue' : 'activitiesPlanned',
    );
  });
}
