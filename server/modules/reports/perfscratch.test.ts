import { it } from 'vitest';
import { sql, CompiledQuery } from 'kysely';
import { forecastSql } from './reports.repository.js';
import { boardAggSql, boardCardsSql } from '../deals/deals.repository.js';
import { createTestContext } from '../../test/harness.js';
import { board } from '../deals/deals.service.js';
import { forecast } from './reports.service.js';

it('perf', async () => {
  const ctx = await createTestContext();
  const managers = [];
  for (let i = 0; i < 50; i++) managers.push(await ctx.userWith('manager'));
  const director = await ctx.userWith('director');
  const p = (await ctx.admin.get('/api/v1/pipelines')).json().items[0];
  const open = p.stages.filter((s: any) => s.kind === 'open').map((s: any) => s.id);
  const won = p.stages.find((s: any) => s.kind === 'won').id;
  const ids = managers.map((m) => m.user.id);
  let t = Date.now();
  await sql`insert into deals (workspace_id, title, pipeline_id, stage_id, status, amount, currency, probability, owner_id,
      expected_close_date, won_amount, won_date, board_rank, next_step_text, next_step_due_at)
    select ${ctx.workspaceId}, 'Сделка ' || g, ${p.id},
      case when g % 100 < 45 then (${sql.val(open)}::uuid[])[1 + (g % 4)] else ${won}::uuid end,
      case when g % 100 < 45 then 'open' else 'won' end,
      (g % 100000)::numeric / 7, case when g % 10 = 0 then 'EUR' else 'RUB' end, 10 + (g % 4) * 20,
      (${sql.val(ids)}::uuid[])[1 + (g % 50)],
      date '2025-01-01' + (g % 1000), case when g % 100 < 45 then null else (g % 100000)::numeric / 7 end,
      case when g % 100 < 45 then null else date '2025-01-01' + (g % 900) end, g, 'x', now() + (g % 30 - 10) * interval '1 day'
    from generate_series(1, 300000) g`.execute(ctx.db);
  await sql`vacuum analyze deals`.execute(ctx.db);
  console.log('load', Date.now() - t);
  const explain = async (q: any) => { const r = await sql.raw('explain (analyze, buffers) ' + q).execute(ctx.db); console.log((r.rows as any[]).map((x) => x['QUERY PLAN']).join('\n')); };
  (globalThis as any).explain = explain;
  const time = async (name: string, f: () => Promise<unknown>) => {
    const ts: number[] = [];
    for (let i = 0; i < 40; i++) { const s = performance.now(); await f(); ts.push(performance.now() - s); }
    ts.sort((a, b) => a - b);
    console.log(name, 'p50', ts[20].toFixed(1), 'p99', ts[39].toFixed(1));
  };
  const m = managers[7].user;
  await time('board manager', () => board(ctx.db, m, { pipelineId: p.id, ownerId: m.id, limit: 200 }));
  await time('board manager all visible', () => board(ctx.db, m, { pipelineId: p.id, limit: 200 }));
  await time('board director one owner', () => board(ctx.db, director.user, { pipelineId: p.id, ownerId: m.id, limit: 200 }));
  await time('forecast director month', () => forecast(ctx.db, director.user, 'ru', { from: '2026-01-01', to: '2026-12-31', groupBy: 'month' }));
  await time('forecast manager month', () => forecast(ctx.db, m, 'ru', { from: '2026-01-01', to: '2026-12-31', groupBy: 'month' }));
  const mgr = managers[7].user;
  const show = async (name: string, q: any) => {
    const c = q.compile(ctx.db);
    const r = await ctx.db.executeQuery(CompiledQuery.raw('explain (analyze, buffers) ' + c.sql, c.parameters as any[]));
    console.log('-----', name, '\n' + (r.rows as any[]).map((x) => x['QUERY PLAN']).join('\n'));
  };
  await show('forecast director', forecastSql(director.user, { from: '2026-01-01', to: '2026-12-31', groupBy: 'month' }));
  await show('forecast manager', forecastSql(mgr, { from: '2026-01-01', to: '2026-12-31', groupBy: 'month' }));
  await show('board agg manager', boardAggSql(mgr, p.id, undefined));
  await show('board cards manager', boardCardsSql(mgr, p.id, undefined, 200));
  await show('board agg manager owner', boardAggSql(mgr, p.id, mgr.id));
  await show('board cards director owner', boardCardsSql(director.user, p.id, mgr.id, 200));
  await ctx.close();
}, 600_000);
