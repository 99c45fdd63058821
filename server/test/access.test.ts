// Record-level access that scales to new endpoints: every GET route of the OpenAPI document whose
// path is `/api/v1/<table>/{id}...` (where <table> is the table of an owned kind in the records
// registry) must answer 404 to a manager for a record of another manager, as for one that does not
// exist, and 200 to its owner.
//
// How a new endpoint joins: nothing to do when it lives under an existing kind's path
// (`/deals/{id}/documents` is found and checked automatically). A new kind registered in app.ts
// (registerRecordKind) with owners or an access rule of its own (`visible`) joins by adding one line to `factories` below that creates a record
// of it as the given caller; the test fails and says so when a kind with such routes has none.
// The notes and shares routes generated from the registry (RecordKind.api) are written to as well:
// a stranger's note or share is refused as not found and leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRecordKind, recordKinds } from '../platform/registry.js';
import { documentSourceKinds } from '../modules/templates/index.js';
import { apiKinds } from '../modules/records/index.js';
import { createWorkspaceWithAdmin } from '../modules/users/index.js';
import { createTestContext, TEST_PASSWORD, type Caller, type TestContext } from './harness.js';

let ctx: TestContext;
let owner: Caller;
let stranger: Caller;

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

/** Creates one record of the kind owned by `who`, returns its id. */
const factories: Record<string, (who: Caller) => Promise<string>> = {
  contact: async (who) => (await who.post('/api/v1/contacts', { firstName: 'Доступ', lastName: 'Проверка' })).json().id,
  company: async (who) => (await who.post('/api/v1/companies', { name: 'ООО «Доступ»' })).json().id,
  deal: async (who) => (await who.post('/api/v1/deals', { title: 'Сделка доступа', amount: '1' })).json().id,
  activity: async (who) => (await who.post('/api/v1/activities', { type: 'task', subject: 'Дело доступа', dueAt: inHours(1) })).json().id,
  invoice: async (who) => {
    const entity = await ctx.admin.post('/api/v1/legal-entities', { name: 'ООО «Доступ»', country: 'RU', inn: '7707083893' });
    const companyId = (await who.post('/api/v1/companies', { name: 'ООО «Плательщик»' })).json().id;
    const body = { legalEntityId: entity.json().id, companyId, currency: 'RUB', issueDate: '2026-11-02', dueDate: '2026-11-12', lines: [] };
    return (await who.post('/api/v1/invoices', body)).json().id;
  },
  // A payment is seen through its company: one of a company of the caller, booked by the admin.
  payment: async (who) => {
    const companyId = (await who.post('/api/v1/companies', { name: 'ООО «Платёж»' })).json().id;
    const body = { companyId, amount: '10.00', currency: 'RUB', date: '2026-11-20', method: 'bank_transfer' };
    return (await ctx.admin.post('/api/v1/payments', body)).json().id;
  },
  // A call is its manager's: one the caller answered on their extension.
  call: async (who) => {
    const extension = String(100 + (++calls % 800));
    await ctx.admin.patch(`/api/v1/users/${who.user.id}`, { extension });
    const providerCallId = `access-${calls}`;
    await ctx.admin.post('/api/v1/telephony/events', [
      { providerCallId, event: 'ringing', direction: 'in', from: '+79160000000', to: '74950000000' },
      { providerCallId, event: 'answered', extension },
    ]);
    return (await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', providerCallId).executeTakeFirstOrThrow()).id;
  },
  // A contract is seen through its company: one for a company of the caller, signed by the admin.
  contract: async (who) => {
    const entity = await ctx.admin.post('/api/v1/legal-entities', { name: 'ООО «Договор доступа»', country: 'RU', inn: '7707083893' });
    const companyId = (await who.post('/api/v1/companies', { name: 'ООО «Сторона договора»' })).json().id;
    const body = { companyId, legalEntityId: entity.json().id, number: `Д-${++contracts}`, date: '2026-11-01', currency: 'RUB' };
    return (await ctx.admin.post('/api/v1/contracts', body)).json().id;
  },
  // A ticket is seen through its company: one for a company of the caller.
  ticket: async (who) => {
    const companyId = (await who.post('/api/v1/companies', { name: 'ООО «Обращение»' })).json().id;
    return (await who.post('/api/v1/tickets', { subject: 'Обращение доступа', companyId })).json().id;
  },
};
let calls = 0;
let contracts = 0;

/** A document attached to a contact of `who`, uploaded as a browser sends it. */
async function documentOf(who: Caller): Promise<string> {
  const contactId = await factories.contact(who);
  const b = 'accessboundary';
  const payload = [
    `--${b}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncontact\r\n`,
    `--${b}\r\nContent-Disposition: form-data; name="entityId"\r\n\r\n${contactId}\r\n`,
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nдоступ\r\n--${b}--\r\n`,
  ].join('');
  const r = await who.req({
    method: 'POST',
    url: '/api/v1/documents',
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
    payload,
  });
  return r.json().id;
}
factories.document = documentOf;

type Route = { path: string; kind: string };
let routes: Route[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  owner = await ctx.userWith('manager');
  stranger = await ctx.userWith('manager');
  const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  // Routes sit under a kind's table name or its declared API segment (RecordKind.api).
  const byTable = new Map(
    recordKinds()
      .map((k) => findRecordKind(k)!)
      // Kinds with an owner, and kinds with an access rule of their own (calls: manager and linked clients).
      .filter((k) => k.owned || k.visible)
      .flatMap((k) => [[k.table, k.kind] as const, ...(k.api ? [[k.api.segment, k.kind] as const] : [])]),
  );
  routes = Object.entries(doc.paths)
    .filter(([path, ops]) => 'get' in ops && /^\/api\/v1\/[^/]+\/\{id\}(\/[^{}]*)?$/.test(path))
    .flatMap(([path]) => {
      const kind = byTable.get(path.split('/')[3]);
      return kind ? [{ path, kind }] : [];
    });
});
afterAll(async () => {
  await ctx.close();
});

describe("another manager's records answer 404 on every GET /<kind>/{id} route", () => {
  it('finds the routes of every owned kind that has them', () => {
    const kinds = new Set(routes.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['call', 'company', 'contact', 'deal']));
    for (const k of kinds) expect(factories[k], `add a factory for the record kind "${k}" to server/test/access.test.ts`).toBeDefined();
  });

  it('each route: 200 for the owner (or their own view), 404 for a stranger', async () => {
    const ids = new Map<string, string>();
    const failures: string[] = [];
    for (const r of routes) {
      if (!ids.has(r.kind)) ids.set(r.kind, await factories[r.kind](owner));
      const url = r.path.replace('{id}', ids.get(r.kind)!);
      const mine = await owner.get(url);
      const theirs = await stranger.get(url);
      if (mine.statusCode !== 200) failures.push(`${r.path}: owner got ${mine.statusCode}`);
      if (theirs.statusCode !== 404) failures.push(`${r.path}: stranger got ${theirs.statusCode} ${theirs.body.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    expect(routes.length).toBeGreaterThan(5);
  });
});

