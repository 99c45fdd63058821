import { useMemo } from 'react';
import { Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { useFormat } from '../../lib/format';
import { hasRole, useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { InfoList } from '../../ui/InfoList';
import { useUserNames, useUserOptions } from '../../ui/users';
import { TicketClient } from './TicketClient';
import { TicketDue } from './TicketBadges';
import {
  REASSIGNERS,
  TICKET_PRIORITIES,
  nextStatuses,
  ticketKeys,
  useProductNames,
  useUpdateTicket,
  type Ticket,
  type UpdateTicket,
} from './tickets.api';

/**
 * The ticket's status, priority and assignee, each saved as it is picked (at the ticket's version);
 * the status offers only the moves the lifecycle allows the user, the assignee only whom they may give it to.
 */
export function TicketFields({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSession();
  const qc = useQueryClient();
  const users = useUserOptions();
  const names = useUserNames();
  const products = useProductNames(ticket.productIds);
  const update = useUpdateTicket(ticket.id, {
    onSuccess: () => notifications.show({ color: 'teal', message: t('ticketsUi.page.saved') }),
    onError: (err) => {
      if (isApiError(err) && err.isVersionConflict) {
        void qc.invalidateQueries({ queryKey: ticketKeys.one(ticket.id) });
        notifications.show({ color: 'orange', message: t('ticketsUi.page.reload') });
      } else notifications.show({ color: 'red', message: errorText(err, t) });
    },
  });
  const save = (patch: Omit<UpdateTicket, 'version'>) => update.mutate({ ...patch, version: ticket.version });
  const reassigner = hasRole(me, REASSIGNERS);
  const statusOptions = useMemo(
    () => [ticket.status, ...nextStatuses(ticket.status, reassigner)].map((s) => ({ value: s, label: t(`ticketsUi.status.${s}`) })),
    [ticket.status, reassigner, t],
  );
  // Others than oneself only for those who may reassign (the server checks the teams); the current one stays listed.
  const assigneeOptions = useMemo(() => {
    const mine = users.filter((u) => reassigner || u.value === me.user.id);
    if (ticket.assigneeId && !mine.some((u) => u.value === ticket.assigneeId))
      mine.unshift({ value: ticket.assigneeId, label: names.get(ticket.assigneeId) ?? '…' });
    return mine;
  }, [users, reassigner, me.user.id, ticket.assigneeId, names]);
  const mayClear = reassigner || ticket.assigneeId === me.user.id;

  return (
    <Paper p="md" withBorder>
      <Title order={4} mb="sm">
        {t('ticketsUi.page.details')}
      </Title>
      <Stack gap="sm">
        <Select
          label={t('ticketsUi.fields.status')}
          data={statusOptions}
          value={ticket.status}
          onChange={(v) => v && v !== ticket.status && save({ status: v as Ticket['status'] })}
          allowDeselect={false}
          disabled={update.isPending}
          data-testid="ticket-status-input"
        />
        <Select
          label={t('ticketsUi.fields.priority')}
          data={TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`ticketsUi.priority.${p}`) }))}
          value={ticket.priority}
          onChange={(v) => v && v !== ticket.priority && save({ priority: v as Ticket['priority'] })}
          allowDeselect={false}
          disabled={update.isPending}
          data-testid="ticket-priority-input"
        />
        <Select
          label={t('ticketsUi.fields.assignee')}
          data={assigneeOptions}
          value={ticket.assigneeId}
          onChange={(v) => v !== ticket.assigneeId && save({ assigneeId: v })}
          placeholder={t('ticketsUi.unassigned')}
          searchable
          clearable={mayClear}
          allowDeselect={mayClear}
          disabled={update.isPending || (!reassigner && !!ticket.assigneeId && ticket.assigneeId !== me.user.id)}
          data-testid="ticket-assignee-input"
        />
        <InfoList
          cols={1}
          items={[
            {
              label: t('ticketsUi.fields.due'),
              value: (
                <Stack gap={0}>
                  <TicketDue ticket={ticket} />
                  <Text size="xs" c="dimmed">
                    {ticket.dueAtManual ? t('ticketsUi.dueManual') : t('ticketsUi.dueBySla')}
                  </Text>
                </Stack>
              ),
            },
            { label: t('ticketsUi.fields.responseDue'), value: fmt.dateTime(ticket.responseDueAt) },
            { label: t('ticketsUi.fields.firstResponse'), value: ticket.firstResponseAt ? fmt.dateTime(ticket.firstResponseAt) : '—' },
            { label: t('ticketsUi.client'), value: <TicketClient company={ticket.company} contact={ticket.contact} /> },
            {
              label: t('ticketsUi.fields.segment'),
              value: ticket.segment === 'none' ? t('ticketsUi.segmentNone') : ticket.segment,
            },
            { label: t('ticketsUi.fields.channel'), value: t(`ticketsUi.channel.${ticket.channel}`) },
            { label: t('ticketsUi.fields.category'), value: ticket.category ?? '—' },
            {
              label: t('ticketsUi.fields.products'),
              value: ticket.productIds.length ? (
                <Group gap={4} data-testid="ticket-products-list">
                  {products.map((p) => (
                    <Text key={p.id} size="sm" span>
                      {p.name ?? (p.failed ? t('records.hidden') : '…')}
                      {p.id !== ticket.productIds[ticket.productIds.length - 1] && ','}
                    </Text>
                  ))}
                </Group>
              ) : (
                '—'
              ),
            },
            { label: t('ticketsUi.fields.created'), value: fmt.dateTime(ticket.createdAt) },
            ...(ticket.resolvedAt ? [{ label: t('ticketsUi.fields.resolved'), value: fmt.dateTime(ticket.resolvedAt) }] : []),
            ...(ticket.closedAt ? [{ label: t('ticketsUi.fields.closed'), value: fmt.dateTime(ticket.closedAt) }] : []),
          ]}
        />
      </Stack>
    </Paper>
  );
}
