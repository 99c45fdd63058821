import Decimal from 'decimal.js';
import { dealKinds, demoProducts, inactiveSkus, type DemoProduct } from './catalogue.js';
import { inPool } from './client.js';
import {
  attempt,
  bump,
  type CreatedCompany,
  type CreatedContact,
  type CreatedDeal,
  type DemoContext,
  type PipelineRef,
  type Seller,
} from './context.js';
import type { Rng } from './random.js';
import { atLocal, isoDay, localWeekday } from './time.js';
import { dealTitleDetails, lostComments, nextSteps, qualificationTexts, type Lang } from './texts.js';

const groupNames: Record<DemoProduct['group'], Record<Lang, string>> = {
  racking: { ru: 'Стеллажи', bg: 'Стелажи', en: 'Racking' },
  trucks: { ru: 'Складская техника', bg: 'Складова техника', en: 'Forklifts' },
  scan: { ru: 'Терминалы и сканеры', bg: 'Терминали и скенери', en: 'Scanners' },
  software: { ru: 'WMS', bg: 'WMS', en: 'WMS' },
  service: { ru: 'Сервис', bg: 'Сервиз', en: 'Service' },
  supplies: { ru: 'Расходные материалы', bg: 'Консумативи', en: 'Supplies' },
  dock: { ru: 'Доковое оборудование', bg: 'Оборудване за рампи', en: 'Dock equipment' },
};

type LinePlan = { productId: string; product: DemoProduct; quantity: string; discountPercent?: string; vatRate?: string };
type DealPlan = {
  owner: Seller;
  company: CreatedCompany;
  contacts: { contact: CreatedContact; role: string | null; isDecisionMaker: boolean }[];
  pipeline: PipelineRef;
  body: Record<string, unknown>;
  /** Open stages the deal passes after its first one, in order. */
  moves: string[];
  outcome: 'open' | 'won' | 'lost';
  won?: { date: string; discount: number; contract: Record<string, unknown>; fulfilmentNotes: string; paidShare: number };
  lost?: { reasonId: string; comment: string };
};

const TOTAL_DEALS = 400;

/** An estimate of the deal total, as the client would see it in the proposal (the server computes the real one). */
function estimate(lines: LinePlan[], currency: 'RUB' | 'EUR'): Decimal {
  return lines
    .reduce((sum, l) => {
      const price = new Decimal(currency === 'RUB' ? l.product.rub : l.product.eur);
      const net = price.mul(l.quantity).mul(new Decimal(100).minus(l.discountPercent ?? 0).div(100));
      return sum.plus(net.mul(new Decimal(100).plus(l.vatRate ?? l.product.vat).div(100)));
    }, new Decimal(0))
    .toDecimalPlaces(2);
}

/** A working-hours moment `days` from today in the seller's time zone, moved off weekends. */
export function workMoment(ctx: DemoContext, rng: Rng, seller: Seller, days: number): string {
  const tz = seller.def.timeZone;
  let d = days;
  while ([0, 6].includes(localWeekday(tz, ctx.now, d))) d += days < 0 ? -1 : 1;
  return atLocal(tz, ctx.now, d, rng.int(9, 17), rng.pick([0, 15, 30, 45])).toISOString();
}

