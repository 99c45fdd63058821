import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StatementDocStateName } from '../../../contracts/bank-statements';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { useStatement, useStatementDocuments } from './bank-statements.api';
import { SettleModal } from './SettleModal';
import { CountBadges, MatchCell, PayerCell, StateBadge } from './StatementParts';

// The states a document can be in (the contract's list; the web takes only types from contracts).
const STATES: StatementDocStateName[] = ['matched', 'unmatched', 'ignored', 'outgoing', 'other', 'duplicate'];

/** One imported statement: header, balances, counts, and its documents with their match state. */
export function StatementPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const m = useMoneyFormat();
  const [state, setState] = useState<StatementDocStateName | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const statement = useStatement(id);
  const docs = useStatementDocuments(id, state);
  if (statement.isError) return <ErrorState error={statement.error} fullPage />;
  const s = statement.data;
  if (!s) return <PageLoader />;
  const items = docs.data?.pages.flatMap((p) => p.items) ?? [];
  const currency = items[0]?.currency ?? 'RUB';
  return (
    <>
      <PageHeader
        title={`${t('bankStatementsUi.openStatement')} ${s.accounts.join(', ')}`}
        subtitle={`${fmt.day(s.dateFrom)} – ${fmt.day(s.dateTo)} · ${s.fileName ?? ''} · ${s.sender ?? ''}`}
        back={{ to: '/bank-statements?tab=history', label: t('bankStatementsUi.back') }}
        titleTestId="statement-title"
      />
      <Stack>
        <CountBadges counts={s} />
        {s.balances.map((b) => (
          <Text key={b.account} size="sm" c="dimmed">
            {b.account}:{' '}
            {t('bankStatementsUi.balances', {
              opening: m.money(b.opening, currency),
              received: m.money(b.received, currency),
              spent: m.money(b.spent, currency),
              closing: m.money(b.closing, currency),
            })}
          </Text>
        ))}
        <Select
          w={240}
          label={t('bankStatementsUi.columns.state')}
          value={state ?? ''}
          onChange={(v) => setState((v || null) as StatementDocStateName | null)}
          data={[
            { value: '', label: t('bankStatementsUi.allStates') },
            ...STATES.map((k) => ({ value: k, label: t(`bankStatementsUi.states.${k}`) })),
          ]}
          allowDeselect={false}
        />
        {docs.isError ? (
          <ErrorState error={docs.error} onRetry={() => void docs.refetch()} />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover data-testid="statement-documents">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('bankStatementsUi.columns.position')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.date')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.number')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.payer')}</Table.Th>
                  <Table.Th ta="right">{t('bankStatementsUi.columns.amount')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.state')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.match')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => (
                  <Table.Tr key={d.id} data-testid="statement-document-row" data-state={d.state}>
                    <Table.Td>{d.position}</Table.Td>
                    <Table.Td>{fmt.day(d.date)}</Table.Td>
                    <Table.Td>{d.number}</Table.Td>
                    <Table.Td>{d.direction === 'outgoing' ? d.recipient.name || d.recipient.account : <PayerCell doc={d} />}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {m.money(d.amount, d.currency)}
                    </Table.Td>
                    <Table.Td>
                      <StateBadge doc={d} />
                    </Table.Td>
                    <Table.Td>
                      <MatchCell doc={d} />
                    </Table.Td>
                    <Table.Td>
                      {(d.state === 'unmatched' || d.state === 'ignored') && (
                        <Button size="xs" onClick={() => setOpen(d.id)} data-testid="statement-settle">
                          {t('bankStatementsUi.settle')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {docs.hasNextPage && (
          <Button variant="default" w="fit-content" onClick={() => void docs.fetchNextPage()} loading={docs.isFetchingNextPage}>
            {t('bankStatementsUi.more')}
          </Button>
        )}
      </Stack>
      <SettleModal id={open} onClose={() => setOpen(null)} />
    </>
  );
}
