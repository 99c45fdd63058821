import type pg from 'pg';
import { lineAmounts, sumLines } from '../server/modules/money/index.js';
import { formatNumber, seriesYear } from '../server/modules/invoices/invoices.money.js';
import { copyRows, type Cell } from './copy.js';
import type { BenchUsers, TableLoad } from './gen-counterparties.js';
import { inn10, ogrn } from './requisites.js';
import { orderedUuid, Rand } from './rand.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);
/** "123.45" (two decimals, as the money functions write it) -> 12345. Exact: amounts stay far below 2^53 cents. */
const centsOf = (s: string) => Number(s.replace('.', ''));
const moneyOf = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** The finance user the money endpoints are measured as (added by this part, so the other parts stay as they are). */
export const FINANCE_EMAIL_LOCAL = 'finance';

type Entity = { id: string; country: 'RU' | 'BG'; currency: string; seller: string };
type Company = { id: string; owner: string; ru: boolean; buyer: string; contact: string | null };
type Product = { id: string; name: string; unit: string; rub: string; eur: string; vat: number };

const CANCEL_REASONS = ['Ошибка в реквизитах', 'Клиент отказался от поставки', 'Выставлен повторно'];
const METHODS: Array<'bank_transfer' | 'cash' | 'card' | 'other'> = [
  'bank_transfer',
  'bank_transfer',
  'bank_transfer',
  'bank_transfer',
  'card',
  'cash',
];

/** The seller as the invoices module freezes it at issue (sellerOf: the entity's requisites under the Party keys). */
function party(p: Partial<Record<string, string | boolean | null>>): string {
  const keys = [
    'name',
    'country',
    'inn',
    'kpp',
    'ogrn',
    'eik',
    'vatNumber',
    'address',
    'bankName',
    'bik',
    'settlementAccount',
    'correspondentAccount',
    'iban',
    'bic',
    'director',
    'accountant',
    'vatPayer',
  ];
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, p[k] ?? null])));
}

/** Our two legal entities (a Russian ООО and a Bulgarian ЕООД), inserted as finance would enter them. */
async function legalEntities(client: pg.ClientBase, users: BenchUsers): Promise<{ ru: Entity; bg: Entity }> {
  const ws = users.workspaceId;
  const ru = {
    name: 'ООО «Орбита Трейд»',
    country: 'RU',
    inn: inn10('770708389'),
    kpp: '770701001',
    ogrn: ogrn('102773943997'),
    address: 'г. Москва, ул. Вавилова, д. 19',
    bankName: 'ПАО Сбербанк',
    bik: '044525225',
    settlementAccount: '40702810938000060473',
    correspondentAccount: '30101810400000000225',
    director: 'Директоров И. П.',
    accountant: 'Бухгалтерова А. С.',
    vatPayer: true,
  };
  const bg = {
    name: 'Орбита България ЕООД',
    country: 'BG',
    eik: '175074752',
    vatNumber: 'BG175074752',
    address: 'гр. София, бул. Витоша 1',
    bankName: 'УниКредит Булбанк',
    iban: 'BG80BNBG96611020345678',
    bic: 'UNCRBGSF',
    director: 'Георги Петров',
    vatPayer: true,
  };
  const insert = async (e: Record<string, string | boolean>, currency: string) => {
    const r = await client.query<{ id: string }>(
      `insert into legal_entities (workspace_id, name, country, inn, kpp, ogrn, eik, vat_number, vat_payer, address, bank_name, bik,
         settlement_account, correspondent_account, iban, bic, director, accountant, default_currency, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) returning id`,
      [
        ws,
        e.name,
        e.country,
        e.inn ?? null,
        e.kpp ?? null,
        e.ogrn ?? null,
        e.eik ?? null,
        e.vatNumber ?? null,
        e.vatPayer,
        e.address ?? null,
        e.bankName ?? null,
        e.bik ?? null,
        e.settlementAccount ?? null,
        e.correspondentAccount ?? null,
        e.iban ?? null,
        e.bic ?? null,
        e.director ?? null,
        e.accountant ?? null,
        currency,
        users.adminId,
      ],
    );
    await client.query('insert into invoice_numbering (legal_entity_id, workspace_id) values ($1, $2)', [r.rows[0].id, ws]);
    return r.rows[0].id;
  };
  return {
    ru: { id: await insert(ru, 'RUB'), country: 'RU', currency: 'RUB', seller: party(ru) },
    bg: { id: await insert(bg, 'EUR'), country: 'BG', currency: 'EUR', seller: party(bg) },
  };
}