function planDeals(ctx: DemoContext): DealPlan[] {
  const rng = ctx.rng.fork('deals');
  const pipelines = ctx.pipelines!;
  const productBySku = new Map(ctx.products.map((p) => [p.sku, p.id]));
  const sellable = demoProducts.filter((p) => !inactiveSkus.has(p.sku) && productBySku.has(p.sku));
  const contactsOf = new Map<string, CreatedContact[]>();
  for (const c of ctx.contacts) if (c.company) contactsOf.set(c.company.id, [...(contactsOf.get(c.company.id) ?? []), c]);
  const companies = ctx.companies.filter((c) => contactsOf.has(c.id));
  const bySegment = companies.map((c) => [c, { A: 6, B: 2, C: 1 }[c.def.segment]] as const);
  const reasonWeights = [
    ['price', 30],
    ['competitor', 20],
    ['budget', 15],
    ['noNeed', 10],
    ['timing', 10],
    ['unreachable', 10],
    ['other', 5],
    ['tender', 8],
  ] as const;

  const plans: DealPlan[] = [];
  for (let i = 0; i < TOTAL_DEALS && companies.length; i++) {
    const company = rng.weighted(bySegment);
    const owner = company.owner;
    const lang = owner.lang;
    const country = company.def.country;
    const currency = country === 'RU' ? 'RUB' : 'EUR';
    const kind = rng.weighted(dealKinds.map((k) => [k, k.weight] as const));
    const pipeline =
      kind.groups.includes('software') || kind.groups.length > 2
        ? pipelines.projects
        : kind.groups.every((g) => g === 'service' || g === 'supplies')
          ? pipelines.service
          : pipelines.sales;

    const candidates = sellable.filter((p) => kind.groups.includes(p.group));
    const lines: LinePlan[] = rng.sample(candidates, rng.int(1, Math.min(4, candidates.length))).map((product) => {
      const qty = product.qty[0] === product.qty[1] ? product.qty[0] : rng.int(product.qty[0], product.qty[1]);
      return {
        productId: productBySku.get(product.sku)!,
        product,
        quantity: String(qty),
        ...(rng.chance(0.3) ? { discountPercent: rng.pick(['3', '5', '7', '10', '12.5']) } : {}),
        // Bulgarian clients are invoiced with Bulgarian VAT (20%), whatever the catalogue rate.
        ...(country === 'BG' ? { vatRate: '20' } : {}),
      };
    });
    const est = estimate(lines, currency);

    const people = rng.sample(contactsOf.get(company.id)!, rng.int(1, 3));
    const dm = people.find((p) => p.person.isDecisionMaker) ?? people[0];
    const contacts = people.map((c) => ({ contact: c, role: c.person.dealRole, isDecisionMaker: c === dm }));

    const outcome = rng.weighted([
      ['open', 250],
      ['won', 90],
      ['lost', 60],
    ] as const);
    const openCount = pipeline.open.length;
    const reached =
      outcome === 'won'
        ? openCount - 1
        : outcome === 'lost'
          ? rng.int(0, openCount - 1)
          : rng.weighted(pipeline.open.map((_, k) => [k, openCount - k + 1] as const));
    const moves = pipeline.open
      .slice(1, reached + 1)
      .filter((_, k, all) => k === all.length - 1 || rng.chance(0.8))
      .map((s) => s.id);

    const q = qualificationTexts[lang];
    const budget = est
      .mul(rng.pick([0.9, 1, 1.1, 1.25]))
      .div(1000)
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
      .mul(1000);
    const closeIn = outcome === 'open' ? (rng.chance(0.12) ? -rng.int(1, 20) : rng.int(5, 100)) : -rng.int(3, 170);
    const closeDate = isoDay(ctx.now, closeIn);
    const body: Record<string, unknown> = {
      title: `${lang === 'en' ? enTitle(kind.ru) : kind[lang]}${rng.pick(dealTitleDetails[lang])}`,
      companyId: company.id,
      contacts: contacts.map((c) => ({ contactId: c.contact.id, role: c.role, isDecisionMaker: c.isDecisionMaker })),
      pipelineId: pipeline.id,
      stageId: pipeline.open[0].id,
      currency,
      source: company.def.source,
      expectedCloseDate: closeDate,
      expectedPaymentDate: isoDay(ctx.now, closeIn + rng.int(7, 30)),
      lines: lines.map(({ product: _p, ...l }) => l),
      qualification: {
        budget: budget.toFixed(2),
        contactFrequency: rng.pick(q.frequency),
        productsOfInterest: [...new Set(kind.groups.map((g) => groupNames[g][lang]))],
        season: rng.pick(q.season),
        clientCategory: q.category[company.def.segment],
        lifetimeValue: budget.mul(rng.int(2, 6)).toFixed(2),
      },
    };
    if (reached >= Math.min(2, openCount - 1)) {
      body.proposals = [
        {
          sentAt: isoDay(ctx.now, Math.min(closeIn, 0) - rng.int(3, 25)),
          amount: est.toFixed(2),
          result:
            lang === 'ru'
              ? rng.pick(['На рассмотрении', 'Запросили скидку 5%', 'Принято с правками'])
              : lang === 'bg'
                ? rng.pick(['Разглежда се', 'Поискаха отстъпка'])
                : 'Under review',
        },
      ];
    }
    if (outcome === 'open') {
      const r = rng.next();
      // Most open deals have a next step; some are overdue and some have none (both are flagged on the board).
      if (r < 0.68)
        body.nextStep = {
          text: rng.pick(nextSteps[lang]),
          dueAt: workMoment(
            ctx,
            rng,
            owner,
            rng.weighted([
              [0, 3],
              [1, 4],
              [2, 3],
              [rng.int(3, 14), 6],
            ] as const),
          ),
        };
      else if (r < 0.84) body.nextStep = { text: rng.pick(nextSteps[lang]), dueAt: workMoment(ctx, rng, owner, -rng.int(1, 12)) };
    }

    const plan: DealPlan = { owner, company, contacts, pipeline, body, moves, outcome };
    if (outcome === 'won') {
      const year = Number(closeDate.slice(0, 4));
      plan.won = {
        date: closeDate,
        discount: rng.chance(0.25) ? rng.pick([2, 3, 5]) : 0,
        contract: {
          number: country === 'RU' ? `Д-${year}/${String(rng.int(1, 480)).padStart(3, '0')}` : `${year}-${rng.int(100, 999)}`,
          date: closeDate,
          terms:
            lang === 'ru'
              ? rng.pick([
                  'Предоплата 50%, остаток — по факту поставки',
                  'Оплата в течение 30 дней после подписания УПД',
                  '100% предоплата',
                ])
              : lang === 'bg'
                ? rng.pick(['Авансово плащане 50%, остатъкът след доставка', 'Плащане до 30 дни след фактура'])
                : '50% upfront, the rest on delivery',
        },
        fulfilmentNotes:
          lang === 'ru'
            ? rng.pick([
                'Поставка в два этапа, монтаж нашими силами',
                'Отгрузка со склада в Подольске, доставка клиентом',
                'Монтаж в выходные, склад работает в будни',
              ])
            : lang === 'bg'
              ? rng.pick(['Доставка на два етапа', 'Монтаж през уикенда'])
              : 'Delivery in two stages',
        paidShare: rng.pick([0, 0.5, 1]),
      };
    }
    if (outcome === 'lost') {
      let key: string = rng.weighted(reasonWeights);
      if (key === 'tender' && (country !== 'RU' || !ctx.lostReasons.has('tender'))) key = 'price';
      const reasonId = ctx.lostReasons.get(key) ?? [...ctx.lostReasons.values()][0];
      plan.lost = { reasonId, comment: rng.pick(lostComments[lang][key] ?? lostComments[lang].other) };
    }
    plans.push(plan);
  }
  return plans;
}

