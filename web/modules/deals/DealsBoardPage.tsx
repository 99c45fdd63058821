import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDroppable,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { Badge, Chip, Group, Paper, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconSearch, IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { useFormat } from '../../lib/format';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { BoardColumn } from './BoardColumn';
import { applyMove, insertCard, locate, patchCard, type MoveTarget } from './boardState';
import { LostDealDialog, WonDealDialog, type OpenActivitiesChoice } from './CloseDealDialogs';
import { cardClass, DealCardBody, type CardDeps } from './DealCard';
import { useCreditHolds } from '../contracts/contracts.api';
import { dealKeys, moveDeal, useBoard, type Board, type BoardCard } from './deals.api';
import { DealsToolbar, useDealFilters } from './DealsToolbar';
import { CurrencyTotals, toUnits, useMoneyFormat } from '../../lib/money';
import { NewDealModal } from './NewDealModal';
import classes from './board.module.css';
import { dealListPath, recordPath } from '../../lib/records';

type FlagFilter = 'noNextStep' | 'rotting' | 'overdueNextStep';
type Closing = { card: BoardCard; stageId: string; kind: 'won' | 'lost'; from: { stageId: string; beforeId: string | null } };

// Won/Lost zones win when the pointer is inside them; otherwise the column under the card.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

function ClosedZone({ stageId, name, kind, active }: { stageId: string; name: string; kind: 'won' | 'lost'; active: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: `closed:${stageId}`, data: { stageId, kind } });
  const Icon = kind === 'won' ? IconTrophy : IconThumbDown;
  return (
    <div
      ref={setNodeRef}
      className={`${classes.zone} ${kind === 'won' ? classes.zoneWon : classes.zoneLost} ${active ? classes.zoneActive : ''} ${isOver ? classes.zoneOver : ''}`}
      data-testid="board-column"
      data-stage-kind={kind}
      data-stage-id={stageId}
    >
      <Icon size={20} />
      {name}
    </div>
  );
}

/** Finds where the dragged card would land: before the first card of the column whose middle is below the card's middle. */
function dropPosition(stageId: string, draggedId: string, centerY: number): string | null {
  const col = document.querySelector(`[data-testid="board-column"][data-stage-id="${stageId}"]`);
  if (!col) return null;
  for (const el of col.querySelectorAll<HTMLElement>('[data-testid="deal-card"]')) {
    if (el.dataset.dealId === draggedId) continue;
    const r = el.getBoundingClientRect();
    if (r.top + r.height / 2 > centerY) return el.dataset.dealId ?? null;
  }
  return null;
}

