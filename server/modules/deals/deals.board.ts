import type { Board } from '../../../contracts/deals.js';
import type { Currency } from '../../../contracts/products.js';
import { optionalLink } from '../../../contracts/records.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import { defaultPipeline, getPipeline } from '../pipelines/index.js';
import { D, money } from './deals.money.js';
import { workspaceCurrency } from './deals.plan.js';
import * as repo from './deals.board-repository.js';
import { flags, nextStep } from './deals.view.js';

/** The kanban board of one pipeline: open columns with counts, sums per currency and top cards. */
export async function board(db: Db, user: AuthUser, q: { pipelineId?: string; ownerId?: string; limit: number }): Promise<Board> {
  // With the pipeline named, its stages, the cards and the sums are fetched at once.
  const pipelineId = q.pipelineId ?? (await defaultPipeline(db, user.workspaceId)).id;
  const [pipeline, rows, currency] = await Promise.all([
    getPipeline(db, user, pipelineId),
    repo.boardRows(db, user, pipelineId, q.ownerId, q.limit),
    workspaceCurrency(db, user.workspaceId),
  ]);
  const columns = pipeline.stages
    .filter((s) => s.kind === 'open')
    .map((s) => {
      const aggs = rows.aggs.filter((a) => a.stage_id === s.id).sort((a, b) => a.currency.localeCompare(b.currency));
      const cards = rows.cards.filter((c) => c.stage_id === s.id);
      const home = aggs.find((a) => a.currency === currency);
      return {
        stageId: s.id,
        name: s.name,
        kind: s.kind,
        probability: s.probability,
        rottingDays: s.rottingDays,
        count: aggs.reduce((n, a) => n + a.n, 0),
        sum: home ? money(new D(home.sum)) : '0.00',
        weightedSum: home ? home.weighted : '0.00',
        sums: aggs.map((a) => ({ currency: a.currency as Currency, sum: money(new D(a.sum)), weightedSum: a.weighted })),
        hasMore: cards.length > q.limit,
        deals: cards.slice(0, q.limit).map((c) => ({
          id: c.id,
          title: c.title,
          company: optionalLink(c.company_id, c.company_name),
          amount: c.amount,
          currency: c.currency as Currency,
          probability: c.probability,
          ownerId: c.owner_id,
          ownerName: c.owner_name,
          nextStep: nextStep(c),
          expectedCloseDate: c.expected_close_date,
          stageEnteredAt: c.stage_entered_at.toISOString(),
          flags: flags(c),
          version: c.version,
        })),
      };
    });
  return {
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    currency,
    stages: columns,
    closedStages: pipeline.stages
      .filter((s) => s.kind !== 'open')
      .map((s) => ({ stageId: s.id, name: s.name, kind: s.kind as 'won' | 'lost' })),
  };
}
