import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { hasRole, useSession } from '../../lib/session';
import { CONTRACT_WRITERS, useContracts, useCredit, type Contract } from './contracts.api';
import { ContractModal } from './ContractModal';

/** The period of a contract: "1 March 2026 – 28 February 2027", or "from …" when open-ended. */
export function usePeriod() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (c: Pick<Contract, 'validFrom' | 'validTo'>) =>
    c.validTo ? `${fmt.day(c.validFrom)} – ${fmt.day(c.validTo)}` : t('contractsUi.since', { date: fmt.day(c.validFrom) });
}

/** What the client may still be invoiced and what it owes, per contract in force (from the credit check). */
function CreditSummary({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const money = useMoneyFormat();
  const credit = useCredit(companyId);
  const rows = credit.data?.contracts.filter((c) => c.creditLimit !== null) ?? [];
  if (!rows.length) return null;
  return (
    <Group gap="lg" data-testid="credit-summary">
      {rows.map((c) => (
        <Stack key={c.contractId} gap={0}>
          <Text size="xs" c="dimmed">
            {t('contractsUi.limitOf', { number: c.number })}
          </Text>
          <Text size="sm" className="orbita-num">
            {t('contractsUi.exposureOfLimit', {
              exposure: money.money(c.exposure, c.currency),
              limit: money.money(c.creditLimit, c.currency),
            })}
          </Text>
          <Text size="xs" c={c.available === '0.00' ? 'red' : 'dimmed'}>
            {t('contractsUi.available', { amount: money.money(c.available, c.currency) })}
          </Text>
        </Stack>
      ))}
    </Group>
  );
}

/** The company's contracts (its tab): number, seller, period, terms, limit; a new one for those who sign them. */
export function CompanyContracts({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const money = useMoneyFormat();
  const period = usePeriod();
  const list = useContracts({ companyId, limit: 100 });
  const [creating, setCreating] = useState(false);
  const items = list.data?.items ?? [];
  return (
    <Paper p="md" data-testid="company-contracts">
      <Stack>
        <Group justify="space-between">
          <CreditSummary companyId={companyId} />
          {hasRole(me, CONTRACT_WRITERS) && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setCreating(true)}
              data-testid="contract-new"
            >
              {t('contractsUi.new')}
            </Button>
          )}
        </Group>
        {list.isSuccess && items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('contractsUi.none')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} data-testid="contracts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('contractsUi.number')}</Table.Th>
                  <Table.Th>{t('contractsUi.seller')}</Table.Th>
                  <Table.Th>{t('contractsUi.period')}</Table.Th>
                  <Table.Th>{t('contractsUi.paymentTermDays')}</Table.Th>
                  <Table.Th ta="right">{t('contractsUi.creditLimit')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Anchor component={Link} to={`/contracts/${c.id}`} size="sm">
                          {c.number}
                        </Anchor>
                        {!c.isActive && (
                          <Badge size="xs" variant="light" color="gray">
                            {t('contractsUi.notInForce')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{c.legalEntityName ?? '—'}</Table.Td>
                    <Table.Td>{period(c)}</Table.Td>
                    <Table.Td>{t('contractsUi.days', { count: c.paymentTermDays })}</Table.Td>
                    <Table.Td ta="right" className="orbita-num">
                      {c.creditLimit ? money.money(c.creditLimit, c.currency) : t('contractsUi.noLimit')}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {creating && <ContractModal companyId={companyId} contract={null} onClose={() => setCreating(false)} />}
    </Paper>
  );
}
