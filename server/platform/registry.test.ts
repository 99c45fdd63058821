import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type Caller, type TestContext } from '../test/harness.js';
import { createWorkspaceWithAdmin } from '../modules/users/index.js';
import { onEvent, publish, type DomainEvent } from './events.js';
import { sql } from 'kysely';
import { snapshotsForViewer } from './links.js';
import {
  canSeeRecord,
  findRecordKind,
  namedLinks,
  namesAmong,
  namesOfRefs,
  recordKinds,
  registerRecordKind,
  visibleAmong,
  visibleNameOf,
} from './registry.js';

let ctx: TestContext;
let m1: Caller;
let m2: Caller;
beforeAll(async () => {
  ctx = await createTestContext();
  m1 = await ctx.userWith('manager', { name: 'Первый' });
  m2 = await ctx.userWith('manager', { name: 'Второй' });
});
afterAll(async () => {
  await ctx.close();
});

const contact = async (c: Caller, fullName: string) => {
  const [firstName, lastName] = fullName.split(' ');
  const r = await c.post('/api/v1/contacts', { firstName, lastName });
  expect(r.statusCode).toBe(201);
  return r.json().id as string;
};

describe('records registry', () => {
  it('knows each kind once, and nothing else (no prototype keys)', () => {
    expect(recordKinds()).toEqual(expect.arrayContaining(['contact', 'company', 'deal', 'activity', 'product', 'pipeline', 'lost_reason']));
    expect(new Set(recordKinds()).size).toBe(recordKinds().length);
    for (const k of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) expect(findRecordKind(k)).toBeUndefined();
  });

  it('names no record of another workspace in a join, even for an admin (whose visibility is no filter)', async () => {
    const other = await createWorkspaceWithAdmin(ctx.db, {
      workspaceName: 'Другое пространство',
      email: `registry-other-${Date.now()}@test.local`,
      name: 'Другой админ',
      password: TEST_PASSWORD,
    });
    const stranger = await ctx.signIn(other.user.email, TEST_PASSWORD);
    const foreign = await contact(stranger, 'Тайна Чужая');
    const own = await contact(ctx.admin, 'Своя Запись');
    const r = await sql<{ id: string; name: string | null }>`select ct.id, ${visibleNameOf(ctx.admin.user, 'contact', 'ct')} as name
      from contacts ct where ct.id = any(${[foreign, own]}::uuid[])`.execute(ctx.db);
    const byId = new Map(r.rows.map((x) => [x.id, x.name]));
    expect(byId.get(own)).toMatch(/Своя/);
    expect(byId.get(foreign)).toBeNull();
  });

  it('names only the records the viewer may open', async () => {
    const mine = await contact(m1, 'Анна Своя');
    const theirs = await contact(m2, 'Борис Чужой');
    const names = await namesAmong(ctx.db, m1.user, 'contact', [mine, theirs, 'not-a-uuid']);
    expect([...names.keys()]).toEqual([mine]);
    expect(names.get(mine)).toMatch(/Анна/);
    expect(await visibleAmong(ctx.db, m2.user, 'contact', [mine, theirs])).toEqual(new Set([theirs]));
    expect(await canSeeRecord(ctx.db, m1.user, 'contact', theirs)).toBe(false);
    expect(await canSeeRecord(ctx.db, m1.user, 'constructor', mine)).toBe(false);
    const refs = await namesOfRefs(ctx.db, m1.user, [
      { kind: 'contact', id: mine },
      { kind: 'contact', id: theirs },
      { kind: 'nonsense', id: mine },
    ]);
    expect([...refs.keys()]).toEqual([`contact:${mine}`]);
  });
});

describe('domain events', () => {
  it('publishes audited changes as lifecycle events inside the change transaction', async () => {
    const seen: DomainEvent<'contact.created'>[] = [];
    onEvent('contact.created', 'test-recorder', async (_trx, e) => {
      seen.push(e);
    });
    const id = await contact(m1, 'Вера Событийная');
    const e = seen.find((x) => x.payload.id === id);
    expect(e?.type).toBe('contact.created');
    expect(e?.actorId).toBe(m1.user.id);
    expect(e?.payload.after).toMatchObject({ firstName: 'Вера', lastName: 'Событийная' });
  });

  it('rolls the change back when a handler fails, and refuses to publish outside a transaction', async () => {
    onEvent('contact.created', 'test-failing', async () => {
      throw new Error('handler failed');
    });
    const before = await ctx.db.selectFrom('contacts').select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await m1.post('/api/v1/contacts', { firstName: 'Не', lastName: 'Сохранится' });
    expect(r.statusCode).toBe(500);
    const after = await ctx.db.selectFrom('contacts').select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    onEvent('contact.created', 'test-failing', async () => {});
    await expect(
      publish(ctx.db, 'contact.updated', {
        workspaceId: m1.user.workspaceId,
        actorId: null,
        payload: { id: 'x', before: null, after: null },
      }),
    ).rejects.toThrow(/outside a transaction/);
  });
});

describe('named links are declared by each kind', () => {
  it('an invoice’s audit hides the contact it links to once the reader may no longer open that contact', async () => {
    const entity = await ctx.admin.post('/api/v1/legal-entities', { name: 'ООО «Продавец»', country: 'RU', inn: '7707083893' });
    const companyId = (await m1.post('/api/v1/companies', { name: 'ООО «Покупатель»' })).json().id;
    const contact = (await m1.post('/api/v1/contacts', { firstName: 'Галина', lastName: 'Уходящая', companyId })).json();
    const body = {
      legalEntityId: entity.json().id,
      companyId,
      contactId: contact.id,
      currency: 'RUB',
      issueDate: '2026-11-02',
      dueDate: '2026-11-12',
      lines: [],
    };
    const invoice = await m1.post('/api/v1/invoices', body);
    expect(invoice.statusCode, invoice.body).toBe(201);
    const moved = await ctx.admin.patch(`/api/v1/contacts/${contact.id}`, { ownerId: m2.user.id, version: contact.version });
    expect(moved.statusCode, moved.body).toBe(200);
    const created = async (who: Caller) =>
      (await who.get(`/api/v1/audit?entity=invoice&id=${invoice.json().id}`))
        .json()
        .items.find((e: { action: string }) => e.action === 'create');
    expect((await created(m1)).after).toMatchObject({ contactId: contact.id, contact: { id: contact.id, name: null, hidden: true } });
    expect((await created(ctx.admin)).after.contact).toMatchObject({ name: contact.fullName, hidden: false });
  });

  it('a kind registering a link makes snapshots hide it, with no list elsewhere to extend', async () => {
    const deal = (await m2.post('/api/v1/deals', { title: 'Закрытая сделка', amount: '1' })).json().id as string;
    const doc = { probeDealId: deal, probeDealTitle: 'Закрытая сделка' };
    expect(await snapshotsForViewer(ctx.db, m1.user, [doc])).toEqual([doc]);
    registerRecordKind({
      kind: 'probe',
      table: 'deals',
      name: (alias) => sql<string>`${sql.ref(`${alias}.title`)}`,
      owned: true,
      webPath: () => '/',
      links: [{ idKey: 'probeDealId', kind: 'deal', nameKeys: ['probeDealTitle'] }],
    });
    expect(namedLinks()).toContainEqual({ idKey: 'probeDealId', kind: 'deal', nameKeys: ['probeDealTitle'] });
    expect(await snapshotsForViewer(ctx.db, m1.user, [doc])).toEqual([{ probeDealId: deal, probeDealTitle: null }]);
    expect(await snapshotsForViewer(ctx.db, m2.user, [doc])).toEqual([doc]);
  });
});
