import type pg from 'pg';
import { contactTouchTypes } from '../contracts/activities.js';
import { copyRows, type Cell } from './copy.js';
import type { BenchUsers, Counterparties, TableLoad } from './gen-counterparties.js';
import { orderedUuid, Rand } from './rand.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);

type Stage = { id: string; kind: 'open' | 'won' | 'lost'; probability: number; position: number };
type Pipeline = { id: string; stages: Stage[] };

/** Money in integer cents; rendered as a decimal string for numeric columns. */
const money = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
/** Round half up of a non-negative rational cents value: exact for the integers used here. */
const roundCents = (numerator: number, denominator: number) => Math.floor((2 * numerator + denominator) / (2 * denominator));

const PRODUCT_WORDS = [
  'Кабель',
  'Насос',
  'Станок',
  'Датчик',
  'Модуль',
  'Контроллер',
  'Лицензия',
  'Сервер',
  'Фильтр',
  'Клапан',
  'Привод',
  'Панель',
  'Комплект',
  'Подписка',
  'Монтаж',
  'Обучение',
];
const PRODUCT_MODELS = ['Стандарт', 'Про', 'Макс', 'Лайт', 'Индустрия', 'Офис', 'Эко', 'Плюс'];
const DEAL_TITLES = [
  'Поставка оборудования',
  'Годовой контракт',
  'Пилотный проект',
  'Расширение лицензий',
  'Сервисное обслуживание',
  'Модернизация линии',
  'Оснащение склада',
  'Комплексная поставка',
];
const NEXT_STEPS = [
  'Позвонить и уточнить бюджет',
  'Отправить коммерческое предложение',
  'Согласовать договор',
  'Встреча с ЛПР',
  'Презентация решения',
  'Выставить счёт',
];
const SOURCES = ['website', 'referral', 'cold_call', 'exhibition', 'advertising', 'partner'];
const LOST_COMMENTS = ['Клиент выбрал другого поставщика', 'Бюджет перенесён на следующий год', 'Не устроила цена', 'Проект заморожен'];
const ACTIVITY_TYPES: Array<[string, number]> = [
  ['call', 0.4],
  ['email', 0.2],
  ['task', 0.15],
  ['meeting', 0.1],
  ['visit', 0.07],
  ['letter', 0.05],
  ['exhibition', 0.03],
];
const SUBJECTS: Record<string, string[]> = {
  call: ['Звонок: уточнить потребность', 'Звонок по счёту', 'Повторный звонок', 'Звонок по КП'],
  email: ['Письмо с предложением', 'Ответ на запрос', 'Отправить прайс-лист'],
  task: ['Подготовить КП', 'Проверить оплату', 'Обновить реквизиты', 'Подготовить договор'],
  meeting: ['Встреча с ЛПР', 'Презентация продукта', 'Переговоры по договору'],
  visit: ['Визит на объект', 'Визит в офис клиента'],
  letter: ['Отправить оригиналы документов', 'Письмо-претензия'],
  exhibition: ['Встреча на выставке', 'Стенд на выставке'],
};
const OUTCOMES = [
  'Договорились о встрече',
  'Отправлено КП',
  'Клиент думает',
  'Отказ: дорого',
  'Не дозвонился',
  'Согласовали условия',
  'Перезвонить позже',
];

/** Picks an activity type with the given shares. */
function activityType(rand: Rand): string {
  let r = rand.next();
  for (const [t, p] of ACTIVITY_TYPES) {
    if (r < p) return t;
    r -= p;
  }
  return 'call';
}