/** A finance user (sees every invoice), with the bench password's hash; created once per data set. */
export async function ensureFinanceUser(client: pg.ClientBase, users: BenchUsers, domain: string): Promise<string> {
  const email = `${FINANCE_EMAIL_LOCAL}@${domain}`;
  const have = await client.query<{ id: string }>('select id from users where workspace_id = $1 and email = $2', [
    users.workspaceId,
    email,
  ]);
  if (have.rows.length) return have.rows[0].id;
  const r = await client.query<{ id: string }>(
    `insert into users (workspace_id, email, name, password_hash, role, team_id, language, time_zone)
     select workspace_id, $2::text, 'Финансова Анна', password_hash, 'finance', null, 'ru', 'Europe/Moscow' from users where id = $3 and workspace_id = $1
     returning id`,
    [users.workspaceId, email, users.directorId],
  );
  return r.rows[0].id;
}

/** Companies with their owner and the buyer as issuing freezes it (invoices.repository companyParty, in SQL). */
async function readCompanies(client: pg.ClientBase, ws: string): Promise<Company[]> {
  const r = await client.query({
    text: `select c.id, c.owner_id, c.country = 'RU',
        jsonb_build_object('name', case when c.legal_form is not null then c.legal_form || ' ' || c.name else c.name end,
          'country', c.country, 'inn', c.inn, 'kpp', c.kpp, 'ogrn', c.ogrn, 'eik', c.eik, 'vatNumber', c.vat_number,
          'address', coalesce((select a->>'text' from jsonb_array_elements(coalesce(c.addresses, '[]'::jsonb)) a where a->>'type' = 'legal' limit 1),
                              c.addresses->0->>'text'),
          'bankName', c.bank_name, 'bik', c.bik, 'settlementAccount', c.settlement_account, 'correspondentAccount', c.corr_account,
          'iban', c.iban, 'bic', null, 'director', null, 'accountant', null, 'vatPayer', null)::text,
        (select k.id from contacts k where k.company_id = c.id and k.deleted_at is null order by k.id limit 1)
      from companies c where c.workspace_id = $1 and c.deleted_at is null order by c.id`,
    values: [ws],
    rowMode: 'array',
  });
  return r.rows.map((x) => ({ id: x[0], owner: x[1], ru: x[2], buyer: x[3], contact: x[4] }));
}

async function readProducts(client: pg.ClientBase, ws: string): Promise<Product[]> {
  const r = await client.query<Product>(
    `select p.id, p.name, coalesce(p.unit, 'шт') as unit, p.vat_rate::int as vat,
       (select amount::text from product_prices x where x.product_id = p.id and x.currency = 'RUB') as rub,
       (select amount::text from product_prices x where x.product_id = p.id and x.currency = 'EUR') as eur
     from products p where p.workspace_id = $1 and p.deleted_at is null order by p.id`,
    [ws],
  );
  const ok = r.rows.filter((p) => p.rub && p.eur);
  if (!ok.length) throw new Error('the money part needs the products of the sales part');
  return ok;
}

/** One payment to generate: the client's (index), and the invoices (indexes) it pays. */
type Plan = {
  company: number;
  currency: string;
  date: number;
  amount: number;
  allocations: Array<{ invoice: number; amount: number }>;
};

