// Findings 2.7 and 2.9 of issue 6: checks that raced. Duplicate checks (INN, EIK, phone, email)
// and shares must hold under parallel requests, and concurrent reassignments must lock the
// contacts, re-check the caller's scope after the lock and audit the true previous owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type Caller, type TestContext } from './harness.js';
import { insertContact } from '../modules/activities/activities.fixtures.js';

let ctx: TestContext;
let m: Caller;

beforeAll(async () => {
  ctx = await createTestContext();
  m = await ctx.userWith('manager');
});
afterAll(async () => {
  await ctx.close();
});

const statuses = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const times = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('duplicate checks under concurrency (2.9)', () => {
  it('20 parallel creates of a company with the same INN: one 201, nineteen 409; sequentially the second also 409', async () => {
    const res = await Promise.all(times(20).map((i) => m.post('/api/v1/companies', { name: `ИНН ${i}`, inn: '7707083893' })));
    expect(statuses(res)).toEqual([201, ...Array(19).fill(409)]);
    const again = await m.post('/api/v1/companies', { name: 'Ещё раз', inn: '7707083893' });
    expect(again.statusCode).toBe(409);
    // A deliberate duplicate is still allowed.
    expect((await m.post('/api/v1/companies?force=true', { name: 'Сознательно', inn: '7707083893' })).statusCode).toBe(201);
  });

  it('20 parallel creates with the same EIK: one 201', async () => {
    const res = await Promise.all(times(20).map((i) => m.post('/api/v1/companies', { name: `EIK ${i}`, eik: '175074752' })));
    expect(statuses(res)).toEqual([201, ...Array(19).fill(409)]);
  });

  it('20 parallel creates of a contact with the same phone (written differently): one 201', async () => {
    const formats = ['+7 916 123-45-67', '+79161234567', '8 (916) 123-45-67', '+7 (916) 1234567'];
    const res = await Promise.all(
      times(20).map((i) =>
        m.post('/api/v1/contacts', { firstName: `Тел${i}`, phones: [{ type: 'mobile', number: formats[i % formats.length] }] }),
      ),
    );
    expect(statuses(res)).toEqual([201, ...Array(19).fill(409)]);
  });

  it('20 parallel creates of a contact with the same email (any case): one 201', async () => {
    const res = await Promise.all(
      times(20).map((i) =>
        m.post('/api/v1/contacts', {
          firstName: `Почта${i}`,
          emails: [{ type: 'work', address: i % 2 ? 'Same@Mail.test' : 'same@mail.test' }],
        }),
      ),
    );
    expect(statuses(res)).toEqual([201, ...Array(19).fill(409)]);
  });

  it('30 parallel identical shares write one share and one audit entry; 30 parallel unshares one more', async () => {
    const colleague = await ctx.userWith('manager');
    const c = (await m.post('/api/v1/contacts', { firstName: 'Общий' })).json();
    const res = await Promise.all(times(30).map(() => m.post(`/api/v1/contacts/${c.id}/shares`, { userId: colleague.user.id })));
    expect(new Set(res.map((r) => r.statusCode))).toEqual(new Set([200]));
    const audits = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from audit_log where entity = 'contact' and entity_id = ${c.id}
          and action = 'update' and changes ? 'sharedWith'`.execute(ctx.db)
      ).rows[0].n;
    expect(await audits()).toBe(1);
    const shares = await ctx.db.selectFrom('record_shares').selectAll().where('entity_id', '=', c.id).execute();
    expect(shares).toHaveLength(1);
    const gone = await Promise.all(times(30).map(() => m.del(`/api/v1/contacts/${c.id}/shares/${colleague.user.id}`)));
    expect(new Set(gone.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(await audits()).toBe(2);
  });
});

describe('concurrent reassignments (2.7)', () => {
  it('3 concurrent reassigns of the same 100 contacts: none moves contacts out of the caller scope, audit has true previous owners', async () => {
    const teamA = await ctx.createTeam('Reassign A');
    const teamB = await ctx.createTeam('Reassign B');
    const head = await ctx.userWith('head_of_sales', { teamId: teamA });
    await ctx.db.updateTable('teams').set({ lead_id: head.user.id }).where('id', '=', teamA).execute();
    const a1 = await ctx.userWith('manager', { teamId: teamA });
    const a2 = await ctx.userWith('manager', { teamId: teamA });
    const a3 = await ctx.userWith('manager', { teamId: teamA });
    const b1 = await ctx.userWith('manager', { teamId: teamB });
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push(await insertContact(ctx.db, ctx.workspaceId, { ownerId: a1.user.id, firstName: `R${i}` }));

    // The head moves them within the team twice while the admin gives them to another team.
    const [r1, r2, r3] = await Promise.all([
      head.post('/api/v1/control/reassign', { contactIds: ids, toUserIds: [a2.user.id] }),
      ctx.admin.post('/api/v1/control/reassign', { contactIds: ids, toUserIds: [b1.user.id] }),
      head.post('/api/v1/control/reassign', { contactIds: ids, toUserIds: [a3.user.id] }),
    ]);
    for (const r of [r1, r2, r3]) expect([200, 422], r.body).toContain(r.statusCode);
    expect(r2.statusCode, r2.body).toBe(200);

    const teamAIds = new Set([head.user.id, a1.user.id, a2.user.id, a3.user.id]);
    const entries = await ctx.db
      .selectFrom('audit_log')
      .select(['entity_id', 'user_id', 'before', 'after', 'id'])
      .where('entity', '=', 'contact')
      .where('action', '=', 'reassign')
      .where('entity_id', 'in', ids)
      .orderBy('id')
      .execute();
    const final = new Map(
      (await ctx.db.selectFrom('contacts').select(['id', 'owner_id']).where('id', 'in', ids).execute()).map((r) => [r.id, r.owner_id]),
    );
    // The head never moved a contact that was already out of their team's hands.
    const headMoves = entries.filter((e) => e.user_id === head.user.id);
    const outOfScope = headMoves.filter((e) => !teamAIds.has((e.before as { ownerId: string }).ownerId));
    expect(outOfScope.length).toBe(0);
    // Per contact, the entries form a chain from a1 to the final owner: each "from" is the previous "to".
    let wrong = 0;
    for (const id of ids) {
      let owner: string | null = a1.user.id;
      for (const e of entries.filter((x) => x.entity_id === id)) {
        if ((e.before as { ownerId: string }).ownerId !== owner) wrong++;
        owner = (e.after as { ownerId: string }).ownerId;
      }
      if (owner !== final.get(id)) wrong++;
    }
    expect(wrong).toBe(0);
    // Each call moved all of its contacts or none (a transaction per reassignment).
    for (const r of [r1, r2, r3]) if (r.statusCode === 200) expect(r.json().moved).toBe(100);
  });
});