/** Reference data the deals and activities point at: pipelines (the app's default plus two), lost reasons, products. */
async function referenceData(client: pg.ClientBase, users: BenchUsers, rand: Rand) {
  const ws = users.workspaceId;
  const extra: Array<[string, Array<[string, number, number | null, 'open' | 'won' | 'lost']>]> = [
    [
      'Повторные продажи',
      [
        ['Запрос', 30, 7, 'open'],
        ['Коммерческое предложение', 60, 14, 'open'],
        ['Согласование', 80, 14, 'open'],
        ['Успешно', 100, null, 'won'],
        ['Проиграно', 0, null, 'lost'],
      ],
    ],
    [
      'Тендеры',
      [
        ['Анализ тендера', 10, 14, 'open'],
        ['Подготовка заявки', 30, 14, 'open'],
        ['Заявка подана', 50, 30, 'open'],
        ['Торги', 70, 30, 'open'],
        ['Выиграно', 100, null, 'won'],
        ['Проиграно', 0, null, 'lost'],
      ],
    ],
  ];
  for (const [i, [name, stages]] of extra.entries()) {
    const p = await client.query<{ id: string }>(
      'insert into pipelines (workspace_id, name, position, is_default) values ($1, $2, $3, false) returning id',
      [ws, name, i + 1],
    );
    for (const [pos, [sname, prob, rot, kind]] of stages.entries()) {
      await client.query(
        'insert into pipeline_stages (workspace_id, pipeline_id, name, position, probability, rotting_days, kind) values ($1, $2, $3, $4, $5, $6, $7)',
        [ws, p.rows[0].id, sname, pos, prob, rot, kind],
      );
    }
  }
  const prows = await client.query<{ id: string; is_default: boolean }>(
    'select id, is_default from pipelines where workspace_id = $1 and deleted_at is null order by position',
    [ws],
  );
  const pipelines: Pipeline[] = [];
  for (const p of prows.rows) {
    const s = await client.query<Stage>(
      'select id, kind, probability, position from pipeline_stages where pipeline_id = $1 and deleted_at is null order by position',
      [p.id],
    );
    pipelines.push({ id: p.id, stages: s.rows });
  }
  const reasons = (
    await client.query<{ id: string }>('select id from lost_reasons where workspace_id = $1 order by position', [ws])
  ).rows.map((r) => r.id);

  const products: Array<{ id: string; name: string; rub: number; eur: number; vat: number }> = [];
  for (let i = 0; i < 200; i++) {
    const name = `${PRODUCT_WORDS[i % PRODUCT_WORDS.length]} ${PRODUCT_MODELS[Math.floor(i / PRODUCT_WORDS.length) % PRODUCT_MODELS.length]} ${100 + i}`;
    const rub = (1_000 + rand.int(500_000)) * 100;
    const eur = Math.max(1000, Math.round(rub / 100));
    const vat = rand.chance(0.9) ? 22 : 0;
    const r = await client.query<{ id: string }>(
      'insert into products (workspace_id, name, sku, unit, vat_rate, created_by) values ($1, $2, $3, $4, $5, $6) returning id',
      [ws, name, `SKU-${String(i).padStart(4, '0')}`, 'шт', vat, users.adminId],
    );
    await client.query(
      'insert into product_prices (workspace_id, product_id, currency, amount) values ($1, $2, $3, $4), ($1, $2, $5, $6)',
      [ws, r.rows[0].id, 'RUB', money(rub), 'EUR', money(eur)],
    );
    products.push({ id: r.rows[0].id, name, rub, eur, vat });
  }
  return { pipelines, reasons, products };
}

/**
 * Loads deals (with contact roles, product lines and stage history) over the counterparties, then
 * activities linked to contacts, companies and deals, then the read model the activities module
 * keeps (last real contact per contact).
 */
