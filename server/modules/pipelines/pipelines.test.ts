import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { ensureDefaultPipeline } from './index.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

type Stage = { id: string; name: string; position: number; probability: number; rottingDays: number | null; kind: string };

describe('pipelines', () => {
  it('a new workspace gets a default Russian sales pipeline and lost reasons, once', async () => {
    await Promise.all([
      ensureDefaultPipeline(ctx.db, ctx.workspaceId),
      ctx.admin.get('/api/v1/pipelines'),
      ctx.admin.get('/api/v1/lost-reasons'),
    ]);
    const res = await ctx.admin.get('/api/v1/pipelines');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: 'Продажи', isDefault: true });
    expect(items[0].stages.map((s: Stage) => [s.name, s.probability, s.kind, s.position])).toEqual([
      ['Квалификация', 10, 'open', 0],
      ['Выявление потребностей', 25, 'open', 1],
      ['Коммерческое предложение', 50, 'open', 2],
      ['Переговоры', 75, 'open', 3],
      ['Успешно реализовано', 100, 'won', 4],
      ['Закрыто и не реализовано', 0, 'lost', 5],
    ]);
    const reasons = (await ctx.admin.get('/api/v1/lost-reasons')).json().items;
    expect(reasons.map((r: { name: string }) => r.name)).toContain('Выбрали конкурента');
    expect(reasons.length).toBe(7);
  });

  it('creates a pipeline with ordered stages; won/lost probabilities are fixed, open ones default evenly', async () => {
    const res = await ctx.admin.post('/api/v1/pipelines', {
      name: 'Тендеры',
      stages: [
        { name: 'Анализ', probability: 5, rottingDays: 7 },
        { name: 'Заявка' },
        { name: 'Выиграли', kind: 'won', probability: 40 },
        { name: 'Проиграли', kind: 'lost', rottingDays: 3 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().stages.map((s: Stage) => [s.name, s.position, s.probability, s.rottingDays, s.kind])).toEqual([
      ['Анализ', 0, 5, 7, 'open'],
      ['Заявка', 1, 67, null, 'open'],
      ['Выиграли', 2, 100, null, 'won'],
      ['Проиграли', 3, 0, null, 'lost'],
    ]);
    expect(res.json().isDefault).toBe(false);
  });

  it('needs exactly one won and one lost stage and at least one open stage', async () => {
    const res = await ctx.admin.post('/api/v1/pipelines', {
      name: 'Плохая',
      stages: [
        { name: 'A', kind: 'won' },
        { name: 'B', kind: 'won' },
        { name: 'C', kind: 'won' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PIPELINE_STAGES_INVALID');
    expect(
      res
        .json()
        .error.fields.map((f: { code: string }) => f.code)
        .sort(),
    ).toEqual(['sales.oneLostStage', 'sales.oneWonStage', 'sales.openStageRequired']);
  });

  it('reorders, renames, adds and removes stages; keeps ids; version checked', async () => {
    const p = (
      await ctx.admin.post('/api/v1/pipelines', {
        name: 'Порядок',
        stages: [
          { name: 'Один', probability: 10 },
          { name: 'Два', probability: 20 },
          { name: 'Три', probability: 30 },
          { name: 'Да', kind: 'won' },
          { name: 'Нет', kind: 'lost' },
        ],
      })
    ).json();
    const [one, two, three, won, lost] = p.stages as Stage[];
    const res = await ctx.admin.patch(`/api/v1/pipelines/${p.id}`, {
      version: p.version,
      stages: [
        { id: three.id, name: 'Три (первый)', kind: 'open' },
        { name: 'Новый', probability: 55, kind: 'open' },
        { id: one.id, name: 'Один', kind: 'open', rottingDays: 10 },
        { id: won.id, name: 'Да', kind: 'won' },
        { id: lost.id, name: 'Нет', kind: 'lost' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const stages = res.json().stages as Stage[];
    expect(stages.map((s) => [s.name, s.position, s.probability, s.rottingDays])).toEqual([
      ['Три (первый)', 0, 30, null],
      ['Новый', 1, 55, null],
      ['Один', 2, 10, 10],
      ['Да', 3, 100, null],
      ['Нет', 4, 0, null],
    ]);
    expect(stages[0].id).toBe(three.id);
    expect(stages.map((s) => s.id)).not.toContain(two.id);
    const stale = await ctx.admin.patch(`/api/v1/pipelines/${p.id}`, { version: p.version, name: 'Старое' });
    expect(stale.statusCode).toBe(409);
    expect((await ctx.admin.get(`/api/v1/pipelines/${p.id}`)).json().name).toBe('Порядок');
    const foreign = await ctx.admin.patch(`/api/v1/pipelines/${p.id}`, {
      version: res.json().version,
      stages: [
        { id: '00000000-0000-4000-8000-000000000000', name: 'X' },
        { name: 'Y', kind: 'won' },
        { name: 'Z', kind: 'lost' },
      ],
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.fields[0]).toMatchObject({ path: 'stages.0.id', code: 'sales.stageNotInPipeline' });
  });

  it('a stage with deals cannot be removed; a pipeline with open deals cannot be deleted; the last one never', async () => {
    const p = (
      await ctx.admin.post('/api/v1/pipelines', {
        name: 'Занятая',
        stages: [
          { name: 'Работа', probability: 40 },
          { name: 'Ещё', probability: 60 },
          { name: 'Да', kind: 'won' },
          { name: 'Нет', kind: 'lost' },
        ],
      })
    ).json();
    const deal = await ctx.admin.post('/api/v1/deals', { title: 'Сделка', pipelineId: p.id, stageId: p.stages[0].id, amount: '10' });
    expect(deal.statusCode, deal.body).toBe(201);
    const remove = await ctx.admin.patch(`/api/v1/pipelines/${p.id}`, {
      version: p.version,
      stages: p.stages.slice(1).map((s: Stage) => ({ id: s.id, name: s.name, kind: s.kind })),
    });
    expect(remove.statusCode).toBe(409);
    expect(remove.json().error).toMatchObject({
      code: 'STAGE_HAS_DEALS',
      message: 'Stage "Работа" still has deals; move them to another stage first',
    });
    const del = await ctx.admin.del(`/api/v1/pipelines/${p.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('PIPELINE_HAS_OPEN_DEALS');
    // Changing the default probability moves deals that follow the stage.
    const reprob = await ctx.admin.patch(`/api/v1/pipelines/${p.id}`, {
      version: p.version,
      stages: p.stages.map((s: Stage, i: number) => ({ id: s.id, name: s.name, kind: s.kind, ...(i === 0 ? { probability: 45 } : {}) })),
    });
    expect(reprob.statusCode, reprob.body).toBe(200);
    expect((await ctx.admin.get(`/api/v1/deals/${deal.json().id}`)).json().probability).toBe(45);
    const won = await ctx.admin.post(`/api/v1/deals/${deal.json().id}/close`, { outcome: 'won' });
    expect(won.statusCode, won.body).toBe(200);
    expect(won.json().status, won.body).toBe('won');
    const gone = await ctx.admin.del(`/api/v1/pipelines/${p.id}`);
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await ctx.admin.get('/api/v1/pipelines')).json().items.map((x: { id: string }) => x.id)).not.toContain(p.id);

    const all = (await ctx.admin.get('/api/v1/pipelines')).json().items as { id: string }[];
    for (const x of all.slice(1)) {
      const r = await ctx.admin.del(`/api/v1/pipelines/${x.id}`);
      expect(r.statusCode, r.body).toBe(204);
    }
    const last = await ctx.admin.del(`/api/v1/pipelines/${all[0].id}`);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('PIPELINE_LAST');
  });

  it('only admins, directors and heads of sales configure pipelines and reasons', async () => {
    const m = await ctx.userWith('manager');
    expect((await m.get('/api/v1/pipelines')).statusCode).toBe(200);
    expect(
      (await m.post('/api/v1/pipelines', { name: 'X', stages: [{ name: 'a' }, { name: 'b', kind: 'won' }, { name: 'c', kind: 'lost' }] }))
        .statusCode,
    ).toBe(403);
    expect((await m.post('/api/v1/lost-reasons', { name: 'X' })).statusCode).toBe(403);
    const head = await ctx.userWith('head_of_sales');
    expect((await head.post('/api/v1/lost-reasons', { name: 'Слишком далеко' })).statusCode).toBe(201);
  });
});

describe('lost reasons', () => {
  it('are listed, added, renamed and deactivated (not deleted)', async () => {
    const created = await ctx.admin.post('/api/v1/lost-reasons', { name: 'Долгая доставка' });
    expect(created.statusCode).toBe(201);
    const r = created.json();
    const renamed = await ctx.admin.patch(`/api/v1/lost-reasons/${r.id}`, { version: r.version, name: 'Долгие сроки поставки' });
    expect(renamed.json()).toMatchObject({ name: 'Долгие сроки поставки', isActive: true });
    const off = await ctx.admin.del(`/api/v1/lost-reasons/${r.id}`);
    expect(off.statusCode).toBe(200);
    expect(off.json().isActive).toBe(false);
    const active = (await ctx.admin.get('/api/v1/lost-reasons?active=true')).json().items.map((x: { id: string }) => x.id);
    expect(active).not.toContain(r.id);
    const all = (await ctx.admin.get('/api/v1/lost-reasons')).json().items.map((x: { id: string }) => x.id);
    expect(all).toContain(r.id);
  });
});
