import { memo, useCallback, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useDraggable } from '@dnd-kit/core';
import { IconAlertTriangle, IconCalendarEvent, IconFlame, IconHourglassEmpty } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { initials, type Format } from '../../lib/format';
import type { BoardCard } from './deals.api';
import type { MoneyFormat } from '../../lib/money';
import classes from './board.module.css';
import { recordPath } from '../../lib/records';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { CreditHoldMark } from '../contracts/CreditBadge';

/** What every card needs, computed once per board: formatters, the time, the clients on credit hold. */
export type CardDeps = { t: TFunction; fmt: Format; money: MoneyFormat; now: number; holds?: ReadonlySet<string> };

const DAY = 86_400_000;

/** The card's face: title, company, amount, owner, next step and the warning flags. */
export const DealCardBody = memo(function DealCardBody({ card, deps }: { card: BoardCard; deps: CardDeps }) {
  const { t, fmt, money, now } = deps;
  const f = card.flags;
  const daysInStage = Math.max(0, Math.floor((now - new Date(card.stageEnteredAt).getTime()) / DAY));
  return (
    <>
      <Link to={recordPath('deal', card.id)} className={classes.title} draggable={false} onClick={(e) => e.stopPropagation()}>
        {card.title}
      </Link>
      {card.company?.hidden ? (
        <div className={classes.company}>
          <HiddenRecord size="xs" />
        </div>
      ) : (
        card.company?.name && (
          <div className={classes.company}>
            {card.company.name}
            {card.company.id && deps.holds?.has(card.company.id) && <CreditHoldMark onHold />}
          </div>
        )
      )}
      <div className={classes.row}>
        <span className={classes.amount}>{money.money(card.amount, card.currency)}</span>
        {card.ownerName && (
          <span className={classes.avatar} title={card.ownerName}>
            {initials(card.ownerName)}
          </span>
        )}
      </div>
      <div className={classes.row}>
        {card.nextStep ? (
          <span className={`${classes.next} ${f.overdueNextStep ? classes.nextOverdue : ''}`} title={card.nextStep.text}>
            <IconCalendarEvent size={13} style={{ flexShrink: 0 }} />
            <span>
              {fmt.date(card.nextStep.dueAt)} · {card.nextStep.text}
            </span>
          </span>
        ) : null}
      </div>
      {(f.noNextStep || f.rotting || f.overdueNextStep) && (
        <div className={classes.row} style={{ flexWrap: 'wrap' }}>
          {f.noNextStep && (
            <span className={`${classes.flag} ${classes.flagNoNext}`} data-flag="noNextStep">
              <IconHourglassEmpty size={12} />
              {t('sales.flags.noNextStep')}
            </span>
          )}
          {f.overdueNextStep && (
            <span className={`${classes.flag} ${classes.flagOverdue}`} data-flag="overdueNextStep">
              <IconAlertTriangle size={12} />
              {t('sales.flags.overdueNextStep')}
            </span>
          )}
          {f.rotting && (
            <span className={`${classes.flag} ${classes.flagRotting}`} data-flag="rotting" title={t('sales.flags.rotting')}>
              <IconFlame size={12} />
              {t('salesUi.board.daysInStage', { count: daysInStage })}
            </span>
          )}
        </div>
      )}
    </>
  );
});

export function cardClass(card: BoardCard, extra?: string) {
  const f = card.flags;
  const tone = f.overdueNextStep ? classes.cardOverdue : f.rotting ? classes.cardRotting : f.noNextStep ? classes.cardNoNext : '';
  return `${classes.card} ${tone} ${extra ?? ''}`;
}

type Props = { card: BoardCard; stageId: string; deps: CardDeps; onOpen: (id: string) => void };

const flagList = (card: BoardCard) =>
  [card.flags.noNextStep && 'noNextStep', card.flags.rotting && 'rotting', card.flags.overdueNextStep && 'overdueNextStep']
    .filter(Boolean)
    .join(' ');

/**
 * A card at rest. It carries no dnd-kit hook: the column upgrades the card under the pointer (or
 * focus) to a DraggableDealCard, so a drag re-renders one draggable instead of every card on the board.
 */
export const StaticDealCard = memo(function StaticDealCard({ card, deps, onOpen }: Props) {
  return (
    <div
      className={cardClass(card)}
      data-testid="deal-card"
      data-deal-id={card.id}
      data-flags={flagList(card)}
      role="button"
      tabIndex={0}
      aria-roledescription="draggable"
      onClick={() => onOpen(card.id)}
    >
      <DealCardBody card={card} deps={deps} />
    </div>
  );
});

/**
 * The same card with the drag hook: a click (no movement) opens the deal, a 5 px move starts
 * dragging, Space picks it up from the keyboard. `takeFocus`: it replaced a focused static card.
 */
export const DraggableDealCard = memo(function DraggableDealCard({
  card,
  stageId,
  deps,
  onOpen,
  takeFocus,
}: Props & { takeFocus?: boolean }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.id, data: { card, stageId } });
  const node = useRef<HTMLDivElement | null>(null);
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      node.current = el;
      setNodeRef(el);
    },
    [setNodeRef],
  );
  useEffect(() => {
    if (takeFocus) node.current?.focus();
  }, [takeFocus]);
  return (
    <div
      ref={ref}
      className={cardClass(card, isDragging ? classes.cardDragging : '')}
      data-testid="deal-card"
      data-deal-id={card.id}
      data-flags={flagList(card)}
      onClick={() => onOpen(card.id)}
      {...attributes}
      {...listeners}
    >
      <DealCardBody card={card} deps={deps} />
    </div>
  );
});