export async function loadSales(
  clients: pg.ClientBase[],
  users: BenchUsers,
  cp: Counterparties,
  nDeals: number,
  nActivities: number,
  now: number,
): Promise<TableLoad[]> {
  const rand = new Rand(20260301);
  const client = clients[0];
  const ws = users.workspaceId;
  const managers = users.managerIds;
  const loads: TableLoad[] = [];
  const { pipelines, reasons, products } = await referenceData(client, users, rand);
  const nCompanies = cp.companyIds.length;
  const nContacts = cp.contactIds.length;

  const dealIds: string[] = new Array(nDeals);
  const dealOwner = new Uint8Array(nDeals);
  const dealCompany = new Int32Array(nDeals);
  const dealContact = new Int32Array(nDeals);
  type DealExtra = { pipeline: Pipeline; stage: Stage; status: string; created: number; entered: number; lines: Cell[][] };
  const extras: DealExtra[] = new Array(nDeals);
  const base = now - 4 * 365 * DAY;

  function* deals(): Generator<Cell[]> {
    for (let k = 0; k < nDeals; k++) {
      const c = rand.int(nCompanies);
      const ru = cp.companyIsRu[c] === 1;
      const owner = rand.chance(0.9) ? cp.companyOwner[c] : rand.int(managers.length);
      const pr = rand.next();
      const pipeline = pipelines[pr < 0.7 || pipelines.length === 1 ? 0 : pr < 0.9 || pipelines.length === 2 ? 1 : 2];
      const sr = rand.next();
      const status = sr < 0.45 ? 'open' : sr < 0.8 ? 'won' : 'lost';
      const open = pipeline.stages.filter((s) => s.kind === 'open');
      // Early stages hold more open deals than late ones, as in a real funnel.
      const stage =
        status === 'open' ? open[Math.floor(open.length * rand.next() * rand.next())] : pipeline.stages.find((s) => s.kind === status)!;
      const currency = ru ? 'RUB' : 'EUR';
      let sub = 0,
        vatSum = 0;
      const lines: Cell[][] = [];
      const nLines = 1 + rand.int(3);
      for (let l = 0; l < nLines; l++) {
        const p = products[rand.int(products.length)];
        const qty = 1 + rand.int(20);
        const price = ru ? p.rub : p.eur;
        const disc = rand.pick([0, 0, 0, 5, 10, 15]);
        const lineSub = roundCents(qty * price * (100 - disc), 100);
        const lineVat = roundCents(lineSub * p.vat, 100);
        sub += lineSub;
        vatSum += lineVat;
        lines.push([
          ws,
          null,
          l,
          p.id,
          p.name,
          'шт',
          `${qty}.0000`,
          money(price),
          `${disc}.00`,
          `${p.vat}.00`,
          money(lineSub),
          money(lineVat),
          money(lineSub + lineVat),
        ]);
      }
      const total = sub + vatSum;
      const closed = status === 'open' ? null : now - rand.int(730) * DAY - rand.int(DAY);
      const entered = closed ?? now - rand.int(120) * DAY - rand.int(DAY);
      const created = entered - rand.int(180) * DAY - rand.int(DAY);
      const id = orderedUuid(base, k, rand);
      dealIds[k] = id;
      dealOwner[k] = owner;
      dealCompany[k] = c;
      // The company's first people: contact j works at company j mod nCompanies.
      dealContact[k] = c < nContacts ? c : -1;
      extras[k] = { pipeline, stage, status, created, entered, lines };
      const hasNext = status === 'open' && rand.chance(0.85);
      const closeDate = status === 'open' ? now + (rand.int(375) - 45) * DAY : closed! - rand.int(30) * DAY;
      yield [
        id,
        ws,
        `${rand.pick(DEAL_TITLES)} №${k + 1}`,
        cp.companyIds[c],
        pipeline.id,
        stage.id,
        status,
        money(total),
        currency,
        stage.probability,
        managers[owner],
        rand.pick(SOURCES),
        isoDate(closeDate),
        isoDate(closeDate + rand.int(45) * DAY),
        hasNext ? rand.pick(NEXT_STEPS) : null,
        hasNext ? iso(now + (rand.int(40) - 10) * DAY + rand.int(DAY)) : null,
        money(sub),
        money(vatSum),
        money(total),
        rand.chance(0.3)
          ? JSON.stringify({ budget: money(total + rand.int(100) * 100_000), clientCategory: rand.pick(['A', 'B', 'C']) })
          : '{}',
        status === 'won' ? money(total) : null,
        status === 'won' ? isoDate(closed!) : null,
        status === 'lost' ? rand.pick(reasons) : null,
        status === 'lost' ? rand.pick(LOST_COMMENTS) : null,
        closed === null ? null : iso(closed),
        iso(entered),
        entered / 1000,
        managers[owner],
        iso(created),
        iso(closed ?? entered),
      ];
    }
  }
  let t = Date.now();
  const nd = await copyRows(
    client,
    'deals',
    [
      'id',
      'workspace_id',
      'title',
      'company_id',
      'pipeline_id',
      'stage_id',
      'status',
      'amount',
      'currency',
      'probability',
      'owner_id',
      'source',
      'expected_close_date',
      'expected_payment_date',
      'next_step_text',
      'next_step_due_at',
      'subtotal',
      'vat_total',
      'total',
      'qualification',
      'won_amount',
      'won_date',
      'lost_reason_id',
      'lost_comment',
      'closed_at',
      'stage_entered_at',
      'board_rank',
      'created_by',
      'created_at',
      'updated_at',
    ],
    deals(),
  );
  loads.push({ table: 'deals', rows: nd, seconds: (Date.now() - t) / 1000 });

  function* dealLines(): Generator<Cell[]> {
    for (let k = 0; k < nDeals; k++)
      for (const l of extras[k].lines) yield [orderedUuid(base, k, rand), ...l.slice(0, 1), dealIds[k], ...l.slice(2)];
  }
  t = Date.now();
  const nl = await copyRows(
    client,
    'deal_lines',
    [
      'id',
      'workspace_id',
      'deal_id',
      'position',
      'product_id',
      'name',
      'unit',
      'quantity',
      'unit_price',
      'discount_percent',
      'vat_rate',
      'subtotal',
      'vat_amount',
      'total',
    ],
    dealLines(),
  );
  loads.push({ table: 'deal_lines', rows: nl, seconds: (Date.now() - t) / 1000 });

  function* dealContacts(): Generator<Cell[]> {
    for (let k = 0; k < nDeals; k++) {
      const c = dealCompany[k];
      if (dealContact[k] < 0) continue;
      yield [ws, dealIds[k], cp.contactIds[c], 'Лицо, принимающее решение', true, 0];
      const second = c + nCompanies;
      if (second < nContacts && rand.chance(0.5)) yield [ws, dealIds[k], cp.contactIds[second], 'Специалист', false, 1];
    }
  }
  t = Date.now();
  const ndc = await copyRows(
    client,
    'deal_contacts',
    ['workspace_id', 'deal_id', 'contact_id', 'role', 'is_decision_maker', 'position'],
    dealContacts(),
  );
  loads.push({ table: 'deal_contacts', rows: ndc, seconds: (Date.now() - t) / 1000 });

  function* stageMoves(): Generator<Cell[]> {
    for (let k = 0; k < nDeals; k++) {
      const e = extras[k];
      const first = e.pipeline.stages[0];
      const owner = managers[dealOwner[k]];
      yield [orderedUuid(base, k, rand), ws, dealIds[k], null, null, e.pipeline.id, first.id, null, 'open', owner, iso(e.created)];
      if (e.stage.id !== first.id)
        yield [
          orderedUuid(base, k, rand),
          ws,
          dealIds[k],
          e.pipeline.id,
          first.id,
          e.pipeline.id,
          e.stage.id,
          'open',
          e.status,
          owner,
          iso(e.entered),
        ];
    }
  }
  t = Date.now();
  const nsm = await copyRows(
    client,
    'deal_stage_moves',
    [
      'id',
      'workspace_id',
      'deal_id',
      'from_pipeline_id',
      'from_stage_id',
      'to_pipeline_id',
      'to_stage_id',
      'from_status',
      'to_status',
      'user_id',
      'moved_at',
    ],
    stageMoves(),
  );
  loads.push({ table: 'deal_stage_moves', rows: nsm, seconds: (Date.now() - t) / 1000 });
  extras.length = 0;

  // Each manager's own contacts and deals: activities are planned with one's own clients.
  const byOwner = (owners: Uint8Array) => {
    const lists: number[][] = managers.map(() => []);
    owners.forEach((o, i) => lists[o].push(i));
    return lists.map((l) => Int32Array.from(l));
  };
  const contactsOf = byOwner(cp.contactOwner);
  const dealsOf = byOwner(dealOwner);

  function* activities(from: number, to: number, rand: Rand): Generator<Cell[]> {
    const actBase = now - 3 * 365 * DAY;
    for (let k = from; k < to; k++) {
      const m = rand.int(managers.length);
      const type = activityType(rand);
      let contact = -1,
        company = -1,
        deal = -1;
      if (rand.chance(0.25) && dealsOf[m].length) {
        deal = dealsOf[m][rand.int(dealsOf[m].length)];
        company = dealCompany[deal];
        contact = dealContact[deal];
      } else if (type !== 'task' || rand.chance(0.5)) {
        const own = contactsOf[m];
        if (own.length) {
          contact = own[rand.int(own.length)];
          company = cp.contactCompany[contact];
        }
      }
      const r = rand.next();
      let due: number,
        done: boolean,
        doneAt: number | null = null,
        reminded: number | null = null;
      if (r < 0.96) {
        // History: done, over the last three years.
        due = now - HOUR - rand.int(3 * 365) * DAY - rand.int(DAY);
        done = true;
        doneAt = due + rand.int(2 * HOUR);
      } else if (r < 0.975) {
        // Overdue: planned, time passed, not done; mostly recent. Its reminder fired when due.
        due = now - HOUR - Math.floor(120 * rand.next() * rand.next()) * DAY - rand.int(DAY);
        done = false;
        reminded = due;
      } else {
        // Planned: the next 90 days, working hours (UTC 06-15 = Moscow 09-18).
        due = now + Math.floor(90 * rand.next() * rand.next()) * DAY;
        due = due - (due % DAY) + 6 * HOUR + rand.int(9) * HOUR + rand.pick([0, 15, 30, 45]) * 60_000;
        if (due <= now) due += DAY;
        done = false;
      }
      const outcome = done && (type === 'call' || type === 'meeting') ? rand.pick(OUTCOMES) : null;
      const created = due - rand.int(14) * DAY - rand.int(DAY);
      yield [
        orderedUuid(actBase, k, rand),
        ws,
        type,
        rand.pick(SUBJECTS[type]),
        null,
        outcome,
        iso(due),
        type === 'meeting' || type === 'visit' ? 60 : type === 'call' ? 15 : null,
        done,
        doneAt === null ? null : iso(doneAt),
        contact < 0 ? null : cp.contactIds[contact],
        company < 0 ? null : cp.companyIds[company],
        deal < 0 ? null : dealIds[deal],
        managers[m],
        reminded === null ? null : iso(reminded),
        managers[m],
        iso(created),
        iso(doneAt ?? created),
      ];
    }
  }
  t = Date.now();
  // The largest table: one COPY stream per connection given, so PostgreSQL parses and inserts on
  // both cores while this process generates.
  const per = Math.ceil(nActivities / clients.length);
  const counts = await Promise.all(
    clients.map((c, s) =>
      copyRows(
        c,
        'activities',
        [
          'id',
          'workspace_id',
          'type',
          'subject',
          'notes',
          'outcome',
          'due_at',
          'duration_minutes',
          'done',
          'done_at',
          'contact_id',
          'company_id',
          'deal_id',
          'owner_id',
          'reminded_at',
          'created_by',
          'created_at',
          'updated_at',
        ],
        activities(s * per, Math.min(nActivities, (s + 1) * per), new Rand(20260401 + s)),
      ),
    ),
  );
  loads.push({ table: 'activities', rows: counts.reduce((a, b) => a + b, 0), seconds: (Date.now() - t) / 1000 });
  return loads;
}

/**
 * The activities module keeps contact_activity_stats in step with every change (see
 * refreshContactStats): the same definition, computed once for the bulk-loaded rows.
 */
export async function deriveContactStats(client: pg.ClientBase, workspaceId: string): Promise<TableLoad> {
  const t = Date.now();
  const r = await client.query(
    `insert into contact_activity_stats (contact_id, workspace_id, last_done_at)
     select a.contact_id, $1::uuid, max(a.done_at) from activities a
     where a.workspace_id = $1 and a.contact_id is not null and a.done and a.deleted_at is null and a.type = any($2::text[])
     group by a.contact_id`,
    [workspaceId, [...contactTouchTypes]],
  );
  return { table: 'contact_activity_stats', rows: r.rowCount ?? 0, seconds: (Date.now() - t) / 1000 };
}
