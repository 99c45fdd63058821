import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, CloseButton, Group, Paper, Select, Stack, Switch, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useUrlParams } from '../../lib/urlParams';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { RecordPicker } from '../../lib/RecordPicker';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { useUserNames, useUserOptions } from '../../ui/users';
import { NewTicketModal } from './NewTicketModal';
import { TicketClient } from './TicketClient';
import { TicketDue, TicketPriorityBadge, TicketStatusBadge } from './TicketBadges';
import { OPEN_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES, useProductNames, useTicketList } from './tickets.api';

/** The service queue: tickets the user may see, newest first, filters in the URL, server pages. */
export function TicketsQueuePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const users = useUserOptions();
  const userNames = useUserNames();
  const { params, patch: set } = useUrlParams();
  // `?new=1&callId&contactId&companyId`: the calls page opens the form for a call.
  const fromCall = params.get('new') === '1';
  const [newOpen, setNewOpen] = useState(fromCall);
  const [initial] = useState(() =>
    fromCall ? { callId: params.get('callId'), contactId: params.get('contactId'), companyId: params.get('companyId') } : undefined,
  );

  // No status in the URL: the tickets still being worked on; `all`: every status.
  const status = params.get('status');
  const priority = params.get('priority');
  const assigneeId = params.get('assigneeId');
  const companyId = params.get('companyId');
  const contactId = params.get('contactId');
  const overdue = params.get('overdue') === 'true';
  // From the tickets report's rows: shown as chips, cleared with their cross.
  const category = params.get('category');
  const productId = params.get('productId');
  const query = useMemo(
    () => ({
      status: status === 'all' ? undefined : (status ?? OPEN_STATUSES),
      priority: priority ?? undefined,
      assigneeId: assigneeId ?? undefined,
      companyId: companyId ?? undefined,
      contactId: contactId ?? undefined,
      overdue: overdue ? 'true' : undefined,
      category: category ?? undefined,
      productId: productId ?? undefined,
    }),
    [status, priority, assigneeId, companyId, contactId, overdue, category, productId],
  );
  const productNames = useProductNames(productId ? [productId] : []);
  const pages = useCursorPages([query]);
  const list = useTicketList({ ...query, cursor: pages.cursor, limit: 50 });
  const open = (id: string) => navigate(`/tickets/${id}`);
  // A phone gets one card per ticket instead of a table to scroll sideways.
  const narrow = useMediaQuery('(max-width: 40em)');

  return (
    <>
      <PageHeader
        title={t('ticketsUi.title')}
        subtitle={t('ticketsUi.subtitle')}
        titleTestId="tickets-title"
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setNewOpen(true)} data-testid="ticket-new">
            {t('ticketsUi.new')}
          </Button>
        }
      />
      <Paper p="sm" mb="sm">
        <Group gap="sm" wrap="wrap">
          <Select
            w={{ base: '100%', xs: 180 }}
            data={[
              { value: 'active', label: t('ticketsUi.anyStatus') },
              { value: 'all', label: t('ticketsUi.allStatuses') },
              ...TICKET_STATUSES.map((s) => ({ value: s, label: t(`ticketsUi.status.${s}`) })),
            ]}
            value={status ?? 'active'}
            onChange={(v) => set({ status: v && v !== 'active' ? v : null })}
            allowDeselect={false}
            aria-label={t('ticketsUi.col.status')}
            data-testid="tickets-filter-status"
          />
          <Select
            w={{ base: '100%', xs: 170 }}
            placeholder={t('ticketsUi.anyPriority')}
            data={TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`ticketsUi.priority.${p}`) }))}
            value={priority}
            onChange={(v) => set({ priority: v })}
            clearable
            aria-label={t('ticketsUi.col.priority')}
            data-testid="tickets-filter-priority"
          />
          <Select
            w={{ base: '100%', xs: 200 }}
            placeholder={t('ticketsUi.anyAssignee')}
            data={[{ value: 'none', label: t('ticketsUi.unassigned') }, ...users]}
            value={assigneeId}
            onChange={(v) => set({ assigneeId: v })}
            clearable
            searchable
            aria-label={t('ticketsUi.col.assignee')}
            data-testid="tickets-filter-assignee"
          />
          <RecordPicker
            kind="company"
            w={{ base: '100%', xs: 220 }}
            value={companyId}
            onChange={(id) => set({ companyId: id })}
            aria-label={t('ticketsUi.fields.company')}
            data-testid="tickets-filter-company"
          />
          <RecordPicker
            kind="contact"
            w={{ base: '100%', xs: 220 }}
            value={contactId}
            onChange={(id) => set({ contactId: id })}
            aria-label={t('ticketsUi.fields.contact')}
            data-testid="tickets-filter-contact"
          />
          <Switch
            label={t('ticketsUi.overdueOnly')}
            checked={overdue}
            onChange={(e) => set({ overdue: e.currentTarget.checked ? 'true' : null })}
            data-testid="tickets-filter-overdue"
          />
          {category && (
            <Badge
              variant="light"
              rightSection={<CloseButton size="xs" onClick={() => set({ category: null })} aria-label={t('ticketsUi.fields.category')} />}
              data-testid="tickets-filter-category"
            >
              {t('ticketsUi.fields.category')}: {category}
            </Badge>
          )}
          {productId && (
            <Badge
              variant="light"
              rightSection={<CloseButton size="xs" onClick={() => set({ productId: null })} aria-label={t('ticketsUi.fields.products')} />}
              data-testid="tickets-filter-product"
            >
              {t('ticketsUi.fields.products')}: {productNames[0]?.name ?? '…'}
            </Badge>
          )}
        </Group>
      </Paper>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : narrow ? (
        <Stack gap="xs" data-testid="tickets-table">
          {list.data.items.length === 0 && (
            <Text c="dimmed" ta="center" py="xl">
              {t('ticketsUi.empty')}
            </Text>
          )}
          {list.data.items.map((tk) => (
            <Paper
              key={tk.id}
              p="sm"
              withBorder
              className="orbita-row-link"
              tabIndex={0}
              onClick={() => open(tk.id)}
              onKeyDown={(e) => e.key === 'Enter' && open(tk.id)}
              data-testid="ticket-row"
              data-ticket-id={tk.id}
            >
              <Text size="sm" fw={600} lineClamp={2}>
                {tk.subject}
              </Text>
              <TicketClient company={tk.company} contact={tk.contact} linked={false} />
              <Group gap={6} mt={6} wrap="wrap">
                <TicketPriorityBadge priority={tk.priority} />
                <TicketStatusBadge status={tk.status} />
                <Text size="xs" c="dimmed">
                  {tk.assigneeId ? (userNames.get(tk.assigneeId) ?? '…') : t('ticketsUi.unassigned')}
                </Text>
              </Group>
              <Group gap={4} mt={4}>
                <Text size="xs" c="dimmed">
                  {t('ticketsUi.col.due')}:
                </Text>
                <TicketDue ticket={tk} />
              </Group>
            </Paper>
          ))}
          <CursorPager pages={pages} nextCursor={list.data.nextCursor} loading={list.isFetching} />
        </Stack>
      ) : (
        <Paper>
          <Table.ScrollContainer minWidth={860}>
            <Table highlightOnHover data-testid="tickets-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ticketsUi.col.subject')}</Table.Th>
                  <Table.Th>{t('ticketsUi.col.client')}</Table.Th>
                  <Table.Th>{t('ticketsUi.col.priority')}</Table.Th>
                  <Table.Th>{t('ticketsUi.col.status')}</Table.Th>
                  <Table.Th>{t('ticketsUi.col.assignee')}</Table.Th>
                  <Table.Th>{t('ticketsUi.col.due')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Text c="dimmed" ta="center" py="xl">
                        {t('ticketsUi.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {list.data.items.map((tk) => (
                  <Table.Tr
                    key={tk.id}
                    className="orbita-row-link"
                    tabIndex={0}
                    onClick={() => open(tk.id)}
                    onKeyDown={(e) => e.key === 'Enter' && open(tk.id)}
                    data-testid="ticket-row"
                    data-ticket-id={tk.id}
                  >
                    <Table.Td maw={320}>
                      <Text size="sm" fw={600} lineClamp={2}>
                        {tk.subject}
                      </Text>
                      {tk.category && (
                        <Text size="xs" c="dimmed">
                          {tk.category}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td maw={240}>
                      <TicketClient company={tk.company} contact={tk.contact} linked={false} />
                    </Table.Td>
                    <Table.Td>
                      <TicketPriorityBadge priority={tk.priority} />
                    </Table.Td>
                    <Table.Td>
                      <TicketStatusBadge status={tk.status} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={tk.assigneeId ? undefined : 'dimmed'}>
                        {tk.assigneeId ? (userNames.get(tk.assigneeId) ?? '…') : t('ticketsUi.unassigned')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <TicketDue ticket={tk} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <CursorPager pages={pages} nextCursor={list.data.nextCursor} loading={list.isFetching} />
        </Paper>
      )}
      {newOpen && (
        <NewTicketModal
          initial={initial}
          onClose={() => {
            setNewOpen(false);
            if (fromCall) set({ new: null, callId: null, contactId: null, companyId: null });
          }}
        />
      )}
    </>
  );
}
