import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { getAgenda, getAgendaSection } from './agenda.service.js';
import { safeTimeZone } from '../../platform/time.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

// Monday 10 March 2025, 20:30 UTC: 22:30 Monday in Sofia (UTC+2), 06:30 Tuesday in Vladivostok (UTC+10).
const NOW = new Date('2025-03-10T20:30:00Z');

/** The same UTC plan for two managers on opposite ends of the continent. */
async function seed(who: Caller) {
  const mk = async (subject: string, dueAt: string, extra: Record<string, unknown> = {}) => {
    const res = await who.post('/api/v1/activities', { type: 'task', subject, dueAt, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  return {
    overdue: await mk('t1 overdue', '2025-03-10T12:00:00Z'),
    soon: await mk('t2 soon', '2025-03-10T21:00:00Z'),
    late: await mk('t3 late evening UTC', '2025-03-10T23:00:00Z'),
    next: await mk('t4 next day', '2025-03-11T15:00:00Z'),
    doneToday: await mk('t5 done', '2025-03-10T16:00:00Z', { done: true, doneAt: '2025-03-10T16:05:00Z' }),
    doneEarly: await mk('t6 done early', '2025-03-10T13:00:00Z', { done: true, doneAt: '2025-03-10T13:10:00Z' }),
    edge: await mk('t7 Thursday', '2025-03-13T10:00:00Z'),
    deleted: await (async () => {
      const id = await mk('deleted', '2025-03-10T21:30:00Z');
      await who.del(`/api/v1/activities/${id}`);
      return id;
    })(),
  };
}

const ids = (list: { id: string }[]) => list.map((a) => a.id);

// The day arithmetic itself is tested in contracts/time.test.ts.
describe('owner time zone', () => {
  it('falls back to UTC for a zone the runtime does not know', () => {
    expect(safeTimeZone('Asia/Vladivostok')).toBe('Asia/Vladivostok');
    expect(safeTimeZone('Europe/Sofija')).toBe('UTC');
    expect(safeTimeZone(null)).toBe('UTC');
  });
});

describe('agenda', () => {
  it("splits overdue / today / upcoming by the owner's local day: Vladivostok", async () => {
    const vl = await ctx.userWith('manager', { timeZone: 'Asia/Vladivostok' });
    const s = await seed(vl);
    const a = await getAgenda(ctx.db, vl.user, { days: 2 }, NOW);
    expect(a.timeZone).toBe('Asia/Vladivostok');
    expect(a.todayStart).toBe('2025-03-10T14:00:00.000Z');
    expect(a.todayEnd).toBe('2025-03-11T14:00:00.000Z');
    expect(ids(a.overdue)).toEqual([s.overdue]);
    expect(a.overdueTotal).toBe(1);
    expect(a.overdue[0].isOverdue).toBe(true);
    // Tuesday in Vladivostok began at 14:00 UTC: the done one at 13:00 UTC was yesterday there.
    expect(ids(a.today)).toEqual([s.doneToday, s.soon, s.late]);
    expect(ids(a.upcoming)).toEqual([s.next, s.edge]);
  });

  it("splits overdue / today / upcoming by the owner's local day: Sofia", async () => {
    const sf = await ctx.userWith('manager', { timeZone: 'Europe/Sofia' });
    const s = await seed(sf);
    const a = await getAgenda(ctx.db, sf.user, { days: 2 }, NOW);
    expect(a.todayStart).toBe('2025-03-09T22:00:00.000Z');
    expect(ids(a.overdue)).toEqual([s.overdue]);
    expect(ids(a.today)).toEqual([s.doneEarly, s.doneToday, s.soon]);
    // 23:00 UTC is already Tuesday in Sofia; Thursday 12:00 local is past the two-day window.
    expect(ids(a.upcoming)).toEqual([s.late, s.next]);
    expect(a.today.every((x) => !x.isOverdue)).toBe(true);
  });

  it("answers over HTTP for the caller; a head of sales may open a team member's agenda in the member's zone", async () => {
    const team = await ctx.createTeam('East');
    const head = await ctx.userWith('head_of_sales', { teamId: team, timeZone: 'Europe/Moscow' });
    await ctx.db.updateTable('teams').set({ lead_id: head.user.id }).where('id', '=', team).execute();
    const member = await ctx.userWith('manager', { teamId: team, timeZone: 'Asia/Vladivostok' });
    const stranger = await ctx.userWith('manager', { timeZone: 'Europe/Sofia' });
    const planned = await member.post('/api/v1/activities', {
      type: 'call',
      subject: 'Tomorrow',
      dueAt: new Date(Date.now() + 36 * 3600_000).toISOString(),
    });
    const own = await member.get('/api/v1/agenda');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ userId: member.user.id, timeZone: 'Asia/Vladivostok' });
    expect(ids([...own.json().today, ...own.json().upcoming])).toContain(planned.json().id);
    const byHead = await head.get(`/api/v1/agenda?userId=${member.user.id}&days=3`);
    expect(byHead.statusCode).toBe(200);
    expect(byHead.json().timeZone).toBe('Asia/Vladivostok');
    expect((await head.get(`/api/v1/agenda?userId=${stranger.user.id}`)).statusCode).toBe(403);
    expect((await stranger.get(`/api/v1/agenda?userId=${member.user.id}`)).statusCode).toBe(403);
    expect((await member.get('/api/v1/agenda?days=0')).statusCode).toBe(400);
  });

  it('serves the week calendar with done and planned activities, within a bounded window', async () => {
    const m = await ctx.userWith('manager', { timeZone: 'Europe/Sofia' });
    const s = await seed(m);
    const res = await m.get('/api/v1/activities/calendar?from=2025-03-10T00:00:00Z&to=2025-03-17T00:00:00Z');
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.json().items)).toEqual([s.overdue, s.doneEarly, s.doneToday, s.soon, s.late, s.next, s.edge]);
    const tooLong = await m.get('/api/v1/activities/calendar?from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z');
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error.fields[0].path).toBe('to');
  });
});