/**
 * Loads the money part: two legal entities, contracts with credit limits for a fifth of the
 * companies, invoices (drafts, issued with gapless numbers per entity and series year in
 * issue-date order, partly and fully paid, cancelled) with 1-3 lines computed by the money
 * module's own functions, payments with their allocations (and advances left unallocated), and
 * the counters the next issued number follows.
 */
export async function loadMoney(
  client: pg.ClientBase,
  users: BenchUsers,
  domain: string,
  nInvoices: number,
  nPayments: number,
  now: number,
): Promise<TableLoad[]> {
  const rand = new Rand(20261204);
  const ws = users.workspaceId;
  const loads: TableLoad[] = [];
  const financeId = await ensureFinanceUser(client, users, domain);
  const entities = await legalEntities(client, users);
  const companies = await readCompanies(client, ws);
  const products = await readProducts(client, ws);
  const today = Math.floor(now / DAY) * DAY;
  const span = 3 * 365;
  const start = today - span * DAY;

  // Contracts: a fifth of the companies, with the seller of their country.
  const contractOf = new Int32Array(companies.length).fill(-1);
  const contracts: Array<{ id: string; company: number; from: number; term: number }> = [];
  function* contractRows(): Generator<Cell[]> {
    for (let c = 0; c < companies.length; c++) {
      if (!rand.chance(0.2)) continue;
      const co = companies[c];
      const e = co.ru ? entities.ru : entities.bg;
      const from = start + rand.int(span - 30) * DAY;
      const term = rand.pick([14, 30, 30, 45, 60]);
      const id = orderedUuid(start, contracts.length, rand);
      contractOf[c] = contracts.length;
      contracts.push({ id, company: c, from, term });
      const limit = co.ru ? rand.range(5, 200) * 100_000 * 100 : rand.range(2, 100) * 1_000 * 100;
      yield [
        id,
        ws,
        co.id,
        e.id,
        `${co.ru ? 'Д' : 'ДГ'}-${String(contracts.length).padStart(6, '0')}`,
        isoDate(from - rand.int(10) * DAY),
        isoDate(from),
        rand.chance(0.3) ? isoDate(from + (365 + rand.int(3 * 365)) * DAY) : null,
        term,
        '0.00',
        moneyOf(limit),
        e.currency,
        co.owner,
        iso(from),
        iso(from),
      ];
    }
  }
  let t = Date.now();
  const nc = await copyRows(
    client,
    'contracts',
    [
      'id',
      'workspace_id',
      'company_id',
      'legal_entity_id',
      'number',
      'date',
      'valid_from',
      'valid_to',
      'payment_term_days',
      'prepayment_percent',
      'credit_limit',
      'currency',
      'created_by',
      'created_at',
      'updated_at',
    ],
    contractRows(),
  );
  loads.push({ table: 'contracts', rows: nc, seconds: (Date.now() - t) / 1000 });

  const invoiceIds: string[] = new Array(nInvoices);
  const lines: Cell[][] = [];
  const plans: Plan[] = [];
  // Payments left for the invoices once a share is kept back for advances paid before any invoice.
  const reserve = Math.round(nPayments * 0.02);
  let budget = nPayments - reserve;
  const counters = new Map<string, { entity: string; year: number; last: number }>();

  function* invoices(): Generator<Cell[]> {
    for (let k = 0; k < nInvoices; k++) {
      const ci = rand.int(companies.length);
      const co = companies[ci];
      const e = co.ru ? entities.ru : entities.bg;
      const r = rand.next();
      const status0 = r < 0.06 ? 'draft' : r < 0.11 ? 'cancelled' : 'issued';
      // Numbered invoices follow their dates (a Bulgarian number may not precede an earlier date):
      // the k-th one is dated in order over three years; drafts are recent and unnumbered.
      const issue = status0 === 'draft' ? today - rand.int(20) * DAY : start + Math.floor((k * span) / nInvoices) * DAY;
      const contract =
        contractOf[ci] >= 0 && contracts[contractOf[ci]].from <= issue && rand.chance(0.9) ? contracts[contractOf[ci]] : null;
      const term = contract ? contract.term : rand.pick([5, 10, 10, 14, 30]);
      const due = issue + term * DAY;
      const id = orderedUuid(start, k, rand);
      invoiceIds[k] = id;
      const nLines = 1 + rand.int(3);
      const amounts = [];
      for (let l = 0; l < nLines; l++) {
        const p = products[rand.int(products.length)];
        const vatRate = co.ru ? (p.vat > 0 ? '22' : '10') : p.vat > 0 ? '20' : '9';
        const line = {
          quantity: String(1 + rand.int(20)),
          price: co.ru ? p.rub : p.eur,
          discountPercent: rand.pick(['0', '0', '0', '5', '10']),
          vatRate,
        };
        const a = lineAmounts(line, false);
        amounts.push(a);
        lines.push([
          orderedUuid(start, k, rand),
          ws,
          id,
          l,
          p.id,
          p.name,
          p.unit,
          line.quantity,
          line.price,
          line.discountPercent,
          vatRate,
          a.subtotal,
          a.vatAmount,
          a.total,
        ]);
      }
      const totals = sumLines(amounts);
      const total = centsOf(totals.total);
      let number: string | null = null,
        year: number | null = null,
        sequence: number | null = null;
      if (status0 !== 'draft') {
        year = seriesYear(e.country, isoDate(issue));
        const key = `${e.id}|${year}`;
        const c = counters.get(key) ?? { entity: e.id, year, last: 0 };
        c.last += 1;
        counters.set(key, c);
        sequence = c.last;
        number = formatNumber(e.country, 'СЧ', year, sequence);
      }
      // What was paid: most older invoices in full (some in two parts), recent ones often not yet.
      let status = status0;
      let paid = 0;
      let settled: number | null = null;
      let cancelledAt: number | null = null;
      if (status0 === 'cancelled') {
        cancelledAt = issue + rand.int(10) * DAY + rand.int(DAY);
        settled = cancelledAt;
      } else if (status0 === 'issued') {
        const age = (today - issue) / DAY;
        const unpaid = age < 60 ? 0.6 : age < 180 ? 0.3 : 0.12;
        const u = rand.next();
        const payDate = (lo: number) => Math.min(today, lo + rand.int(term + 20) * DAY);
        if (u >= unpaid && budget > 0) {
          if (u < unpaid + 0.07) {
            // Partly paid: a third to nine tenths.
            const part = Math.max(1, Math.floor((total * (30 + rand.int(61))) / 100));
            const d = payDate(issue);
            plans.push({ company: ci, currency: e.currency, date: d, amount: part, allocations: [{ invoice: k, amount: part }] });
            budget -= 1;
            paid = part;
            status = 'partially_paid';
          } else if (rand.chance(0.05) && budget > 1 && total > 1) {
            const first = Math.floor(total / 2);
            const d1 = payDate(issue);
            const d2 = payDate(d1);
            plans.push({ company: ci, currency: e.currency, date: d1, amount: first, allocations: [{ invoice: k, amount: first }] });
            plans.push({
              company: ci,
              currency: e.currency,
              date: d2,
              amount: total - first,
              allocations: [{ invoice: k, amount: total - first }],
            });
            budget -= 2;
            paid = total;
            settled = d2;
            status = 'paid';
          } else {
            // Paid in full; now and then more than owed, the rest staying as the client's advance.
            const d = payDate(issue);
            const extra = rand.chance(0.04) ? rand.range(1, 50) * (co.ru ? 100_000 : 1_000) : 0;
            plans.push({ company: ci, currency: e.currency, date: d, amount: total + extra, allocations: [{ invoice: k, amount: total }] });
            budget -= 1;
            paid = total;
            settled = d;
            status = 'paid';
          }
        }
      }
      const issuedAt = issue + 9 * 3_600_000 + rand.int(8 * 3_600_000);
      yield [
        id,
        ws,
        e.id,
        co.id,
        co.contact,
        contract?.id ?? null,
        status,
        number,
        year,
        sequence,
        e.currency,
        isoDate(issue),
        isoDate(due),
        isoDate(issue),
        totals.subtotal,
        totals.vatAmount,
        totals.total,
        moneyOf(paid),
        status0 === 'draft' ? null : e.seller,
        status0 === 'draft' ? null : co.buyer,
        co.owner,
        status0 === 'draft' ? null : iso(issuedAt),
        status0 === 'draft' ? null : co.owner,
        cancelledAt === null ? null : iso(cancelledAt),
        cancelledAt === null ? null : financeId,
        cancelledAt === null ? null : rand.pick(CANCEL_REASONS),
        settled === null ? null : iso(settled + 12 * 3_600_000),
        co.owner,
        iso(status0 === 'draft' ? issue : issuedAt - 3_600_000),
        iso(settled ?? cancelledAt ?? issuedAt),
      ];
    }
  }
  t = Date.now();
  const ni = await copyRows(
    client,
    'invoices',
    [
      'id',
      'workspace_id',
      'legal_entity_id',
      'company_id',
      'contact_id',
      'contract_id',
      'status',
      'number',
      'series_year',
      'sequence',
      'currency',
      'issue_date',
      'due_date',
      'supply_date',
      'subtotal',
      'vat_total',
      'total',
      'paid_total',
      'seller',
      'buyer',
      'owner_id',
      'issued_at',
      'issued_by',
      'cancelled_at',
      'cancelled_by',
      'cancel_reason',
      'settled_at',
      'created_by',
      'created_at',
      'updated_at',
    ],
    invoices(),
  );
  loads.push({ table: 'invoices', rows: ni, seconds: (Date.now() - t) / 1000 });

  t = Date.now();
  const nl = await copyRows(
    client,
    'invoice_lines',
    [
      'id',
      'workspace_id',
      'invoice_id',
      'position',
      'product_id',
      'name',
      'unit',
      'quantity',
      'price',
      'discount_percent',
      'vat_rate',
      'subtotal',
      'vat_amount',
      'total',
    ],
    lines,
  );
  lines.length = 0;
  loads.push({ table: 'invoice_lines', rows: nl, seconds: (Date.now() - t) / 1000 });

  // Advances: payments of clients with nothing allocated yet, over the last year.
  while (plans.length < nPayments) {
    const ci = rand.int(companies.length);
    const ru = companies[ci].ru;
    plans.push({
      company: ci,
      currency: ru ? 'RUB' : 'EUR',
      date: today - rand.int(365) * DAY,
      amount: rand.range(1, 500) * (ru ? 10_000 : 100),
      allocations: [],
    });
  }
  // Payments in date order, as a bank statement books them.
  plans.sort((a, b) => a.date - b.date);
  const payBase = start - 1000 * DAY;
  function* payments(): Generator<Cell[]> {
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      const method = rand.pick(METHODS);
      yield [
        orderedUuid(payBase, k, rand),
        ws,
        companies[p.company].id,
        moneyOf(p.amount),
        p.currency,
        isoDate(p.date),
        method,
        method === 'bank_transfer' ? `п/п № ${1 + rand.int(99_999)}` : null,
        financeId,
        iso(p.date + 10 * 3_600_000),
        iso(p.date + 10 * 3_600_000),
      ];
    }
  }
  const paymentIds: string[] = [];
  function* withIds(): Generator<Cell[]> {
    for (const row of payments()) {
      paymentIds.push(row[0] as string);
      yield row;
    }
  }
  t = Date.now();
  const np = await copyRows(
    client,
    'payments',
    ['id', 'workspace_id', 'company_id', 'amount', 'currency', 'date', 'method', 'reference', 'created_by', 'created_at', 'updated_at'],
    withIds(),
  );
  loads.push({ table: 'payments', rows: np, seconds: (Date.now() - t) / 1000 });

  function* allocations(): Generator<Cell[]> {
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      for (const a of p.allocations)
        yield [
          orderedUuid(payBase, k, rand),
          ws,
          paymentIds[k],
          invoiceIds[a.invoice],
          moneyOf(a.amount),
          isoDate(p.date),
          'payment',
          financeId,
          iso(p.date + 10 * 3_600_000),
        ];
    }
  }
  t = Date.now();
  const na = await copyRows(
    client,
    'payment_allocations',
    ['id', 'workspace_id', 'payment_id', 'invoice_id', 'amount', 'allocated_on', 'source', 'created_by', 'created_at'],
    allocations(),
  );
  loads.push({ table: 'payment_allocations', rows: na, seconds: (Date.now() - t) / 1000 });
  plans.length = 0;

  // The counters the next issued number continues from.
  for (const c of counters.values())
    await client.query('insert into invoice_counters (legal_entity_id, year, workspace_id, last_value) values ($1, $2, $3, $4)', [
      c.entity,
      c.year,
      ws,
      c.last,
    ]);
  return loads;
}

