import type pg from 'pg';
import type { BenchRole } from './data.js';
import type { BenchUsers } from './gen-counterparties.js';

export type Target = {
  /** p99 of the API must stay under this many milliseconds. */
  p99: number;
  /** The API must reach at least this share of the raw-SQL baseline's requests/s. */
  minRatio?: number;
};

export type Scenario = {
  name: string;
  /** Who calls the endpoint (an e-mail of a bench user). */
  as: string;
  /** Request variants, used in turn (which id, which search term). */
  paths: string[];
  target: Target;
  /** Checks a probe response: returns what is wrong with it, or null. */
  check: (body: unknown) => string | null;
  /** Part of the data the scenario needs. */
  part: 'counterparties' | 'sales' | 'money';
};

const items = (b: unknown): unknown[] | undefined =>
  b && typeof b === 'object' && Array.isArray((b as { items?: unknown }).items) ? (b as { items: unknown[] }).items : undefined;
const nonEmptyItems = (what: string) => (b: unknown) => (items(b)?.length ? null : `${what}: expected a non-empty items array`);

/** Typical misspellings of frequent surnames (Russian and Bulgarian) that search must still find. */
export const NAME_TYPOS = ['Ивнов', 'Смирнв', 'Кузнецва', 'Васильва', 'Георгев', 'Димитрв'];

