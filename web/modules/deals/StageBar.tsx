import { Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Pipeline } from '../pipelines/pipelines.api';

type Props = {
  pipeline: Pipeline;
  stageId: string;
  status: 'open' | 'won' | 'lost';
  disabled?: boolean;
  onPick: (stageId: string) => void;
  daysInStage: number;
};

/** The pipeline as a row of chevrons: where the deal is, how far it came; click a stage to move it there. */
export function StageBar({ pipeline, stageId, status, disabled, onPick, daysInStage }: Props) {
  const { t } = useTranslation();
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const currentIndex = open.findIndex((s) => s.id === stageId);
  return (
    <div style={{ display: 'flex', gap: 2, width: '100%', overflowX: 'auto' }} data-testid="stage-bar">
      {open.map((s, i) => {
        const reached = status === 'won' || (currentIndex >= 0 && i <= currentIndex);
        const current = s.id === stageId && status === 'open';
        const bg =
          status === 'lost'
            ? 'var(--mantine-color-gray-3)'
            : reached
              ? current
                ? 'var(--mantine-primary-color-filled)'
                : 'var(--mantine-color-teal-5)'
              : 'var(--mantine-color-gray-2)';
        const fg = reached && status !== 'lost' ? 'white' : 'var(--mantine-color-gray-7)';
        return (
          <Tooltip
            key={s.id}
            label={current ? t('salesUi.deal.inStageFor', { count: daysInStage }) : t('salesUi.deal.moveTo', { stage: s.name })}
          >
            <UnstyledButton
              onClick={() => !disabled && !current && onPick(s.id)}
              disabled={disabled}
              data-stage-id={s.id}
              data-current={current || undefined}
              style={{
                flex: '1 0 110px',
                minWidth: 0,
                padding: '6px 14px 6px 18px',
                background: bg,
                color: fg,
                fontSize: 13,
                fontWeight: current ? 700 : 500,
                clipPath:
                  i === 0
                    ? 'polygon(0 0, calc(100% - 10px) 0, 100% 50%, calc(100% - 10px) 100%, 0 100%)'
                    : 'polygon(0 0, calc(100% - 10px) 0, 100% 50%, calc(100% - 10px) 100%, 0 100%, 10px 50%)',
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                cursor: disabled || current ? 'default' : 'pointer',
              }}
            >
              {s.name}
            </UnstyledButton>
          </Tooltip>
        );
      })}
    </div>
  );
}
