import { useState } from 'react';
import { Badge, Button, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { CallBadges } from './CallBadges';
import { useUnsorted, type UnsortedNumber } from './calls.api';
import { SortCallModal } from './SortCallModal';

/** The «unsorted» queue: numbers of calls no client has, to create the client or attach the number. */
export function UnsortedPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pages = useCursorPages([]);
  const [sorting, setSorting] = useState<UnsortedNumber | null>(null);
  const queue = useUnsorted({ cursor: pages.cursor, limit: 50 });
  return (
    <Paper>
      <Text size="sm" c="dimmed" p="sm">
        {t('callsUi.unsorted.subtitle')}
      </Text>
      {queue.isPending ? (
        <PageLoader />
      ) : queue.error ? (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={700}>
            <Table data-testid="unsorted-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('callsUi.unsorted.number')}</Table.Th>
                  <Table.Th ta="right">{t('callsUi.unsorted.calls')}</Table.Th>
                  <Table.Th ta="right">{t('callsUi.unsorted.missed')}</Table.Th>
                  <Table.Th>{t('callsUi.unsorted.last')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed" ta="center" py="md">
                        {t('callsUi.unsorted.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {queue.data.items.map((n) => (
                  <Table.Tr key={n.lastCall.id} data-testid="unsorted-row" data-number={n.number}>
                    <Table.Td>
                      <Text size="sm" fw={600} className="orbita-num">
                        {n.number}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="orbita-num">
                      {n.calls}
                    </Table.Td>
                    <Table.Td ta="right">
                      {n.missed ? (
                        <Badge color="red" variant="light">
                          {n.missed}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          0
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{fmt.dateTime(n.lastCall.startedAt)}</Text>
                      <CallBadges call={n.lastCall} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button size="compact-sm" variant="light" onClick={() => setSorting(n)} data-testid="unsorted-sort">
                        {t('callsUi.sortAction')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <CursorPager pages={pages} nextCursor={queue.data.nextCursor} loading={queue.isFetching} />
        </>
      )}
      {sorting && <SortCallModal callId={sorting.lastCall.id} number={sorting.number} onClose={() => setSorting(null)} />}
    </Paper>
  );
}
