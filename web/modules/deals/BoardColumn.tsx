import { Fragment, memo, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { Link } from 'react-router';
import { useDroppable } from '@dnd-kit/core';
import { ActionIcon, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { BoardCard, BoardColumn as Column } from './deals.api';
import { DraggableDealCard, StaticDealCard, type CardDeps } from './DealCard';
import classes from './board.module.css';

const STEP = 40;

/**
 * Renders the first cards of a long column and more as the user scrolls near its end: a column of
 * 400 deals costs 40 cards until someone actually looks further down.
 */
function useIncremental(total: number, rootRef: React.RefObject<HTMLDivElement | null>) {
  const [shown, setShown] = useState(STEP);
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || shown >= total) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setShown((s) => Math.min(total, s + STEP));
      },
      { root: rootRef.current, rootMargin: '400px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [shown, total, rootRef]);
  return { shown: Math.min(shown, total), sentinel, showAll: () => setShown(total) };
}

type Props = {
  column: Column;
  cards: BoardCard[];
  deps: CardDeps;
  /** Index where a dragged card would land in this column, or null. */
  dropIndex: number | null;
  /** The card being dragged (anywhere), or null: it stays draggable; hover changes wait until the drop. */
  activeId: string | null;
  /** A quick filter hides some cards: the count shows "shown / all". */
  filtered: boolean;
  listHref: string;
  onOpen: (id: string) => void;
  onAdd: (stageId: string) => void;
  sums: { currency: string; sum: string; weighted: string }[];
};

/** One open stage: header with count, sum and weighted sum per currency; its cards below. */
export const BoardColumn = memo(function BoardColumn({
  column,
  cards,
  deps,
  dropIndex,
  activeId,
  filtered,
  listHref,
  onOpen,
  onAdd,
  sums,
}: Props) {
  const { t } = deps;
  // Only the card under the pointer or focus carries the drag hook (see StaticDealCard).
  const [armed, setArmed] = useState<string | null>(null);
  const [armedByFocus, setArmedByFocus] = useState(false);
  const arm = (e: React.PointerEvent | React.FocusEvent) => {
    // Not while a drag is on (the pointer crosses other cards with the button held).
    if (activeId || ('buttons' in e && e.buttons !== 0)) return;
    const id = (e.target as HTMLElement).closest<HTMLElement>('[data-deal-id]')?.dataset.dealId ?? null;
    // Synchronously: the browser dispatches pointerover before pointerdown, so the drag hook is
    // on the card by the time the button goes down, however fast that happens.
    if (id && id !== armed) {
      flushSync(() => {
        setArmed(id);
        setArmedByFocus(e.type === 'focus');
      });
    }
  };
  const { setNodeRef, isOver } = useDroppable({ id: `stage:${column.stageId}`, data: { stageId: column.stageId, kind: 'open' } });
  const listRef = useRef<HTMLDivElement>(null);
  const { shown, sentinel } = useIncremental(cards.length, listRef);
  const visible = cards.slice(0, shown);
  return (
    <div
      ref={setNodeRef}
      className={`${classes.column} ${isOver ? classes.columnOver : ''}`}
      data-testid="board-column"
      data-stage-id={column.stageId}
      data-stage-kind="open"
    >
      <div className={classes.columnHeader}>
        <div className={classes.columnTitle}>
          <span title={column.name}>{column.name}</span>
          <span className={classes.count} title={t('salesUi.board.dealCount')} data-testid="column-count">
            {filtered ? `${cards.length} / ${column.count}` : column.count}
          </span>
          <Tooltip label={t('salesUi.board.addDeal')}>
            <ActionIcon
              size="sm"
              variant="subtle"
              color="gray"
              onClick={() => onAdd(column.stageId)}
              aria-label={t('salesUi.board.addDeal')}
            >
              <IconPlus size={14} />
            </ActionIcon>
          </Tooltip>
        </div>
        <div className={classes.sums} data-testid="column-sums">
          {sums.length === 0 && <span>—</span>}
          {sums.map((s) => (
            <div key={s.currency} data-currency={s.currency}>
              <b>{deps.money.money(s.sum, s.currency)}</b>
              {' · '}
              <span title={t('salesUi.board.weighted')}>≈ {deps.money.money(s.weighted, s.currency)}</span>
            </div>
          ))}
          <div>
            {t('salesUi.board.probability', { value: column.probability })}
            {column.rottingDays ? ` · ${t('salesUi.board.rottingAfter', { count: column.rottingDays })}` : ''}
          </div>
        </div>
      </div>
      <div className={classes.list} ref={listRef} onPointerOver={arm} onFocus={arm}>
        {visible.map((c, i) => (
          <Fragment key={c.id}>
            {dropIndex === i && <div className={classes.dropLine} />}
            {c.id === armed || c.id === activeId ? (
              <DraggableDealCard card={c} stageId={column.stageId} deps={deps} onOpen={onOpen} takeFocus={armedByFocus && c.id === armed} />
            ) : (
              <StaticDealCard card={c} stageId={column.stageId} deps={deps} onOpen={onOpen} />
            )}
          </Fragment>
        ))}
        {dropIndex !== null && dropIndex >= visible.length && <div className={classes.dropLine} />}
        {shown < cards.length && (
          <div ref={sentinel} className={classes.more}>
            …
          </div>
        )}
        {column.hasMore && shown >= cards.length && (
          <Link to={listHref} className={classes.more}>
            {t('salesUi.board.moreInList', { count: column.count - cards.length })}
          </Link>
        )}
      </div>
    </div>
  );
});
