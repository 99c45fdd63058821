import { Badge, Group, Text } from '@mantine/core';
import { IconAlarm } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { Ticket, TicketPriority, TicketStatus } from './tickets.api';

const statusColors: Record<TicketStatus, string> = { new: 'blue', open: 'cyan', pending: 'yellow', resolved: 'green', closed: 'gray' };
const priorityColors: Record<TicketPriority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" data-testid="ticket-status" data-status={status}>
      {t(`ticketsUi.status.${status}`)}
    </Badge>
  );
}

export function TicketPriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  return (
    <Badge color={priorityColors[priority]} variant={priority === 'urgent' ? 'filled' : 'outline'} data-testid="ticket-priority">
      {t(`ticketsUi.priority.${priority}`)}
    </Badge>
  );
}

/** The due time in the viewer's zone, flagged when the ticket is overdue (the server decides, pending stops it). */
export function TicketDue({ ticket }: { ticket: Pick<Ticket, 'dueAt' | 'overdue'> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Group gap={4} wrap="nowrap">
      {ticket.overdue && <IconAlarm size={14} color="var(--mantine-color-red-6)" aria-label={t('ticketsUi.overdue')} />}
      <Text
        size="sm"
        c={ticket.overdue ? 'red' : undefined}
        fw={ticket.overdue ? 600 : undefined}
        style={{ whiteSpace: 'nowrap' }}
        data-testid="ticket-due"
        data-due-at={ticket.dueAt}
        data-overdue={ticket.overdue ? 'true' : 'false'}
      >
        {fmt.dateTime(ticket.dueAt)}
      </Text>
      {ticket.overdue && (
        <Text span size="xs" c="red" data-testid="ticket-overdue">
          {t('ticketsUi.overdue')}
        </Text>
      )}
    </Group>
  );
}