const enTitles: Record<string, string> = {
  'Оснащение склада стеллажами': 'Warehouse racking',
  'Поставка погрузочной техники': 'Forklift supply',
  'Внедрение WMS': 'WMS roll-out',
  'Терминалы сбора данных': 'Mobile scanners',
  'Оборудование доков': 'Dock equipment',
  'Расходные материалы': 'Supplies',
  'Сервисный контракт': 'Service contract',
  'Комплексный проект склада': 'Turnkey warehouse project',
};
const enTitle = (ru: string) => enTitles[ru] ?? ru;

/** Splits an amount into instalments that add up exactly (the last one takes the remainder). */
function instalments(total: Decimal, shares: number[]): string[] {
  const parts = shares.slice(0, -1).map((s) => total.mul(s).toDecimalPlaces(2, Decimal.ROUND_DOWN));
  const last = parts.reduce((rest, p) => rest.minus(p), total);
  return [...parts, last].map((p) => p.toFixed(2));
}

/**
 * Deals as their owners would make them: created in the first stage, moved along the pipeline
 * (each move lands in the stage history), then some closed as won with the actual amount, date,
 * contract and payment schedule, and some lost with a reason and a comment.
 */
export async function seedDeals(ctx: DemoContext): Promise<void> {
  if (!ctx.pipelines) return;
  const plans = planDeals(ctx);
  const created = await inPool(plans, 6, async (plan): Promise<CreatedDeal | undefined> => {
    const c = plan.owner.client;
    let deal = await attempt(ctx, () =>
      c.post<{ id: string; version: number; total: string; title: string; stageId: string; status: 'open' }>('/api/v1/deals', plan.body),
    );
    if (!deal) return undefined;
    bump(ctx, 'deals');
    for (const stageId of plan.moves) {
      const moved = await attempt(ctx, () =>
        c.post<typeof deal & {}>(`/api/v1/deals/${deal!.id}/move`, { stageId, version: deal!.version }),
      );
      if (!moved) break;
      deal = moved;
      bump(ctx, 'dealStageMoves');
    }
    let status: 'open' | 'won' | 'lost' = 'open';
    if (plan.won) {
      const won = plan.won;
      const amount = new Decimal(deal.total)
        .mul(100 - won.discount)
        .div(100)
        .toDecimalPlaces(2);
      const [first, second] = instalments(amount, [0.5, 0.5]);
      const patched = await attempt(ctx, () =>
        c.patch<typeof deal & {}>(`/api/v1/deals/${deal!.id}`, {
          version: deal!.version,
          contract: won.contract,
          fulfilmentNotes: won.fulfilmentNotes,
          paymentSchedule: [
            { dueDate: won.date, amount: first, paid: won.paidShare > 0 },
            { dueDate: isoDay(new Date(`${won.date}T12:00:00Z`), 30), amount: second, paid: won.paidShare >= 1 },
          ],
        }),
      );
      if (patched) deal = patched;
      const closed = await attempt(ctx, () =>
        c.post<typeof deal & {}>(`/api/v1/deals/${deal!.id}/close`, {
          outcome: 'won',
          amount: amount.toFixed(2),
          date: won.date,
          version: deal!.version,
        }),
      );
      if (closed) {
        status = 'won';
        bump(ctx, 'dealsWon');
      }
    } else if (plan.lost) {
      const lost = plan.lost;
      const closed = await attempt(ctx, () =>
        c.post<typeof deal & {}>(`/api/v1/deals/${deal!.id}/close`, {
          outcome: 'lost',
          reasonId: lost.reasonId,
          comment: lost.comment,
          version: deal!.version,
        }),
      );
      if (closed) {
        status = 'lost';
        bump(ctx, 'dealsLost');
      }
    }
    return {
      id: deal.id,
      title: deal.title,
      company: plan.company,
      contacts: plan.contacts.map((x) => x.contact),
      owner: plan.owner,
      status,
      pipelineId: plan.pipeline.id,
      stageId: deal.stageId,
    };
  });
  // In plan order, not completion order: later steps pick deals by index and must stay reproducible.
  for (const d of created) if (d) ctx.deals.push(d);
}
