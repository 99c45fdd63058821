import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolEnv } from '../platform/config.js';
import { createTestContext, type Caller, type TestContext } from './harness.js';

/**
 * The SQL of the important queries, kept in server/sql-snapshots/<name>.sql, so a changed query
 * shows in review. Each endpoint runs through the real app against the test database; Kysely's
 * log hook collects the statement texts (never parameter values).
 *
 * A new endpoint is one line in `endpoints`; its file is written on the first local run (and
 * refused in CI until committed). After an intended change:
 *   UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts
 */
type Who = 'manager' | 'head';
type Endpoint = { name: string; as: Who; url: (ids: Seed) => string };
type Seed = { companyId: string; contactId: string; dealId: string; pipelineId: string };

const endpoints: Endpoint[] = [
  { name: 'contacts-list', as: 'manager', url: () => '/api/v1/contacts' },
  { name: 'companies-list', as: 'manager', url: () => '/api/v1/companies' },
  { name: 'deals-list', as: 'manager', url: () => '/api/v1/deals' },
  { name: 'deals-board', as: 'manager', url: (s) => `/api/v1/deals/board?pipelineId=${s.pipelineId}` },
  { name: 'agenda', as: 'manager', url: () => '/api/v1/agenda' },
  { name: 'search', as: 'manager', url: () => '/api/v1/search?q=Snapshot' },
  { name: 'kb-search', as: 'manager', url: () => '/api/v1/kb/search?q=Snapshot' },
  { name: 'control-dashboard', as: 'head', url: () => '/api/v1/control/dashboard' },
  { name: 'invoices-list', as: 'manager', url: () => '/api/v1/invoices' },
  { name: 'calls-list', as: 'manager', url: () => '/api/v1/calls' },
  { name: 'calls-unsorted', as: 'manager', url: () => '/api/v1/calls/unsorted' },
  { name: 'lost-calls', as: 'head', url: () => '/api/v1/reports/lost-calls?from=2026-11-01&to=2026-11-30' },
  {
    name: 'lost-calls-by-line',
    as: 'head',
    url: () => '/api/v1/reports/lost-calls?from=2026-11-01&to=2026-11-30&groupBy=line&line=74950000000',
  },
  { name: 'receivables', as: 'head', url: () => '/api/v1/reports/receivables?asOf=2026-12-01' },
  { name: 'receivables-client', as: 'manager', url: (s) => `/api/v1/reports/receivables/${s.companyId}?asOf=2026-12-01` },
];

const SNAPSHOT_DIR = path.resolve(import.meta.dirname, '../sql-snapshots');

/** One statement per block: whitespace collapsed, `$1..$n` as `?` (IN-lists of any length alike), a line per clause. */
export function normaliseSql(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // Break before clauses only outside quoted literals and identifiers.
  return flat
    .split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\$\d+(, \$\d+)*/g, '?')
            .replace(
              / (from|where|inner join|left join|cross join|join lateral|group by|having|order by|limit|offset|union all|union|returning) /gi,
              '\n  $1 ',
            ),
    )
    .join('');
}

let ctx: TestContext;
let capture: string[] | null = null;
const callers = {} as Record<Who, Caller>;
let seed: Seed;

beforeAll(async () => {
  ctx = await createTestContext({ onQuery: (sql) => capture?.push(sql) });
  const team = await ctx.createTeam('Snapshot team');
  callers.head = await ctx.userWith('head_of_sales', { teamId: team });
  await ctx.db.updateTable('teams').set({ lead_id: callers.head.user.id }).where('id', '=', team).execute();
  callers.manager = await ctx.userWith('manager', { teamId: team });
  const m = callers.manager;
  const company = (await m.post('/api/v1/companies', { name: 'Snapshot Company' })).json();
  const contact = (await m.post('/api/v1/contacts', { firstName: 'Snapshot', lastName: 'Contact', companyId: company.id })).json();
  const pipeline = (await m.get('/api/v1/pipelines')).json().items[0];
  const deal = (
    await m.post('/api/v1/deals', {
      title: 'Snapshot deal',
      companyId: company.id,
      contactIds: [contact.id],
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      amount: '1000.00',
      currency: 'RUB',
    })
  ).json();
  for (const dueAt of [Date.now() - 3_600_000, Date.now() + 3_600_000]) {
    const r = await m.post('/api/v1/activities', {
      type: 'call',
      subject: 'Snapshot call',
      contactId: contact.id,
      dueAt: new Date(dueAt).toISOString(),
    });
    expect(r.statusCode, r.body).toBe(201);
  }
  const entity = (await ctx.admin.post('/api/v1/legal-entities', { name: 'ООО «Снимок»', country: 'RU', inn: '7707083893' })).json();
  const invoice = await m.post('/api/v1/invoices', {
    legalEntityId: entity.id,
    companyId: company.id,
    dealId: deal.id,
    currency: 'RUB',
    issueDate: '2026-11-02',
    dueDate: '2026-11-12',
    lines: [{ name: 'Snapshot line', quantity: '1', price: '100.00', vatRate: '22' }],
  });
  expect(invoice.statusCode, invoice.body).toBe(201);
  seed = { companyId: company.id, contactId: contact.id, dealId: deal.id, pipelineId: pipeline.id };
  expect(deal.id).toBeTruthy();
});
afterAll(async () => {
  await ctx?.close();
});

describe('SQL snapshots of the important queries', () => {
  for (const e of endpoints) {
    it(e.name, async () => {
      const caller = callers[e.as];
      // The first call of each: the control dashboard answers later calls from its cache.
      capture = [];
      const res = await caller.get(e.url(seed));
      // The session lookup (cached or not) belongs to auth, not the endpoint; parallel queries finish in any order.
      const statements = capture.filter((q) => !/from "sessions"/.test(q));
      capture = null;
      expect(res.statusCode, res.body).toBe(200);
      const body = statements.map(normaliseSql).sort().join(';\n\n');
      const text = `-- ${e.name}: GET ${e.url({ companyId: ':companyId', contactId: ':contactId', dealId: ':dealId', pipelineId: ':pipelineId' })}\n-- ${statements.length} statements; regenerate: UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts\n\n${body};\n`;
      const file = path.join(SNAPSHOT_DIR, `${e.name}.sql`);
      if (toolEnv.updateSqlSnapshots || (!fs.existsSync(file) && !toolEnv.ci)) {
        fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
        fs.writeFileSync(file, text);
        return;
      }
      expect(fs.existsSync(file), `${file} is missing: run the test locally and commit it`).toBe(true);
      expect(
        text,
        `the SQL of ${e.name} changed: if intended, UPDATE_SQL_SNAPSHOTS=1 npx vitest run server/test/sql-snapshots.test.ts and commit`,
      ).toBe(fs.readFileSync(file, 'utf8'));
    });
  }
});
