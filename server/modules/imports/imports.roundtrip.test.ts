// Export -> import round trip (issue 10): a filtered list of companies, contacts, deals and
// activities exported as CSV, then as XLSX, and imported into an empty workspace without a preset
// or a mapping gives the same records, compared field by field (phones, e-mails, tags, owners,
// links by name). The owners are users of the same name in both workspaces: the exports name
// owners, and imports match them by name or e-mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import type { JobRunner } from '../../platform/jobs.js';
import { importFile, undo } from './imports.testing.js';

let from: TestContext;
let to: TestContext;
const runners: JobRunner[] = [];
let source: Caller;
let target: Caller;
const OWNER = 'Роза Экспортова';

beforeAll(async () => {
  from = await createTestContext();
  to = await createTestContext();
  runners.push(await to.startJobs());
  source = await from.userWith('manager', { name: OWNER });
  target = await to.userWith('manager', { name: OWNER });
  await seed();
});
afterAll(async () => {
  for (const r of runners) await r.stop();
  await from?.close();
  await to?.close();
});

async function seed() {
  const ok = async (p: Promise<{ statusCode: number; body: string; json: () => unknown }>) => {
    const r = await p;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json() as { id: string };
  };
  const ownerId = source.user.id;
  const krug = await ok(
    from.admin.post('/api/v1/companies', {
      name: 'ООО «Круг»',
      inn: '7707083893',
      phones: [{ type: 'work', number: '+7 495 111-22-33' }],
      emails: [{ type: 'work', address: 'info@krug.test' }],
      tags: ['rt', 'опт'],
      website: 'https://krug.test',
      industry: 'Станки',
      ownerId,
    }),
  );
  const square = await ok(from.admin.post('/api/v1/companies', { name: 'Square Ltd', tags: ['rt'], country: 'BG', ownerId }));
  await ok(from.admin.post('/api/v1/companies', { name: 'Шум', tags: ['noise'] }));
  const ivan = await ok(
    from.admin.post('/api/v1/contacts', {
      firstName: 'Иван',
      lastName: 'Круглов',
      middleName: 'Петрович',
      position: 'Директор',
      birthday: '1980-05-17',
      companyId: krug.id,
      phones: [
        { type: 'mobile', number: '+7 916 123-45-67' },
        { type: 'work', number: '+7 495 111-22-34' },
      ],
      emails: [{ type: 'work', address: 'ivan@krug.test' }],
      tags: ['rt', 'лпр'],
      ownerId,
    }),
  );
  await ok(
    from.admin.post('/api/v1/contacts', {
      firstName: 'Anna',
      lastName: 'Square',
      companyId: square.id,
      emails: [{ type: 'work', address: 'anna@square.test' }],
      tags: ['rt'],
      ownerId,
    }),
  );
  await ok(from.admin.post('/api/v1/contacts', { firstName: 'Шумный', tags: ['noise'] }));
  const pipeline = (await from.admin.get('/api/v1/pipelines')).json().items[0];
  const open = pipeline.stages.filter((s: { kind: string }) => s.kind === 'open');
  const won = pipeline.stages.find((s: { kind: string }) => s.kind === 'won');
  const deal = await ok(
    from.admin.post('/api/v1/deals', {
      title: 'Круг: поставка станков',
      companyId: krug.id,
      contactIds: [ivan.id],
      amount: '1500000.50',
      currency: 'RUB',
      stageId: open[1].id,
      expectedCloseDate: '2026-12-31',
      ownerId,
    }),
  );
  await ok(
    from.admin.post('/api/v1/deals', {
      title: 'Square: service',
      companyId: square.id,
      amount: '4200',
      currency: 'EUR',
      stageId: won.id,
      ownerId,
    }),
  );
  await ok(from.admin.post('/api/v1/deals', { title: 'Шумная сделка' }));
  await ok(
    from.admin.post('/api/v1/activities', {
      type: 'call',
      subject: 'Первый звонок',
      dueAt: '2026-03-02T07:00:00.000Z',
      doneAt: '2026-03-02T07:05:00.000Z',
      outcome: 'Договорились о встрече',
      notes: 'Перезвонить после праздников',
      durationMinutes: 5,
      contactId: ivan.id,
      dealId: deal.id,
      ownerId,
    }),
  );
  await ok(
    from.admin.post('/api/v1/activities', {
      type: 'meeting',
      subject: 'Meeting at Square',
      dueAt: '2026-04-10T12:30:00.000Z',
      companyId: square.id,
      ownerId,
    }),
  );
  await ok(from.admin.post('/api/v1/activities', { type: 'task', subject: 'Шумная задача', dueAt: '2026-04-10T12:30:00.000Z' }));
}

/** Everything live in a workspace, as comparable values: names for links and owners, sorted lists. */
/** A deal or activity row as compared: every column, the owner by name. */
type Row = { owner: string | null } & Record<string, unknown>;

