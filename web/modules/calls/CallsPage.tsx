import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Group, Paper, Select, Table, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { CallButton } from '../../ui/CallButton';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { dayStartIso } from './period';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { useSession } from '../../lib/session';
import { safeZone } from '../../lib/zoned';
import { CallBadges, externalNumber, talk } from './CallBadges';
import { useCalls, type ListedCall } from './calls.api';
import { ClientCell } from './ClientCell';
import { SortCallModal } from './SortCallModal';

/** The new-ticket form for a call, with the call's client as the viewer may open it. */
const ticketFromCallPath = (c: ListedCall) => {
  const q = new URLSearchParams({ new: '1', callId: c.id });
  if (c.contact && !c.contact.hidden) q.set('contactId', c.contact.id);
  if (c.company && !c.company.hidden) q.set('companyId', c.company.id);
  return `/tickets?${q.toString()}`;
};

/** Every call the user may see, newest first, filtered by direction, status and period. */
export function CallsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSession();
  const tz = safeZone(me.user.timeZone);
  const [direction, setDirection] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [sorting, setSorting] = useState<ListedCall | null>(null);
  const pages = useCursorPages([direction, status, from, to]);
  const calls = useCalls({
    direction,
    status,
    from: from ? dayStartIso(from, tz) : null,
    to: to ? dayStartIso(to, tz, 1) : null,
    cursor: pages.cursor,
    limit: 50,
  });
  return (
    <Paper>
      <Group gap="xs" p="sm" wrap="wrap">
        <Select
          w={190}
          placeholder={t('callsUi.direction.any')}
          data={(['in', 'out', 'internal'] as const).map((d) => ({ value: d, label: t(`callsUi.direction.${d}`) }))}
          value={direction}
          onChange={setDirection}
          clearable
          aria-label={t('callsUi.col.direction')}
          data-testid="calls-direction"
        />
        <Select
          w={170}
          placeholder={t('callsUi.status.any')}
          data={(['answered', 'missed', 'busy', 'failed', 'ringing'] as const).map((s) => ({ value: s, label: t(`callsUi.status.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          aria-label={t('callsUi.col.status')}
          data-testid="calls-status"
        />
        <DateInput
          w={150}
          valueFormat="DD.MM.YYYY"
          placeholder={t('callsUi.from')}
          value={from}
          onChange={setFrom}
          clearable
          aria-label={t('callsUi.from')}
        />
        <DateInput
          w={150}
          valueFormat="DD.MM.YYYY"
          placeholder={t('callsUi.to')}
          value={to}
          onChange={setTo}
          clearable
          aria-label={t('callsUi.to')}
        />
      </Group>
      {calls.isPending ? (
        <PageLoader />
      ) : calls.error ? (
        <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={800}>
            <Table data-testid="calls-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('callsUi.col.started')}</Table.Th>
                  <Table.Th>{t('callsUi.col.direction')}</Table.Th>
                  <Table.Th>{t('callsUi.col.number')}</Table.Th>
                  <Table.Th>{t('callsUi.col.client')}</Table.Th>
                  <Table.Th>{t('callsUi.col.line')}</Table.Th>
                  <Table.Th ta="right">{t('callsUi.col.talk')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {calls.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={7}>
                      <Text c="dimmed" ta="center" py="md">
                        {t('callsUi.noCalls')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {calls.data.items.map((c) => (
                  <Table.Tr key={c.id} data-testid="call-row" data-call-id={c.id}>
                    <Table.Td>
                      <Text size="sm">{fmt.dateTime(c.startedAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <CallBadges call={c} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Text size="sm" className="orbita-num">
                          {externalNumber(c)}
                        </Text>
                        {c.direction !== 'internal' && externalNumber(c) && (
                          <CallButton number={externalNumber(c)} contactId={c.contact && !c.contact.hidden ? c.contact.id : undefined} />
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <ClientCell contact={c.contact} company={c.company} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {c.line}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="orbita-num">
                      {talk(c.talkSeconds)}
                    </Table.Td>
                    <Table.Td ta="right">
                      {((c.contact && !c.contact.hidden) || (c.company && !c.company.hidden)) && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          component={Link}
                          to={ticketFromCallPath(c)}
                          title={t('ticketsUi.fromCallHint')}
                          data-testid="call-ticket"
                        >
                          {t('ticketsUi.fromCall')}
                        </Button>
                      )}
                      {!c.contact && !c.company && c.direction !== 'internal' && externalNumber(c) && (
                        <Button size="compact-xs" variant="light" onClick={() => setSorting(c)} data-testid="call-sort">
                          {t('callsUi.sortAction')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <CursorPager pages={pages} nextCursor={calls.data.nextCursor} loading={calls.isFetching} />
        </>
      )}
      {sorting && <SortCallModal callId={sorting.id} number={externalNumber(sorting)} onClose={() => setSorting(null)} />}
    </Paper>
  );
}