/** The kanban board of one pipeline: drag deals between stages, drop on Won or Lost to close them. */
export function DealsBoardPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const filters = useDealFilters();
  const pipelineId = filters.pipeline?.id;
  // Wait for the pipelines: asking for "the default board" first and the chosen one next would load a large board twice.
  const board = useBoard(pipelineId, filters.ownerId, !!pipelineId);
  const boardKey = dealKeys.board(pipelineId, filters.ownerId);
  const keyRef = useRef(boardKey);
  keyRef.current = boardKey;

  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim().toLocaleLowerCase(), 200);
  const [flagFilter, setFlagFilter] = useState<FlagFilter[]>([]);
  const [active, setActive] = useState<BoardCard | null>(null);
  const [hint, setHint] = useState<MoveTarget>(null);
  const hintRef = useRef<MoveTarget>(null);
  const [closing, setClosing] = useState<Closing | null>(null);
  const [newDealStage, setNewDealStage] = useState<string | null | undefined>(undefined);
  const pending = useRef(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 10 * 60_000);
    return () => clearInterval(id);
  }, []);

  const sensors = useSensors(
    // A few pixels of movement before a drag starts: a plain click still opens the deal.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor),
  );

  const data = board.data;
  // One request marks every client on credit hold among the loaded cards.
  const companyIds = useMemo(
    () => (data?.stages ?? []).flatMap((s) => s.deals.flatMap((d) => (d.company?.id && !d.company.hidden ? [d.company.id] : []))),
    [data],
  );
  const holds = useCreditHolds(companyIds).data;
  const deps: CardDeps = useMemo(() => ({ t, fmt, money, now, holds }), [t, fmt, money, now, holds]);

  // Quick filters run in the browser over the cards already loaded; counts show "shown / all".
  const filtering = q !== '' || flagFilter.length > 0;
  const columns = useMemo(
    () =>
      (data?.stages ?? []).map((col) => {
        const cards = filtering
          ? col.deals.filter(
              (d) =>
                (!q || d.title.toLocaleLowerCase().includes(q) || (d.company?.name ?? '').toLocaleLowerCase().includes(q)) &&
                flagFilter.every((f) => d.flags[f]),
            )
          : col.deals;
        const sums = col.sums.map((s) => ({ currency: s.currency, sum: s.sum, weighted: s.weightedSum }));
        return { col, cards, sums };
      }),
    [data, q, flagFilter, filtering],
  );

  const totals = useMemo(() => {
    const sum = new CurrencyTotals();
    const weighted = new CurrencyTotals();
    let count = 0;
    const flagged = { noNextStep: 0, rotting: 0, overdueNextStep: 0 };
    for (const col of data?.stages ?? []) {
      count += col.count;
      for (const s of col.sums) {
        sum.add(s.currency, toUnits(s.sum));
        weighted.add(s.currency, toUnits(s.weightedSum));
      }
      for (const d of col.deals) {
        if (d.flags.noNextStep) flagged.noNextStep += 1;
        if (d.flags.rotting) flagged.rotting += 1;
        if (d.flags.overdueNextStep) flagged.overdueNextStep += 1;
      }
    }
    return { count, sum: sum.entries(), weighted: new Map(weighted.entries()), flagged };
  }, [data]);

  const openDeal = useCallback((id: string) => navigate(recordPath('deal', id)), [navigate]);
  const addInStage = useCallback((stageId: string) => setNewDealStage(stageId), []);

  const setBoard = (fn: (b: Board) => Board) => qc.setQueryData<Board>(keyRef.current, (b) => (b ? fn(b) : b));

  const settle = () => {
    pending.current -= 1;
    // Refetch only when no other move is in flight, or an older answer could undo a newer drop.
    if (pending.current === 0) void qc.invalidateQueries({ queryKey: keyRef.current });
  };

  const onDragStart = (e: DragStartEvent) => {
    setActive((e.active.data.current as { card: BoardCard }).card);
  };

  const onDragMove = (e: DragMoveEvent) => {
    const over = e.over?.data.current as { stageId: string; kind: string } | undefined;
    const rect = e.active.rect.current.translated;
    let next: MoveTarget = null;
    if (over && over.kind === 'open' && rect) {
      next = { stageId: over.stageId, beforeId: dropPosition(over.stageId, String(e.active.id), rect.top + rect.height / 2) };
    }
    const prev = hintRef.current;
    if (prev?.stageId !== next?.stageId || prev?.beforeId !== next?.beforeId) {
      hintRef.current = next;
      setHint(next);
    }
  };

  const clearDrag = () => {
    setActive(null);
    hintRef.current = null;
    setHint(null);
  };

  const onDragEnd = (e: DragEndEvent) => {
    const card = (e.active.data.current as { card: BoardCard }).card;
    const over = e.over?.data.current as { stageId: string; kind: 'open' | 'won' | 'lost' } | undefined;
    const target = hintRef.current;
    clearDrag();
    const current = qc.getQueryData<Board>(keyRef.current);
    if (!over || !current) return;
    const from = locate(current, card.id);
    if (!from) return;
    if (over.kind !== 'open') {
      // Closing: the card leaves the board now; the dialog decides whether it stays gone.
      void qc.cancelQueries({ queryKey: keyRef.current });
      setBoard((b) => applyMove(b, card.id, null).board);
      setClosing({ card, stageId: over.stageId, kind: over.kind, from: { stageId: from.stageId, beforeId: from.beforeId } });
      return;
    }
    const dest = target && target.stageId === over.stageId ? target : { stageId: over.stageId, beforeId: null };
    if (dest.stageId === from.stageId && (dest.beforeId === from.beforeId || dest.beforeId === card.id)) return;
    void qc.cancelQueries({ queryKey: keyRef.current });
    const { board: next, index } = applyMove(current, card.id, dest);
    qc.setQueryData(keyRef.current, next);
    pending.current += 1;
    moveDeal(card.id, { stageId: dest.stageId, position: index, version: card.version })
      .then((deal) => {
        setBoard((b) =>
          patchCard(b, {
            id: deal.id,
            version: deal.version,
            probability: deal.probability,
            flags: deal.flags,
            stageEnteredAt: deal.stageEnteredAt,
            nextStep: deal.nextStep,
          }),
        );
      })
      .catch((err) => {
        // Only this card goes back; other moves made meanwhile stay.
        setBoard((b) => {
          const without = applyMove(b, card.id, null).board;
          return insertCard(without, card, { stageId: from.stageId, beforeId: from.beforeId }, true).board;
        });
        notifications.show({ color: 'red', title: t('salesUi.board.moveFailed'), message: errorText(err, t) });
      })
      .finally(settle);
  };

  const cancelClosing = () => {
    if (closing) {
      const { card, from } = closing;
      // Back exactly where it was, with its original probability and the column sums restored.
      setBoard((b) => (locate(b, card.id) ? b : insertCard(b, card, from, true).board));
    }
    setClosing(null);
  };

  const confirmClosing = async (extra: { reasonId?: string; comment?: string; amount?: string; date?: string } & OpenActivitiesChoice) => {
    if (!closing) return;
    const { card, stageId, kind } = closing;
    pending.current += 1;
    try {
      await moveDeal(card.id, { stageId, version: card.version, ...extra });
      notifications.show({
        color: kind === 'won' ? 'teal' : 'gray',
        message: t(kind === 'won' ? 'salesUi.close.wonDone' : 'salesUi.close.lostDone', { title: card.title }),
      });
      setClosing(null);
      void qc.invalidateQueries({ queryKey: ['reports'] });
      if (extra.openActivities) void qc.invalidateQueries({ queryKey: ['activities'] });
    } catch (err) {
      if (isApiError(err) && (err.status === 404 || err.isVersionConflict)) {
        notifications.show({ color: 'red', message: errorText(err, t) });
        setClosing(null);
      } else throw err;
    } finally {
      settle();
    }
  };

  const flagChip = (f: FlagFilter, color: string) => (
    <Chip key={f} value={f} size="xs" color={color} variant="light" data-testid={`filter-${f}`}>
      {t(`sales.flags.${f}`)} · {totals.flagged[f]}
    </Chip>
  );

  return (
    <>
      <PageHeader
        title={t('salesUi.deals.title')}
        subtitle={
          data ? (
            <Group gap="xs" component="span">
              <span>{t('salesUi.board.openDeals', { count: totals.count })}</span>
              {totals.sum.map(([c, units]) => (
                <Badge key={c} variant="light" color="gray" tt="none" className="orbita-num">
                  {money.money(units, c)} · ≈ {money.money(totals.weighted.get(c) ?? 0n, c)}
                </Badge>
              ))}
            </Group>
          ) : undefined
        }
      />
      <DealsToolbar view="board" filters={filters} onNew={() => setNewDealStage(null)} />
      <Group gap="sm" mb="sm" wrap="wrap">
        <TextInput
          size="xs"
          w={240}
          leftSection={<IconSearch size={14} />}
          placeholder={t('salesUi.board.quickFilter')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <Chip.Group multiple value={flagFilter} onChange={(v) => setFlagFilter(v as FlagFilter[])}>
          <Group gap={6}>
            {flagChip('noNextStep', 'yellow')}
            {flagChip('overdueNextStep', 'red')}
            {flagChip('rotting', 'orange')}
          </Group>
        </Chip.Group>
        {board.isFetching && !board.isPending && (
          <Text size="xs" c="dimmed">
            {t('salesUi.common.updating')}
          </Text>
        )}
      </Group>
      {filters.pipelines.error ? (
        <ErrorState error={filters.pipelines.error} onRetry={() => void filters.pipelines.refetch()} />
      ) : filters.pipelines.isPending || (pipelineId && board.isPending) ? (
        <PageLoader />
      ) : board.error ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : (
        data && (
          <DndContext
            sensors={sensors}
            collisionDetection={collision}
            onDragStart={onDragStart}
            onDragMove={onDragMove}
            onDragEnd={onDragEnd}
            onDragCancel={clearDrag}
          >
            <div className={classes.board} data-testid="deals-board" data-pipeline-id={data.pipelineId}>
              {columns.map(({ col, cards, sums }) => {
                let dropIndex: number | null = null;
                if (hint?.stageId === col.stageId && active) {
                  const visible = cards.filter((c) => c.id !== active.id);
                  const at = hint.beforeId ? visible.findIndex((c) => c.id === hint.beforeId) : -1;
                  // Index among the rendered cards, where the dragged one still occupies its own slot.
                  const beforeCard = at === -1 ? null : visible[at];
                  dropIndex = beforeCard ? cards.findIndex((c) => c.id === beforeCard.id) : cards.length;
                }
                return (
                  <BoardColumn
                    key={col.stageId}
                    column={col}
                    cards={cards}
                    sums={sums}
                    deps={deps}
                    dropIndex={dropIndex}
                    activeId={active?.id ?? null}
                    filtered={filtering}
                    listHref={dealListPath({ pipeline: data.pipelineId, stage: col.stageId, owner: filters.owner })}
                    onOpen={openDeal}
                    onAdd={addInStage}
                  />
                );
              })}
              {columns.length === 0 && (
                <Paper p="xl" w="100%">
                  <Text c="dimmed" ta="center">
                    {t('salesUi.board.noStages')}
                  </Text>
                </Paper>
              )}
            </div>
            <div className={classes.closedZones}>
              {data.closedStages.map((s) => (
                <ClosedZone key={s.stageId} stageId={s.stageId} name={s.name} kind={s.kind} active={!!active} />
              ))}
            </div>
            <DragOverlay dropAnimation={null}>
              {active ? (
                <div className={cardClass(active, classes.cardOverlay)}>
                  <DealCardBody card={active} deps={deps} />
                </div>
              ) : null}
            </DragOverlay>
          </DndContext>
        )
      )}
      <LostDealDialog deal={closing?.kind === 'lost' ? closing.card : null} onCancel={cancelClosing} onConfirm={(v) => confirmClosing(v)} />
      <WonDealDialog deal={closing?.kind === 'won' ? closing.card : null} onCancel={cancelClosing} onConfirm={(v) => confirmClosing(v)} />
      <NewDealModal
        opened={newDealStage !== undefined}
        onClose={() => setNewDealStage(undefined)}
        pipelineId={pipelineId}
        stageId={newDealStage ?? undefined}
      />
    </>
  );
}
