import { Group, ThemeIcon, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconFlame, IconHourglassEmpty } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DealListItem } from './deals.api';

/** The warning flags of a deal as small icons with tooltips (lists, headers). */
export function DealFlags({ flags, size = 22 }: { flags: DealListItem['flags']; size?: number }) {
  const { t } = useTranslation();
  if (!flags.noNextStep && !flags.rotting && !flags.overdueNextStep) return null;
  return (
    <Group gap={4} wrap="nowrap" data-testid="deal-flags">
      {flags.noNextStep && (
        <Tooltip label={t('sales.flags.noNextStep')}>
          <ThemeIcon size={size} variant="light" color="yellow" data-flag="noNextStep">
            <IconHourglassEmpty size={size * 0.62} />
          </ThemeIcon>
        </Tooltip>
      )}
      {flags.overdueNextStep && (
        <Tooltip label={t('sales.flags.overdueNextStep')}>
          <ThemeIcon size={size} variant="light" color="red" data-flag="overdueNextStep">
            <IconAlertTriangle size={size * 0.62} />
          </ThemeIcon>
        </Tooltip>
      )}
      {flags.rotting && (
        <Tooltip label={t('sales.flags.rotting')}>
          <ThemeIcon size={size} variant="light" color="orange" data-flag="rotting">
            <IconFlame size={size * 0.62} />
          </ThemeIcon>
        </Tooltip>
      )}
    </Group>
  );
}

export const statusColors = { open: 'blue', won: 'teal', lost: 'red' } as const;