/**
 * Checks the loaded money part as the app would leave it, and throws on the first disagreement:
 * paid_total is the sum of the allocations, the status and settled_at follow the amounts, no
 * payment pays more than its amount, and the numbers of each entity and year run 1..n without a
 * gap or a repeat, with the counter at n.
 */
export async function checkMoney(client: pg.ClientBase, ws: string): Promise<void> {
  const one = async (what: string, text: string) => {
    const r = await client.query<{ n: number }>(text, [ws]);
    if (r.rows[0].n > 0) throw new Error(`money part: ${r.rows[0].n} ${what}`);
  };
  await one(
    'invoices whose paid_total is not the sum of their allocations',
    `select count(*)::int as n from invoices i
     left join (select invoice_id, sum(amount) as s from payment_allocations group by invoice_id) a on a.invoice_id = i.id
     where i.workspace_id = $1 and i.paid_total <> coalesce(a.s, 0)`,
  );
  await one(
    'invoices whose status or settled_at disagrees with their amounts',
    `select count(*)::int as n from invoices i where i.workspace_id = $1 and not (
       (i.status = 'draft' and i.number is null and i.paid_total = 0 and i.settled_at is null)
       or (i.status = 'cancelled' and i.paid_total = 0 and i.settled_at is not null)
       or (i.status = 'issued' and i.paid_total = 0 and i.balance > 0 and i.settled_at is null)
       or (i.status = 'partially_paid' and i.paid_total > 0 and i.balance > 0 and i.settled_at is null)
       or (i.status = 'paid' and i.balance = 0 and i.settled_at is not null))`,
  );
  await one(
    'payments allocated beyond their amount',
    `select count(*)::int as n from payments p join (select payment_id, sum(amount) as s from payment_allocations group by payment_id) a
       on a.payment_id = p.id where p.workspace_id = $1 and a.s > p.amount`,
  );
  await one(
    'series (entity, year) with a gap, a repeat or a counter out of step',
    `select count(*)::int as n from (
       select i.legal_entity_id, i.series_year, count(*) as c, count(distinct i.sequence) as d, min(i.sequence) as lo, max(i.sequence) as hi
       from invoices i where i.workspace_id = $1 and i.sequence is not null group by 1, 2) s
     left join invoice_counters k on k.legal_entity_id = s.legal_entity_id and k.year = s.series_year
     where not (s.c = s.d and s.lo = 1 and s.hi = s.c and k.last_value = s.hi)`,
  );
}