/** The measured requests: issue 2 (counterparties), issue 3 (sales, activities, control) and issue 7 (money). */
export async function buildScenarios(client: pg.ClientBase, users: BenchUsers, email: (role: BenchRole) => string): Promise<Scenario[]> {
  // Manager 7 (team 1) is the one whose screens are measured; any would do, this one is typical.
  const m = users.managerIds[6];
  const ids = await client.query<{ id: string }>(
    `select id from contacts where workspace_id = $1 and owner_id = $2 and deleted_at is null order by md5(id::text) limit 200`,
    [users.workspaceId, m],
  );
  // Four digits from the middle of numbers the manager really has, as one remembers part of a number.
  const phones = await client.query<{ search_phones: string }>(
    `select search_phones from contacts where workspace_id = $1 and owner_id = $2 and deleted_at is null order by md5(id::text) desc limit 6`,
    [users.workspaceId, m],
  );
  const fragments = phones.rows.map((r) => r.search_phones.split(' ')[0].slice(-7, -3));
  const list: Scenario[] = [
    {
      name: 'contacts list (manager, by name, 50)',
      as: email('manager'),
      part: 'counterparties',
      paths: [`/api/v1/contacts?ownerId=${m}&sort=name&limit=50`],
      target: { p99: 25, minRatio: 0.5 },
      check: (b) => (items(b)?.length === 50 ? null : `expected 50 items, got ${items(b)?.length}`),
    },
    {
      name: 'contact by id (manager)',
      as: email('manager'),
      part: 'counterparties',
      paths: ids.rows.map((r) => `/api/v1/contacts/${r.id}`),
      target: { p99: 25, minRatio: 0.5 },
      check: (b) => (b && typeof b === 'object' && 'id' in b ? null : 'expected a contact'),
    },
    {
      name: 'search: surname with a typo',
      as: email('manager'),
      part: 'counterparties',
      paths: NAME_TYPOS.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`),
      target: { p99: 50 },
      check: nonEmptyItems('search'),
    },
    {
      name: 'search: phone fragment',
      as: email('manager'),
      part: 'counterparties',
      paths: fragments.map((q) => `/api/v1/search?q=${q}`),
      target: { p99: 50 },
      check: nonEmptyItems('search'),
    },
  ];
  const pipeline = await client
    .query<{ id: string }>(`select id from pipelines where workspace_id = $1 and is_default and deleted_at is null limit 1`, [
      users.workspaceId,
    ])
    .catch(() => ({ rows: [] as { id: string }[] }));
  if (pipeline.rows.length) {
    // A year ahead from the start of this month: nearly every open deal plus this month's won ones.
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 12, 0));
    const day = (d: Date) => d.toISOString().slice(0, 10);
    list.push(
      {
        name: 'deals board (manager, one pipeline)',
        as: email('manager'),
        part: 'sales',
        paths: [`/api/v1/deals/board?pipelineId=${pipeline.rows[0].id}&ownerId=${m}`],
        target: { p99: 30 },
        check: () => null,
      },
      {
        name: 'agenda (manager)',
        as: email('manager'),
        part: 'sales',
        paths: ['/api/v1/agenda'],
        target: { p99: 30 },
        check: () => null,
      },
      {
        name: 'forecast, 12 months by month (director)',
        as: email('director'),
        part: 'sales',
        paths: [`/api/v1/reports/forecast?from=${day(from)}&to=${day(to)}&groupBy=month`],
        target: { p99: 150 },
        check: (b) => ((b as { groups?: unknown[] })?.groups?.length ? null : 'forecast: expected groups'),
      },
      // The dashboard keeps computed figures for 30 s (then serves them while one refresh runs):
      // measured as heads get it, and with fresh=true, which recomputes on every request.
      {
        name: 'team dashboard (head of sales, 10)',
        as: email('head'),
        part: 'sales',
        paths: ['/api/v1/control/dashboard'],
        target: { p99: 150 },
        check: nonEmptyItems('dashboard'),
      },
      {
        name: 'team dashboard, fresh=true (head of sales, 10)',
        as: email('head'),
        part: 'sales',
        paths: ['/api/v1/control/dashboard?fresh=true'],
        target: { p99: 150 },
        check: nonEmptyItems('dashboard'),
      },
    );
  }
  const money = await client
    .query<{ id: string }>(
      `select id from invoices where workspace_id = $1 and owner_id = $2 and deleted_at is null order by md5(id::text) limit 200`,
      [users.workspaceId, m],
    )
    .catch(() => ({ rows: [] as { id: string }[] }));
  if (money.rows.length) {
    // The manager's clients under a contract that have invoices: the ones whose check costs most.
    const held = await client.query<{ id: string }>(
      `select c.id from companies c where c.workspace_id = $1 and c.owner_id = $2 and c.deleted_at is null
         and exists (select 1 from contracts k where k.company_id = c.id and k.deleted_at is null)
         and exists (select 1 from invoices i where i.company_id = c.id and i.status in ('issued', 'partially_paid'))
       order by md5(c.id::text) limit 200`,
      [users.workspaceId, m],
    );
    // A page of the manager's companies, as the companies list asks for its badges.
    const page = await client.query<{ id: string }>(
      `select id from companies where workspace_id = $1 and owner_id = $2 and deleted_at is null order by name, id limit 50`,
      [users.workspaceId, m],
    );
    const isInvoice = (b: unknown) => (b && typeof b === 'object' && 'number' in b && 'lines' in b ? null : 'expected an invoice');
    list.push(
      {
        name: 'invoices list (finance, 50)',
        as: email('finance'),
        part: 'money',
        paths: ['/api/v1/invoices?limit=50'],
        target: { p99: 25, minRatio: 0.5 },
        check: (b) => (items(b)?.length === 50 ? null : `expected 50 items, got ${items(b)?.length}`),
      },
      {
        name: 'invoices list (manager, 50)',
        as: email('manager'),
        part: 'money',
        paths: [`/api/v1/invoices?ownerId=${m}&limit=50`],
        target: { p99: 25, minRatio: 0.5 },
        check: (b) => (items(b)?.length === 50 ? null : `expected 50 items, got ${items(b)?.length}`),
      },
      {
        name: 'invoice by id (manager)',
        as: email('manager'),
        part: 'money',
        paths: money.rows.map((r) => `/api/v1/invoices/${r.id}`),
        target: { p99: 25, minRatio: 0.5 },
        check: isInvoice,
      },
      {
        name: 'receivables report (finance)',
        as: email('finance'),
        part: 'money',
        paths: ['/api/v1/reports/receivables'],
        target: { p99: 150 },
        check: nonEmptyItems('receivables'),
      },
      {
        name: 'receivables report (head of sales, 10)',
        as: email('head'),
        part: 'money',
        paths: ['/api/v1/reports/receivables'],
        target: { p99: 150 },
        check: nonEmptyItems('receivables'),
      },
      {
        name: 'credit check of a client (manager)',
        as: email('manager'),
        part: 'money',
        paths: held.rows.map((r) => `/api/v1/companies/${r.id}/credit`),
        target: { p99: 30 },
        check: (b) => (b && typeof b === 'object' && 'onHold' in b ? null : 'expected a credit state'),
      },
      {
        name: 'credit holds of a page of 50 companies (manager)',
        as: email('manager'),
        part: 'money',
        paths: [`/api/v1/credit/holds?companyIds=${page.rows.map((r) => r.id).join(',')}`],
        target: { p99: 30 },
        check: () => null,
      },
    );
  }
  return list;
}