describe('agenda paging and linked names', () => {
  it('lists the first overdue and upcoming ones with cursors; the section pages go on from them without gaps or repeats', async () => {
    const m = await ctx.userWith('manager', { timeZone: 'Europe/Sofia' });
    const mk = async (subject: string, dueAt: string) =>
      (await m.post('/api/v1/activities', { type: 'task', subject, dueAt })).json().id as string;
    // Five overdue (the last two at the same instant: the id breaks the tie) and five upcoming.
    const overdue = [
      await mk('o1', '2025-03-10T12:00:00Z'),
      await mk('o2', '2025-03-09T12:00:00Z'),
      await mk('o3', '2025-03-08T12:00:00Z'),
      await mk('o4', '2025-03-07T12:00:00Z'),
      await mk('o5', '2025-03-07T12:00:00Z'),
    ];
    const upcoming = [
      await mk('u1', '2025-03-11T08:00:00Z'),
      await mk('u2', '2025-03-11T09:00:00Z'),
      await mk('u3', '2025-03-11T09:00:00Z'),
      await mk('u4', '2025-03-12T09:00:00Z'),
      await mk('u5', '2025-03-13T09:00:00Z'),
    ];
    const byDueThenId = (desc: boolean) => async (list: string[]) => {
      const rows = await ctx.db.selectFrom('activities').select(['id', 'due_at']).where('id', 'in', list).execute();
      rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || (a.id < b.id ? -1 : 1));
      return (desc ? rows.reverse() : rows).map((r) => r.id);
    };
    const overdueOrder = await byDueThenId(true)(overdue);
    const upcomingOrder = await byDueThenId(false)(upcoming);

    const a = await getAgenda(ctx.db, m.user, { days: 7, overdueLimit: 2, upcomingLimit: 2 }, NOW);
    expect(ids(a.overdue)).toEqual(overdueOrder.slice(0, 2));
    expect(a.overdueTotal).toBe(5);
    expect(ids(a.upcoming)).toEqual(upcomingOrder.slice(0, 2));
    expect(a.overdueNextCursor).not.toBeNull();
    expect(a.upcomingNextCursor).not.toBeNull();

    const walk = async (section: 'overdue' | 'upcoming', cursor: string | null, limit: number) => {
      const seen: string[] = [];
      while (cursor) {
        const p = await getAgendaSection(ctx.db, m.user, section, { days: 7, cursor, limit }, NOW);
        seen.push(...ids(p.items));
        cursor = p.nextCursor;
      }
      return seen;
    };
    expect(await walk('overdue', a.overdueNextCursor, 2)).toEqual(overdueOrder.slice(2));
    expect(await walk('upcoming', a.upcomingNextCursor, 1)).toEqual(upcomingOrder.slice(2));

    // Overdue collapsed: only the count, and the section's first page from the start.
    const collapsed = await getAgenda(ctx.db, m.user, { days: 7, overdueLimit: 0 }, NOW);
    expect(collapsed.overdue).toEqual([]);
    expect(collapsed.overdueTotal).toBe(5);
    expect(collapsed.overdueNextCursor).toBeNull();
    expect(collapsed.upcomingNextCursor).toBeNull();
    const first = await getAgendaSection(ctx.db, m.user, 'overdue', { days: 7, limit: 50 }, NOW);
    expect(ids(first.items)).toEqual(overdueOrder);
    expect(first.nextCursor).toBeNull();
  });

  it('names the linked contact, company and deal in the same answer; one the viewer may not open comes hidden', async () => {
    const m = await ctx.userWith('manager');
    const other = await ctx.userWith('manager');
    const company = (await m.post('/api/v1/companies', { name: 'ООО «Повестка»' })).json();
    const contact = (await m.post('/api/v1/contacts', { firstName: 'Ирина', lastName: 'Повесткина' })).json();
    const deal = (await m.post('/api/v1/deals', { title: 'Поставка повестки', amount: '100.00', companyId: company.id })).json();
    const dueAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const res = await m.post('/api/v1/activities', {
      type: 'call',
      subject: 'Позвонить',
      dueAt,
      contactId: contact.id,
      companyId: company.id,
      dealId: deal.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const activityId = res.json().id as string;
    const find = async () => {
      const r = await m.get('/api/v1/agenda?days=2');
      expect(r.statusCode, r.body).toBe(200);
      const all = [...r.json().today, ...r.json().upcoming] as Array<Record<string, unknown>>;
      return all.find((x) => x.id === activityId)!;
    };
    const before = await find();
    expect(before).toMatchObject({
      contactId: contact.id,
      contact: { id: contact.id, name: 'Повесткина Ирина', hidden: false },
      company: { id: company.id, name: 'ООО «Повестка»', hidden: false },
      deal: { id: deal.id, name: 'Поставка повестки', hidden: false },
    });

    // The contact goes to another manager: the activity stays on m's agenda, the contact unnamed.
    const moved = await ctx.admin.patch(`/api/v1/contacts/${contact.id}`, { ownerId: other.user.id, version: contact.version });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await find();
    expect(after.contactId).toBe(contact.id);
    expect(after.contact).toEqual({ id: contact.id, name: null, hidden: true });
    expect(after.company).toMatchObject({ name: 'ООО «Повестка»', hidden: false });
    expect(JSON.stringify(after)).not.toContain('Повесткина');

    // The section pages name the same way; a stranger gets 403 for another's sections; a crafted cursor is a 400.
    const page = await m.get('/api/v1/agenda/upcoming?days=2&limit=200');
    expect(page.statusCode, page.body).toBe(200);
    expect(await m.get('/api/v1/agenda/overdue')).toMatchObject({ statusCode: 200 });
    expect((await other.get(`/api/v1/agenda/overdue?userId=${m.user.id}`)).statusCode).toBe(403);
    expect((await other.get(`/api/v1/agenda/upcoming?userId=${m.user.id}`)).statusCode).toBe(403);
    const bad = await m.get('/api/v1/agenda/upcoming?cursor=bm9wZQ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('cursor');
  });
});