async function snapshot(ctx: TestContext) {
  const ws = ctx.workspaceId;
  const sorted = (v: string[]) => [...v].sort();
  const companies = await sql<{
    name: string;
    inn: string | null;
    country: string | null;
    website: string | null;
    industry: string | null;
    phones: { number: string }[];
    emails: { address: string }[];
    tags: string[];
    owner: string | null;
  }>`select c.name, c.inn, c.country, c.website, c.industry, c.phones, c.emails, c.tags, u.name as owner
    from companies c left join users u on u.id = c.owner_id
    where c.workspace_id = ${ws} and c.deleted_at is null order by c.name`.execute(ctx.db);
  const contacts = await sql<{
    first_name: string;
    last_name: string | null;
    middle_name: string | null;
    position: string | null;
    birthday: string | null;
    company: string | null;
    phones: { number: string }[];
    emails: { address: string }[];
    tags: string[];
    owner: string | null;
  }>`select p.first_name, p.last_name, p.middle_name, p.position, p.birthday, c.name as company, p.phones, p.emails, p.tags, u.name as owner
    from contacts p left join companies c on c.id = p.company_id left join users u on u.id = p.owner_id
    where p.workspace_id = ${ws} and p.deleted_at is null order by p.first_name`.execute(ctx.db);
  const deals = await sql<Row>`select d.title, d.amount, d.currency, s.name as stage, d.status, c.name as company, u.name as owner,
      d.expected_close_date, d.probability
    from deals d join pipeline_stages s on s.id = d.stage_id left join companies c on c.id = d.company_id left join users u on u.id = d.owner_id
    where d.workspace_id = ${ws} and d.deleted_at is null order by d.title`.execute(ctx.db);
  const activities = await sql<Row>`select a.type, a.subject, a.due_at, a.done, a.done_at, a.outcome, a.notes, a.duration_minutes,
      p.full_name as contact, c.name as company, d.title as deal, u.name as owner
    from activities a left join contacts p on p.id = a.contact_id left join companies c on c.id = a.company_id
      left join deals d on d.id = a.deal_id left join users u on u.id = a.owner_id
    where a.workspace_id = ${ws} and a.deleted_at is null order by a.subject`.execute(ctx.db);
  return {
    companies: companies.rows.map((c) => ({
      ...c,
      phones: sorted(c.phones.map((p) => p.number)),
      emails: sorted(c.emails.map((e) => e.address)),
      tags: sorted(c.tags),
    })),
    contacts: contacts.rows.map((c) => ({
      ...c,
      phones: sorted(c.phones.map((p) => p.number)),
      emails: sorted(c.emails.map((e) => e.address)),
      tags: sorted(c.tags),
    })),
    deals: deals.rows,
    activities: activities.rows,
  };
}

/** The source's filtered lists (the manager's records), as the admin exports them. */
const exports = (format: 'csv' | 'xlsx') =>
  [
    ['companies', `/api/v1/companies/export?format=${format}&tag=rt`],
    ['contacts', `/api/v1/contacts/export?format=${format}&tag=rt`],
    ['deals', `/api/v1/deals/export?format=${format}&ownerId=${source.user.id}`],
    ['activities', `/api/v1/activities/export?format=${format}&ownerId=${source.user.id}`],
  ] as const;

describe('export -> import round trip', () => {
  it('CSV, then XLSX, into an empty workspace: the same records, field by field', async () => {
    const all = await snapshot(from);
    // The filters leave out what the lists would not show: the admin's own noise records.
    const expected = {
      companies: all.companies.filter((c) => c.tags.includes('rt')),
      contacts: all.contacts.filter((c) => c.tags.includes('rt')),
      deals: all.deals.filter((d) => d.owner === OWNER),
      activities: all.activities.filter((a) => a.owner === OWNER),
    };
    expect(expected.companies).toHaveLength(2);
    expect(expected.activities).toHaveLength(2);
    for (const format of ['csv', 'xlsx'] as const) {
      const done: string[] = [];
      for (const [entity, url] of exports(format)) {
        const file = await from.admin.get(url);
        expect(file.statusCode, file.body).toBe(200);
        const result = await importFile(to.admin, file.rawPayload, `${entity}.${format}`, { entity });
        expect(result, `${format} ${entity}: ${JSON.stringify(result.errors)} ${JSON.stringify(result.warnings)}`).toMatchObject({
          status: 'done',
          rejected: 0,
          warningCount: 0,
          created: expected[entity].length,
        });
        done.push(result.id);
      }
      expect(await snapshot(to), format).toEqual(expected);
      // Undone, newest first, for the next format to start from an empty workspace again.
      for (const id of done.reverse()) await undo(to.admin, id);
      expect(await snapshot(to)).toEqual({ companies: [], contacts: [], deals: [], activities: [] });
    }
    // The target's manager sees the records as theirs.
    expect((await target.get('/api/v1/deals')).statusCode).toBe(200);
  });
});
