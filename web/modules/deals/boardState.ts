import type { Board, BoardCard } from './deals.api';
import { toUnits, unitsToString, weightedUnits } from '../../lib/decimal';

type Column = Board['stages'][number];

/** Adds (sign 1) or removes (sign -1) one card's amount to a column's count and sums. */
function adjust(col: Column, card: BoardCard, sign: 1 | -1, probability: number, homeCurrency: string): Column {
  const amount = toUnits(card.amount) * BigInt(sign);
  const weighted = weightedUnits(card.amount, probability) * BigInt(sign);
  const sums = [...col.sums];
  const i = sums.findIndex((s) => s.currency === card.currency);
  if (i === -1) sums.push({ currency: card.currency, sum: unitsToString(amount), weightedSum: unitsToString(weighted) });
  else {
    sums[i] = {
      currency: card.currency,
      sum: unitsToString(toUnits(sums[i].sum) + amount),
      weightedSum: unitsToString(toUnits(sums[i].weightedSum) + weighted),
    };
  }
  const stillThere = (c: string) => col.deals.some((d) => d.currency === c);
  const next: Column = {
    ...col,
    count: col.count + sign,
    // A currency disappears from the header when its last card leaves (and the column shows every card).
    sums: sums
      .filter((s) => toUnits(s.sum) !== 0n || (col.hasMore ? true : stillThere(s.currency)))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
  if (card.currency === homeCurrency) {
    next.sum = unitsToString(toUnits(col.sum) + amount);
    next.weightedSum = unitsToString(toUnits(col.weightedSum) + weighted);
  }
  return next;
}

export type MoveTarget = { stageId: string; beforeId: string | null } | null;

/**
 * The board after moving a card: out of its column and, for an open target, into the new one
 * before `beforeId` (at the end when null). A closed target (won, lost) just removes the card.
 * The probability shown is the stage default until the server answers (it knows overrides).
 */
export function applyMove(board: Board, dealId: string, target: MoveTarget): { board: Board; index: number } {
  let moved: BoardCard | undefined;
  const stages = board.stages.map((col) => {
    const card = col.deals.find((d) => d.id === dealId);
    if (!card) return col;
    moved = card;
    return adjust({ ...col, deals: col.deals.filter((d) => d.id !== dealId) }, card, -1, card.probability, board.currency);
  });
  const without = { ...board, stages };
  if (!moved || !target) return { board: without, index: 0 };
  return insertCard(without, moved, target);
}

/** Puts a card into an open column before `beforeId` (at the end when null or gone), sums included. */
export function insertCard(
  board: Board,
  card: BoardCard,
  target: { stageId: string; beforeId: string | null },
  keepProbability = false,
): { board: Board; index: number } {
  let index = 0;
  const stages = board.stages.map((col) => {
    if (col.stageId !== target.stageId) return col;
    const placed: BoardCard = keepProbability ? card : { ...card, probability: col.probability };
    const deals = [...col.deals];
    const at = target.beforeId ? deals.findIndex((d) => d.id === target.beforeId) : -1;
    index = at === -1 ? deals.length : at;
    deals.splice(index, 0, placed);
    return adjust({ ...col, deals }, placed, 1, placed.probability, board.currency);
  });
  return { board: { ...board, stages }, index };
}

/** Where a card sits now: its column and the id of the card below it. */
export function locate(board: Board, dealId: string): { stageId: string; beforeId: string | null; index: number } | null {
  for (const col of board.stages) {
    const i = col.deals.findIndex((d) => d.id === dealId);
    if (i !== -1) return { stageId: col.stageId, beforeId: col.deals[i + 1]?.id ?? null, index: i };
  }
  return null;
}

/** The server's view of a moved deal replaces the optimistic card (version, probability, flags). */
export function patchCard(board: Board, card: Partial<BoardCard> & { id: string }): Board {
  return {
    ...board,
    stages: board.stages.map((col) =>
      col.deals.some((d) => d.id === card.id) ? { ...col, deals: col.deals.map((d) => (d.id === card.id ? { ...d, ...card } : d)) } : col,
    ),
  };
}
