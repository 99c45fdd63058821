import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../test/harness.js';
import { onEvent, publish, type DomainEvent } from './events.js';
import { canSeeRecord, findRecordKind, namesAmong, namesOfRefs, recordKinds, visibleAmong } from './registry.js';

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
