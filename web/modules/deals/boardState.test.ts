import { describe, expect, it } from 'vitest';
import type { Board, BoardCard } from './deals.api';
import { applyMove, insertCard, locate, patchCard } from './boardState';

const card = (id: string, amount: string, currency: 'RUB' | 'EUR', probability: number): BoardCard => ({
  id,
  title: id,
  company: null,
  amount,
  currency,
  probability,
  ownerId: null,
  ownerName: null,
  nextStep: null,
  expectedCloseDate: null,
  stageEnteredAt: '2026-01-01T00:00:00.000Z',
  flags: { noNextStep: true, rotting: false, overdueNextStep: false },
  version: 1,
});

function board(): Board {
  const a = card('a', '100.00', 'RUB', 10);
  const b = card('b', '50.50', 'EUR', 10);
  const c = card('c', '200.00', 'RUB', 50);
  return {
    pipelineId: 'p',
    pipelineName: 'P',
    currency: 'RUB',
    stages: [
      {
        stageId: 's1',
        name: 'One',
        kind: 'open',
        probability: 10,
        rottingDays: null,
        count: 2,
        sum: '100.00',
        weightedSum: '10.00',
        sums: [
          { currency: 'EUR', sum: '50.50', weightedSum: '5.05' },
          { currency: 'RUB', sum: '100.00', weightedSum: '10.00' },
        ],
        hasMore: false,
        deals: [a, b],
      },
      {
        stageId: 's2',
        name: 'Two',
        kind: 'open',
        probability: 50,
        rottingDays: null,
        count: 1,
        sum: '200.00',
        weightedSum: '100.00',
        sums: [{ currency: 'RUB', sum: '200.00', weightedSum: '100.00' }],
        hasMore: false,
        deals: [c],
      },
    ],
    closedStages: [
      { stageId: 'w', name: 'Won', kind: 'won' },
      { stageId: 'l', name: 'Lost', kind: 'lost' },
    ],
  };
}

describe('optimistic board moves', () => {
  it('moves a card with its count and sums, weighted by the new stage probability', () => {
    const { board: next, index } = applyMove(board(), 'a', { stageId: 's2', beforeId: 'c' });
    expect(index).toBe(0);
    const [s1, s2] = next.stages;
    expect(s1.deals.map((d) => d.id)).toEqual(['b']);
    expect(s1.count).toBe(1);
    expect(s1.sum).toBe('0.00');
    expect(s1.sums).toEqual([{ currency: 'EUR', sum: '50.50', weightedSum: '5.05' }]);
    expect(s2.deals.map((d) => d.id)).toEqual(['a', 'c']);
    expect(s2.deals[0].probability).toBe(50);
    expect(s2.count).toBe(2);
    expect(s2.sum).toBe('300.00');
    expect(s2.weightedSum).toBe('150.00');
  });

  it('reorders inside a column and appends when there is no card below', () => {
    const { board: next, index } = applyMove(board(), 'a', { stageId: 's1', beforeId: null });
    expect(index).toBe(1);
    expect(next.stages[0].deals.map((d) => d.id)).toEqual(['b', 'a']);
    expect(next.stages[0].count).toBe(2);
    expect(next.stages[0].sums).toEqual(board().stages[0].sums);
  });

  it('takes a closed card off the board and puts it back exactly on cancel', () => {
    const before = board();
    const from = locate(before, 'a')!;
    expect(from).toEqual({ stageId: 's1', beforeId: 'b', index: 0 });
    const removed = applyMove(before, 'a', null).board;
    expect(locate(removed, 'a')).toBeNull();
    const back = insertCard(removed, before.stages[0].deals[0], { stageId: from.stageId, beforeId: from.beforeId }, true).board;
    expect(back).toEqual(before);
  });

  it("takes the server's answer for a moved card", () => {
    const next = patchCard(board(), { id: 'c', version: 7, probability: 65 });
    expect(next.stages[1].deals[0]).toMatchObject({ id: 'c', version: 7, probability: 65, title: 'c' });
  });
});