// Documents are made from records too (POST /templates/preview with `entity`, `entityId`): every
// kind with a document source answers a stranger 404, as its own GET does.
describe("documents made from another manager's records answer 404", () => {
  it('every document source: the owner gets the file, a stranger 404', async () => {
    const le = await ctx.admin.post('/api/v1/legal-entities', { name: 'ООО «Доступ»', country: 'RU', inn: '7707083893' });
    expect(le.statusCode, le.body).toBe(201);
    const kinds = documentSourceKinds();
    expect(kinds).toContain('deal');
    for (const kind of kinds) {
      expect(factories[kind], `add a factory for the record kind "${kind}" to server/test/access.test.ts`).toBeDefined();
      const entityId = await factories[kind](owner);
      for (const format of ['pdf', 'docx', 'json']) {
        const body = { template: 'ru-invoice', entity: kind, entityId, legalEntityId: le.json().id, format };
        const mine = await owner.post('/api/v1/templates/preview', body);
        const theirs = await stranger.post('/api/v1/templates/preview', body);
        expect(mine.statusCode, `${kind} ${format}: ${mine.body.slice(0, 200)}`).toBe(200);
        expect(theirs.statusCode, `${kind} ${format}`).toBe(404);
      }
    }
  });
});

// List exports (GET /<list>/export, CSV/XLSX/vCard) and the export jobs: a stranger's export holds
// none of the owner's records, and an export job answers only to the one who asked for it.
describe("exports hold only the caller's records; export jobs answer 404 to anyone else", () => {
  it("every list export of a stranger leaves out the owner's records; their job is 404 to the stranger", async () => {
    const failures: string[] = [];
    for (const [list, kind] of [
      ['contacts', 'contact'],
      ['companies', 'company'],
      ['deals', 'deal'],
      ['activities', 'activity'],
    ] as const) {
      await factories[kind](owner);
      for (const format of list === 'contacts' ? ['csv', 'xlsx', 'vcf'] : ['csv', 'xlsx']) {
        const mine = await owner.get(`/api/v1/${list}/export?format=${format}`);
        const theirs = await stranger.get(`/api/v1/${list}/export?format=${format}`);
        if (mine.statusCode !== 200) failures.push(`${list} ${format}: owner got ${mine.statusCode}`);
        if (theirs.statusCode !== 200) failures.push(`${list} ${format}: stranger got ${theirs.statusCode}`);
        // The factories name every record with "Доступ"/"доступа": nothing of it may reach the stranger.
        if (format !== 'xlsx' && /[Дд]оступ/.test(theirs.body))
          failures.push(`${list} ${format}: the stranger's file names the owner's record`);
        if (format !== 'xlsx' && !/[Дд]оступ/.test(mine.body)) failures.push(`${list} ${format}: the owner's file misses their record`);
      }
    }
    const job = await ctx.db
      .insertInto('exports')
      .values({
        workspace_id: owner.user.workspaceId,
        user_id: owner.user.id,
        entity: 'contacts',
        format: 'csv',
        query: '{}',
        status: 'done',
        total: 0,
        processed: 0,
        file_name: 'contacts.csv',
        content_type: 'text/csv; charset=utf-8',
        size: 0,
        expires_at: new Date(Date.now() + 3600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const path of [`/api/v1/exports/${job.id}`, `/api/v1/exports/${job.id}/file`]) {
      if ((await owner.get(path)).statusCode !== 200) failures.push(`${path}: owner refused`);
      if ((await stranger.get(path)).statusCode !== 404) failures.push(`${path}: stranger not refused`);
      if ((await ctx.admin.get(path)).statusCode !== 404) failures.push(`${path}: another user (the admin) not refused`);
    }
    expect(failures).toEqual([]);
  });
});

// Writes of a kind's own beyond the generated ones: a stranger's attempt is refused as not found.
describe("another manager's records refuse their own writes", () => {
  it('sending an invoice by e-mail: 404 for a stranger, nothing queued; the owner may', async () => {
    const id = await factories.invoice(owner);
    const send = await stranger.post(`/api/v1/invoices/${id}/send`, { to: 'buh@example.com' });
    expect(send.statusCode, send.body).toBe(404);
    expect(send.json().error.code).toBe('INVOICE_NOT_FOUND');
    const mine = await owner.post(`/api/v1/invoices/${id}/send`, { to: 'buh@example.com' });
    // Past access: this test's server has no SMTP set up.
    expect(mine.json().error.code).toBe('MAIL_NOT_CONFIGURED');
    expect((await owner.get(`/api/v1/invoices/${id}/mailings`)).json().items).toEqual([]);
  });
});

describe("bulk actions, counts and suggestions of the lists leave another manager's records out", () => {
  it('contacts and companies: by ids or by an empty filter, nothing of the owner is changed, counted or suggested', async () => {
    for (const kind of ['contact', 'company'] as const) {
      const path = kind === 'contact' ? 'contacts' : 'companies';
      const id = await factories[kind](owner);
      await owner.patch(`/api/v1/${path}/${id}`, { version: 1, tags: ['Тайный'], segment: 'Тайный' });
      for (const selection of [{ ids: [id] }, { filter: {} }]) {
        const res = await stranger.post(`/api/v1/${path}/bulk`, { action: 'delete', ...selection });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().ids).not.toContain(id);
      }
      expect((await owner.get(`/api/v1/${path}/${id}`)).statusCode).toBe(200);
      const facets = (await stranger.get(`/api/v1/${path}/facets?q=${encodeURIComponent('тай')}`)).json();
      expect(facets).toEqual({ tags: [], segments: [] });
      expect((await owner.get(`/api/v1/${path}/facets?q=${encodeURIComponent('тай')}`)).json().tags).toHaveLength(1);
      expect((await stranger.get(`/api/v1/${path}/count?tag=${encodeURIComponent('тайный')}`)).json().total).toBe(0);
      expect((await owner.get(`/api/v1/${path}/count?tag=${encodeURIComponent('тайный')}`)).json().total).toBeGreaterThan(0);
    }
  });
});

describe("another manager's saved views", () => {
  it('answer 404 to every route under /views/{id}, are not listed, and stay as they were', async () => {
    const v = (await owner.post('/api/v1/views', { list: 'contacts', name: 'Доступ к видам', filters: { tag: 'vip' } })).json();
    for (const res of [
      await stranger.get(`/api/v1/views/${v.id}`),
      await stranger.patch(`/api/v1/views/${v.id}`, { name: 'Чужое' }),
      await stranger.del(`/api/v1/views/${v.id}`),
    ])
      expect(res.statusCode, res.body).toBe(404);
    expect((await stranger.get('/api/v1/views')).json().items).toEqual([]);
    expect((await owner.get(`/api/v1/views/${v.id}`)).json()).toMatchObject({ name: 'Доступ к видам', filters: { tag: 'vip' } });
    expect((await owner.get('/api/v1/views?list=contacts')).json().items.map((i: { id: string }) => i.id)).toEqual([v.id]);
  });
});

describe("another manager's records refuse the generated writes (notes, shares)", () => {
  it('each kind that declares them: 404 for a stranger and nothing written; the owner may', async () => {
    const failures: string[] = [];
    const writable = apiKinds().filter((k) => k.api.notes || k.api.shares);
    expect(writable.map((k) => k.kind)).toEqual(expect.arrayContaining(['contact', 'company']));
    for (const def of writable) {
      expect(factories[def.kind], `add a factory for the record kind "${def.kind}" to server/test/access.test.ts`).toBeDefined();
      const id = await factories[def.kind](owner);
      const base = `/api/v1/${def.api.segment}/${id}`;
      const tries: [string, () => Promise<{ statusCode: number }>][] = [];
      if (def.api.notes) tries.push([`POST ${base}/notes`, () => stranger.post(`${base}/notes`, { text: 'чужая заметка' })]);
      if (def.api.shares) {
        tries.push([`POST ${base}/shares`, () => stranger.post(`${base}/shares`, { userId: stranger.user.id })]);
        tries.push([`DELETE ${base}/shares/{userId}`, () => stranger.del(`${base}/shares/${owner.user.id}`)]);
      }
      for (const [what, send] of tries) {
        const res = await send();
        if (res.statusCode !== 404) failures.push(`${what}: stranger got ${res.statusCode}`);
      }
      if (def.api.shares) {
        const shares = (await owner.get(`${base}/shares`)).json().items;
        if (shares.length) failures.push(`${base}/shares: a stranger's share was written`);
      }
      if (def.api.notes) {
        const notes = (await owner.get(`${base}/timeline`)).json().items.filter((e: { kind: string }) => e.kind === 'note');
        if (notes.length) failures.push(`${base}/notes: a stranger's note was written`);
        const mine = await owner.post(`${base}/notes`, { text: 'своя заметка' });
        if (mine.statusCode !== 201) failures.push(`POST ${base}/notes: owner got ${mine.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

// Imports are their importer's (an admin sees the workspace's): every route under /imports/{id}
// answers another manager 404, as for an import that does not exist, and changes nothing.
describe("another manager's imports answer 404", () => {
  it('GET, rejected rows, cancel and undo: 200 (or the owner’s own refusal) for the owner, 404 for a stranger', async () => {
    const b = 'accessimport';
    const payload = [
      `--${b}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncontacts\r\n`,
      `--${b}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\ntrue\r\n`,
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nИмя;Телефон\r\nДоступ;+79160000001\r\n--${b}--\r\n`,
    ].join('');
    const created = await owner.req({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { 'content-type': `multipart/form-data; boundary=${b}` },
      payload,
    });
    expect(created.statusCode, created.body).toBe(202);
    const id = created.json().id;
    for (const url of [`/api/v1/imports/${id}`, `/api/v1/imports/${id}/rejected`, `/api/v1/imports/${id}/rejected?format=xlsx`]) {
      expect((await owner.get(url)).statusCode, url).toBe(200);
      expect((await stranger.get(url)).statusCode, url).toBe(404);
    }
    for (const action of ['cancel', 'undo']) {
      expect((await stranger.post(`/api/v1/imports/${id}/${action}`, {})).statusCode, action).toBe(404);
    }
    expect((await owner.get(`/api/v1/imports/${id}`)).json().status).not.toBe('cancelled');
    expect((await stranger.get('/api/v1/imports')).json().items).toEqual([]);
  });
});

// Calls of unknown numbers and the lost-call report are lists, not /<kind>/{id} routes: each is
// checked here with a call answered by the owner from a number no client has.
describe("another manager's calls stay out of the unsorted queue and the lost-call report", () => {
  it('a stranger neither lists nor sorts the call (404), and the report counts only their own', async () => {
    const extension = String(100 + (++calls % 800));
    await ctx.admin.patch(`/api/v1/users/${owner.user.id}`, { extension });
    const providerCallId = `access-unsorted-${calls}`;
    const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    await ctx.admin.post('/api/v1/telephony/events', [
      { providerCallId, event: 'ringing', direction: 'in', from: '+79167770011', to: '74950000000', startedAt: at(90) },
      { providerCallId, event: 'answered', extension, answeredAt: at(89) },
      { providerCallId, event: 'ended', endedAt: at(80) },
    ]);
    const id = (await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', providerCallId).executeTakeFirstOrThrow()).id;
    const listed = async (who: Caller) =>
      (await who.get('/api/v1/calls/unsorted?limit=200')).json().items.map((i: { lastCall: { id: string } }) => i.lastCall.id);
    expect(await listed(owner)).toContain(id);
    expect(await listed(stranger)).not.toContain(id);
    const reported = async (who: Caller) =>
      (await who.get('/api/v1/reports/lost-calls?outcome=all&limit=200'))
        .json()
        .calls.items.map((i: { call: { id: string } }) => i.call.id);
    expect(await reported(owner)).toContain(id);
    expect(await reported(stranger)).not.toContain(id);
    const sort = await stranger.post(`/api/v1/calls/${id}/sort`, { createContact: { firstName: 'Чужой' } });
    expect(sort.statusCode).toBe(404);
    expect(await listed(owner)).toContain(id);
    const mine = await owner.post(`/api/v1/calls/${id}/sort`, { createContact: { firstName: 'Свой' } });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(await listed(owner)).not.toContain(id);
  });
});

// The agenda and its section pages (GET /agenda, /agenda/overdue, /agenda/upcoming, every path under
// /agenda in the OpenAPI document) are lists of one owner's activities: another manager's answer
// 403 and their own agenda neither lists the owner's activity nor names the owner's contact.
describe("another manager's agenda is closed to a stranger, and its linked records unnamed", () => {
  it('every agenda route: 403 for a stranger on the owner, 200 for the owner; the stranger sees neither activity nor name', async () => {
    const contactId = await factories.contact(owner);
    const call = await owner.post('/api/v1/activities', { type: 'call', subject: 'Повестка доступа', dueAt: inHours(-2), contactId });
    expect(call.statusCode, call.body).toBe(201);
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    const paths = Object.keys(doc.paths).filter((p) => /^\/api\/v1\/agenda(\/|$)/.test(p));
    expect(paths.length).toBeGreaterThanOrEqual(3);
    const failures: string[] = [];
    for (const path of paths) {
      const theirs = await stranger.get(`${path}?userId=${owner.user.id}`);
      if (theirs.statusCode !== 403) failures.push(`${path}: stranger got ${theirs.statusCode}`);
      const mine = await owner.get(path);
      if (mine.statusCode !== 200) failures.push(`${path}: owner got ${mine.statusCode}`);
      else if (path.endsWith('/overdue') && !mine.body.includes('Доступ')) failures.push(`${path}: the owner's contact is not named`);
      const own = await stranger.get(path);
      if (own.statusCode !== 200 || own.body.includes(call.json().id) || own.body.includes('Доступ'))
        failures.push(`${path}: the stranger's own agenda shows the owner's activity or contact`);
    }
    expect(failures).toEqual([]);
  });
});

// Knowledge-base articles are nobody's: a published one is the whole workspace's, a draft its
// editors' (the roles of the workspace setting). Every GET route under /kb/articles/{id} in the
// OpenAPI document (new ones join by being there) answers a reader 404 for a draft, as for another
// workspace's article, and an editor 200; every write there refuses a reader and leaves it as it was.
describe('knowledge base: drafts are the editors’, articles the workspace’s', () => {
  it('every article route: 404 for a reader on a draft and for another workspace, 200 for an editor', async () => {
    const editor = await ctx.userWith('operator');
    const suffix = Math.random().toString(36).slice(2, 8);
    const ws = await createWorkspaceWithAdmin(ctx.db, {
      workspaceName: 'Чужая',
      email: `kb-${suffix}@test.local`,
      name: 'Чужой',
      password: TEST_PASSWORD,
    });
    const foreign = await ctx.signIn(ws.user.email, TEST_PASSWORD);
    const a = (
      await editor.post('/api/v1/kb/articles', { title: 'Доступ к статьям', body: 'Первая', language: 'ru', status: 'published' })
    ).json();
    // Unpublished after a save: a draft with a kept version, so the version routes have something to answer.
    const d = await editor.patch(`/api/v1/kb/articles/${a.id}`, { version: a.version, body: 'Вторая', status: 'draft' });
    expect(d.statusCode, d.body).toBe(200);
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/kb/articles/{id}'));
    expect(paths.length).toBeGreaterThanOrEqual(4);
    const url = (p: string) => p.replace('{id}', a.id).replace('{version}', '1');
    const failures: string[] = [];
    for (const p of paths) {
      for (const [method] of Object.entries(doc.paths[p])) {
        if (method === 'get') {
          if ((await editor.get(url(p))).statusCode !== 200) failures.push(`GET ${p}: editor refused`);
          if ((await owner.get(url(p))).statusCode !== 404) failures.push(`GET ${p}: reader saw a draft`);
          if ((await foreign.get(url(p))).statusCode !== 404) failures.push(`GET ${p}: another workspace saw it`);
        } else {
          const res = await owner.req({
            method: method.toUpperCase() as 'POST',
            url: url(p),
            payload: { version: 2, title: 'Чужая правка' },
          });
          if (res.statusCode !== 403 && res.statusCode !== 404) failures.push(`${method.toUpperCase()} ${p}: reader got ${res.statusCode}`);
          const other = await foreign.req({
            method: method.toUpperCase() as 'POST',
            url: url(p),
            payload: { version: 2, title: 'Чужая правка' },
          });
          if (other.statusCode !== 403 && other.statusCode !== 404)
            failures.push(`${method.toUpperCase()} ${p}: another workspace got ${other.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect((await editor.get(`/api/v1/kb/articles/${a.id}`)).json()).toMatchObject({ version: 2, body: 'Вторая', deletedAt: null });
    const listed = async (who: Caller) => (await who.get('/api/v1/kb/articles?limit=200')).json().items.map((i: { id: string }) => i.id);
    expect(await listed(editor)).toContain(a.id);
    expect(await listed(owner)).not.toContain(a.id);
    expect(await listed(foreign)).not.toContain(a.id);
  });

  it('suggestions for a client or ticket the caller may not open answer 404', async () => {
    const contactId = await factories.contact(owner);
    const ticketId = await factories.ticket(owner);
    for (const q of [`contactId=${contactId}`, `ticketId=${ticketId}`]) {
      expect((await owner.get(`/api/v1/kb/suggestions?${q}`)).statusCode, q).toBe(200);
      expect((await stranger.get(`/api/v1/kb/suggestions?${q}`)).statusCode, q).toBe(404);
    }
  });
});

// Bank statements are the books, not anyone's records: finance, the director and admin keep them
// for the whole workspace, nobody else sees them. Every route under /bank-statements and
// /statement-documents in the OpenAPI document (new ones join by being there) answers a manager and
// a head of sales 403, and the admin of another workspace 404, for a real statement and document.
describe('bank statements: the books of one workspace', () => {
  it('every statement route: 403 for a manager and a head of sales, 404 for another workspace, 2xx for finance', async () => {
    const finance = await ctx.userWith('finance');
    const head = await ctx.userWith('head_of_sales');
    const suffix = Math.random().toString(36).slice(2, 8);
    const ws = await createWorkspaceWithAdmin(ctx.db, {
      workspaceName: 'Чужая',
      email: `other-${suffix}@test.local`,
      name: 'Чужой',
      password: TEST_PASSWORD,
    });
    const foreign = await ctx.signIn(ws.user.email, TEST_PASSWORD);
    const ours = '40702810938120061991';
    const text = [
      '1CClientBankExchange',
      'ВерсияФормата=1.03',
      `РасчСчет=${ours}`,
      'СекцияДокумент=Платежное поручение',
      'Номер=1',
      'Дата=02.11.2026',
      'Сумма=10.00',
      'ПлательщикСчет=40702810000000000001',
      `ПолучательСчет=${ours}`,
      'КонецДокумента',
      'КонецФайла',
    ].join('\r\n');
    const b = 'accessboundary';
    const send = (who: Caller) =>
      who.req({
        method: 'POST',
        url: '/api/v1/bank-statements',
        headers: { 'content-type': `multipart/form-data; boundary=${b}` },
        payload: `--${b}\r\nContent-Disposition: form-data; name="file"; filename="s.txt"\r\n\r\n${text}\r\n--${b}--\r\n`,
      });
    const uploaded = await send(finance);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const statementId = uploaded.json().id;
    const documentId = (await finance.get(`/api/v1/bank-statements/${statementId}/documents`)).json().items[0].id;
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const ops = Object.entries(doc.paths)
      .filter(([path]) => /^\/api\/v1\/(bank-statements|statement-documents)(\/|$)/.test(path))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })));
    expect(ops.length).toBeGreaterThanOrEqual(9);
    const bodies: Record<string, unknown> = { match: { companyId: statementId }, 'create-client': {}, ignore: { reason: 'проверка' } };
    const call = (who: Caller, op: { method: string; path: string }) => {
      if (op.path === '/api/v1/bank-statements' && op.method === 'POST') return send(who);
      const url = op.path.replace('{id}', op.path.startsWith('/api/v1/bank-statements/') ? statementId : documentId);
      return op.method === 'GET' ? who.get(url) : who.post(url, bodies[url.split('/').pop()!] ?? {});
    };
    const failures: string[] = [];
    for (const op of ops) {
      for (const who of [owner, head]) {
        const res = await call(who, op);
        if (res.statusCode !== 403) failures.push(`${op.method} ${op.path}: ${who.user.role} got ${res.statusCode}`);
      }
      if (op.path.includes('{id}')) {
        const res = await call(foreign, op);
        if (res.statusCode !== 404) failures.push(`${op.method} ${op.path}: another workspace got ${res.statusCode}`);
      }
      if (op.method === 'GET') {
        const res = await call(finance, op);
        if (res.statusCode !== 200) failures.push(`${op.method} ${op.path}: finance got ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await finance.get(`/api/v1/statement-documents/${documentId}`)).json().state).toBe('unmatched');
  });
});
