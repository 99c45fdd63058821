import { Badge, Group } from '@mantine/core';
import { IconArrowDownLeft, IconArrowsLeftRight, IconArrowUpRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ListedCall } from './calls.api';

const statusColor: Record<ListedCall['status'], string> = {
  ringing: 'blue',
  answered: 'green',
  missed: 'red',
  busy: 'orange',
  failed: 'gray',
};
const DirectionIcon = { in: IconArrowDownLeft, out: IconArrowUpRight, internal: IconArrowsLeftRight };

/** A call's direction and how it came out, as two small badges. */
export function CallBadges({ call }: { call: Pick<ListedCall, 'direction' | 'status'> }) {
  const { t } = useTranslation();
  const Icon = DirectionIcon[call.direction];
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="light" color="gray" leftSection={<Icon size={12} />} data-testid="call-direction">
        {t(`callsUi.direction.${call.direction}`)}
      </Badge>
      <Badge variant="light" color={statusColor[call.status]} data-testid="call-status">
        {t(`callsUi.status.${call.status}`)}
      </Badge>
    </Group>
  );
}

/** The client's number of a call: the caller of an incoming one, the dialled number of an outgoing one. */
export const externalNumber = (c: Pick<ListedCall, 'direction' | 'from' | 'to'>) => (c.direction === 'out' ? c.to : c.from) ?? '';

/** Talk time as m:ss. */
export const talk = (s: number | null) => (s === null ? '' : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`);
