import { Link } from 'react-router';
import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { hasRole, useSession } from '../../lib/session';
import { useInvoiceList } from './invoices.api';
import { invoiceTitle, InvoiceStatus } from './InvoiceStatus';
import { INVOICE_ROLES } from './roles';

function List({ dealId }: { dealId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const list = useInvoiceList({ dealId, limit: 50, sort: '-createdAt' });
  const items = list.data?.items ?? [];
  if (list.isSuccess && items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('moneyUi.dealInvoices.none')}
      </Text>
    );
  return (
    <Table verticalSpacing={4} data-testid="deal-invoices-table">
      <Table.Tbody>
        {items.map((inv) => (
          <Table.Tr key={inv.id}>
            <Table.Td>
              <Anchor component={Link} to={`/invoices/${inv.id}`} size="sm">
                {invoiceTitle(inv, t)}
              </Anchor>
            </Table.Td>
            <Table.Td>{fmt.day(inv.issueDate)}</Table.Td>
            <Table.Td ta="right" className="orbita-num">
              {money.money(inv.total, inv.currency)}
            </Table.Td>
            <Table.Td>
              <InvoiceStatus inv={inv} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The deal's invoices on its page (for those who work with invoices); the header's "Invoice" makes the next one. */
export function DealInvoices({ dealId }: { dealId: string }) {
  const { t } = useTranslation();
  const me = useSession();
  if (!hasRole(me, INVOICE_ROLES)) return null;
  return (
    <Paper p="md" data-testid="deal-invoices">
      <Title order={5} mb="sm">
        {t('moneyUi.dealInvoices.title')}
      </Title>
      <List dealId={dealId} />
    </Paper>
  );
}
