import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
let reasonId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  reasonId = (await ctx.admin.get('/api/v1/lost-reasons')).json().items[0].id;
});
afterAll(async () => {
  await ctx.close();
});

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

/** A deal of `who` with a planned call (no outcome), a planned meeting that has one, a task and a done call. */
async function dealWithPlans(who: Caller) {
  const deal = (await who.post('/api/v1/deals', { title: 'Закрываемая сделка', amount: '1000.00' })).json();
  const mk = async (body: Record<string, unknown>) => {
    const r = await who.post('/api/v1/activities', { dealId: deal.id, ...body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  return {
    deal,
    call: await mk({ type: 'call', subject: 'Позвонить', dueAt: inHours(24) }),
    meeting: await mk({ type: 'meeting', subject: 'Встреча', dueAt: inHours(48), outcome: 'Уже договорились' }),
    task: await mk({ type: 'task', subject: 'Подготовить КП', dueAt: inHours(-2) }),
    done: await mk({ type: 'call', subject: 'Первый звонок', done: true, doneAt: inHours(-24), outcome: 'Интерес есть' }),
  };
}

const activity = async (who: Caller, id: string) => (await who.get(`/api/v1/activities/${id}`)).json();

describe('closing a deal settles its open activities as the closer chose', () => {
  it('complete: every open one is done now, with the given outcome where it had none; without an outcome a call refuses the close', async () => {
    const m = await ctx.userWith('manager');
    const s = await dealWithPlans(m);
    const refused = await m.post(`/api/v1/deals/${s.deal.id}/close`, { outcome: 'won', openActivities: 'complete' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.fields[0].path).toBe('activitiesOutcome');
    // Nothing of the close happened.
    expect((await m.get(`/api/v1/deals/${s.deal.id}`)).json().status).toBe('open');
    expect((await activity(m, s.task)).done).toBe(false);

    const res = await m.post(`/api/v1/deals/${s.deal.id}/close`, {
      outcome: 'won',
      openActivities: 'complete',
      activitiesOutcome: 'Сделка выиграна',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('won');
    expect(await activity(m, s.call)).toMatchObject({ done: true, outcome: 'Сделка выиграна' });
    expect(await activity(m, s.meeting)).toMatchObject({ done: true, outcome: 'Уже договорились' });
    expect(await activity(m, s.task)).toMatchObject({ done: true, outcome: 'Сделка выиграна' });
    expect(await activity(m, s.done)).toMatchObject({ outcome: 'Интерес есть' });
    const open = await m.get(`/api/v1/activities?dealId=${s.deal.id}&done=false`);
    expect(open.json().items).toEqual([]);
    // Completed like any completion: on the deal's timeline and in the activity's history.
    const timeline = (await m.get(`/api/v1/deals/${s.deal.id}/timeline`)).json().items as { kind: string; refId: string }[];
    expect(timeline.filter((e) => e.kind === 'activity').map((e) => e.refId)).toEqual(expect.arrayContaining([s.call, s.meeting, s.task]));
    const audit = (await m.get(`/api/v1/audit?entity=activity&id=${s.call}`)).json().items as { action: string }[];
    expect(audit.map((e) => e.action)).toContain('update');
  });

  it('cancel on a move into the lost stage: the open ones go to the bin (restorable); keep and a move between open stages leave them', async () => {
    const m = await ctx.userWith('manager');
    const s = await dealWithPlans(m);
    const stages = (await m.get(`/api/v1/pipelines/${s.deal.pipelineId}`)).json().stages as { id: string; kind: string }[];
    const open = stages.filter((x) => x.kind === 'open');
    const lost = stages.find((x) => x.kind === 'lost')!;
    // Not a close: the choice is ignored.
    const moved = await m.post(`/api/v1/deals/${s.deal.id}/move`, { stageId: open[1].id, openActivities: 'cancel' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await activity(m, s.call)).done).toBe(false);
    const res = await m.post(`/api/v1/deals/${s.deal.id}/move`, {
      stageId: lost.id,
      reasonId,
      comment: 'Выбрали конкурента',
      openActivities: 'cancel',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('lost');
    for (const id of [s.call, s.meeting, s.task]) expect((await activity(m, id)).deletedAt).not.toBeNull();
    expect(await m.get(`/api/v1/activities?dealId=${s.deal.id}&done=false`).then((r) => r.json().items)).toEqual([]);
    expect((await activity(m, s.done)).done).toBe(true);
    expect((await m.post(`/api/v1/activities/${s.call}/restore`)).statusCode).toBe(200);

    const kept = await dealWithPlans(m);
    const won = await m.post(`/api/v1/deals/${kept.deal.id}/close`, { outcome: 'won', openActivities: 'keep' });
    expect(won.statusCode, won.body).toBe(200);
    const plain = await dealWithPlans(m);
    expect((await m.post(`/api/v1/deals/${plain.deal.id}/close`, { outcome: 'won' })).statusCode).toBe(200);
    for (const id of [kept.call, kept.task, plain.call, plain.meeting]) expect((await activity(m, id)).done).toBe(false);
    expect((await m.post(`/api/v1/deals/${plain.deal.id}/reopen`, {})).statusCode).toBe(200);
    const wrong = await m.post(`/api/v1/deals/${plain.deal.id}/close`, { outcome: 'won', openActivities: 'drop' });
    expect(wrong.statusCode).toBe(400);
  });

  it("settles only the activities the closer may change: a colleague's plan on a shared deal stays", async () => {
    const owner = await ctx.userWith('manager');
    const colleague = await ctx.userWith('manager');
    const s = await dealWithPlans(owner);
    // Deals have no share routes; a share as the platform keeps it lets the colleague change the deal.
    await ctx.db
      .insertInto('record_shares')
      .values({ workspace_id: ctx.workspaceId, entity: 'deal', entity_id: s.deal.id, user_id: colleague.user.id })
      .execute();
    const res = await colleague.post(`/api/v1/deals/${s.deal.id}/close`, { outcome: 'won', openActivities: 'cancel' });
    expect(res.statusCode, res.body).toBe(200);
    for (const id of [s.call, s.meeting, s.task]) expect((await activity(owner, id)).done).toBe(false);
    expect((await owner.get(`/api/v1/activities?dealId=${s.deal.id}&done=false`)).json().items).toHaveLength(3);
  });
});
