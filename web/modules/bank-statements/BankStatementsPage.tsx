import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Anchor, Badge, Button, SegmentedControl, Stack, Table, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { useQueue, useStatements } from './bank-statements.api';
import { ImportPanel } from './ImportPanel';
import { SettleModal } from './SettleModal';
import { PayerCell, StateBadge } from './StatementParts';

const TABS = ['import', 'queue', 'history'] as const;
type Tab = (typeof TABS)[number];

/** Bank statements: import with a review, the queue of payments to settle, the history. */
export function BankStatementsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'import';
  return (
    <>
      <PageHeader title={t('bankStatementsUi.title')} subtitle={t('bankStatementsUi.subtitle')} titleTestId="bank-statements-title" />
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'import' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`statements-tab-${k}`}>
              {t(`bankStatementsUi.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="import">
          <ImportPanel />
        </Tabs.Panel>
        <Tabs.Panel value="queue">
          <QueuePanel />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <HistoryPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function QueuePanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const m = useMoneyFormat();
  const [state, setState] = useState<'unmatched' | 'ignored'>('unmatched');
  const [open, setOpen] = useState<string | null>(null);
  const queue = useQueue(state);
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <SegmentedControl
        w="fit-content"
        value={state}
        onChange={(v) => setState(v as 'unmatched' | 'ignored')}
        data={[
          { value: 'unmatched', label: t('bankStatementsUi.states.unmatched') },
          { value: 'ignored', label: t('bankStatementsUi.states.ignored') },
        ]}
      />
      {queue.isError ? (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data && items.length === 0 ? (
        <Text c="dimmed" data-testid="queue-empty">
          {t('bankStatementsUi.emptyQueue')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table highlightOnHover data-testid="queue-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('bankStatementsUi.columns.date')}</Table.Th>
                <Table.Th>{t('bankStatementsUi.columns.number')}</Table.Th>
                <Table.Th>{t('bankStatementsUi.columns.payer')}</Table.Th>
                <Table.Th ta="right">{t('bankStatementsUi.columns.amount')}</Table.Th>
                <Table.Th>{t('bankStatementsUi.columns.state')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id} data-testid="queue-row" data-document-id={d.id}>
                  <Table.Td>{fmt.day(d.date)}</Table.Td>
                  <Table.Td>{d.number}</Table.Td>
                  <Table.Td>
                    <PayerCell doc={d} />
                    {d.suggestedCompany && !d.suggestedCompany.hidden && (
                      <Text size="xs" c="dimmed">
                        {t('bankStatementsUi.suggested', { name: d.suggestedCompany.name })}
                      </Text>
                    )}
                    {d.ignoreReason && (
                      <Text size="xs" c="dimmed">
                        {d.ignoreReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {m.money(d.amount, d.currency)}
                  </Table.Td>
                  <Table.Td>
                    <StateBadge doc={d} />
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" onClick={() => setOpen(d.id)} data-testid="queue-settle">
                      {t('bankStatementsUi.settle')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {queue.hasNextPage && (
        <Button variant="default" w="fit-content" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
          {t('bankStatementsUi.more')}
        </Button>
      )}
      <SettleModal id={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}

function HistoryPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useStatements();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data && items.length === 0) return <Text c="dimmed">{t('bankStatementsUi.emptyHistory')}</Text>;
  return (
    <Stack>
      <Table.ScrollContainer minWidth={800}>
        <Table highlightOnHover data-testid="statements-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bankStatementsUi.columns.uploaded')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.columns.file')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.columns.account')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.columns.period')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.counts.documents')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.counts.matched')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.counts.waiting')}</Table.Th>
              <Table.Th>{t('bankStatementsUi.counts.duplicates')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id} data-testid="statement-row">
                <Table.Td>
                  <Anchor component={Link} to={`/bank-statements/${s.id}`} size="sm">
                    {fmt.dateTime(s.createdAt)}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {s.uploadedBy}
                  </Text>
                </Table.Td>
                <Table.Td>{s.fileName}</Table.Td>
                <Table.Td>{s.accounts.join(', ')}</Table.Td>
                <Table.Td>
                  {fmt.day(s.dateFrom)} – {fmt.day(s.dateTo)}
                </Table.Td>
                <Table.Td>{s.documents}</Table.Td>
                <Table.Td>{s.matched}</Table.Td>
                <Table.Td>{s.waiting > 0 ? <Badge color="orange">{s.waiting}</Badge> : 0}</Table.Td>
                <Table.Td>{s.duplicates}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.hasNextPage && (
        <Button variant="default" w="fit-content" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('bankStatementsUi.more')}
        </Button>
      )}
    </Stack>
  );
}
