import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Anchor, Badge, Button, Card, Grid, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { hasRole, useSession } from '../../lib/session';
import { useConfirm } from '../../lib/useConfirm';
import { DocumentsPanel } from '../../ui/DocumentsPanel';
import { ErrorState } from '../../ui/ErrorState';
import { InfoList } from '../../ui/InfoList';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { errorText } from '../../ui/errors';
import { CONTRACT_WRITERS, useContract, useDeleteContract } from './contracts.api';
import { ContractModal } from './ContractModal';
import { usePeriod } from './CompanyContracts';
import { CreditBadge } from './CreditBadge';

/** One contract: its terms, limit and prices, its documents (the signed scan), edit and bin. */
export function ContractPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const me = useSession();
  const navigate = useNavigate();
  const { ask, dialog } = useConfirm();
  const period = usePeriod();
  const query = useContract(id);
  const [editing, setEditing] = useState(false);
  const remove = useDeleteContract({
    onSuccess: () => void navigate(`/companies/${query.data?.companyId ?? ''}`),
    onError: (e) => notifications.show({ color: 'red', message: errorText(e, t) }),
  });
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const writer = hasRole(me, CONTRACT_WRITERS);
  return (
    <>
      <PageHeader
        title={t('contractsUi.title', { number: c.number })}
        titleTestId="contract-title"
        back={{ to: `/companies/${c.companyId}`, label: c.companyName ?? t('contractsUi.client') }}
        badges={
          <>
            <Badge variant="light" color={c.isActive ? 'teal' : 'gray'}>
              {c.isActive ? t('contractsUi.inForce') : t('contractsUi.notInForce')}
            </Badge>
            <CreditBadge companyId={c.companyId} />
          </>
        }
        subtitle={period(c)}
        actions={
          writer && (
            <Group gap="xs">
              <Button variant="default" onClick={() => setEditing(true)} data-testid="contract-edit">
                {t('salesUi.common.edit')}
              </Button>
              <Button
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() => ask(t('contractsUi.deleteConfirm', { number: c.number }), () => remove.mutate(c.id))}
              >
                {t('salesUi.common.delete')}
              </Button>
            </Group>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card>
            <InfoList
              items={[
                {
                  label: t('contractsUi.client'),
                  value: c.companyName && (
                    <Anchor component={Link} to={`/companies/${c.companyId}`}>
                      {c.companyName}
                    </Anchor>
                  ),
                },
                { label: t('contractsUi.seller'), value: c.legalEntityName },
                { label: t('contractsUi.date'), value: fmt.day(c.date) },
                { label: t('moneyUi.fields.currency'), value: c.currency },
                { label: t('contractsUi.paymentTermDays'), value: t('contractsUi.days', { count: c.paymentTermDays }) },
                { label: t('contractsUi.prepayment'), value: `${money.decimal(c.prepaymentPercent)} %` },
                {
                  label: t('contractsUi.creditLimit'),
                  value: c.creditLimit ? money.money(c.creditLimit, c.currency) : t('contractsUi.noLimit'),
                },
                { label: t('contractsUi.notes'), value: c.notes },
              ]}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Card>
              <Text fw={600} mb="sm">
                {t('contractsUi.prices')}
              </Text>
              {c.prices.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('contractsUi.noPrices')}
                </Text>
              ) : (
                <Table verticalSpacing={4} data-testid="contract-prices">
                  <Table.Tbody>
                    {c.prices.map((p) => (
                      <Table.Tr key={p.productId}>
                        <Table.Td>{p.productName ?? t('contractsUi.removedProduct')}</Table.Td>
                        <Table.Td ta="right" className="orbita-num">
                          {money.money(p.price, c.currency)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
            <DocumentsPanel target={{ entity: 'contract', entityId: c.id }} />
          </Stack>
        </Grid.Col>
      </Grid>
      {editing && <ContractModal companyId={c.companyId} contract={c} onClose={() => setEditing(false)} />}
      {dialog}
    </>
  );
}
