import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCash, IconCoin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { hasRole, useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { MONEY_ROLES, useApplyAdvance, useReversePayment, type Invoice } from './invoices.api';
import { isPositive } from './invoiceRules';
import { PaymentModal } from './PaymentModal';
import { ReasonModal } from './ReasonModal';

/** What was paid on the invoice, "register payment", the client's advance on offer, and reversing a wrong payment. */
export function InvoicePayments({ inv }: { inv: Invoice }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const me = useSession();
  const books = hasRole(me, MONEY_ROLES);
  const [registering, setRegistering] = useState(false);
  const [reversing, setReversing] = useState<string | null>(null);
  const payable = (inv.status === 'issued' || inv.status === 'partially_paid') && inv.kind === 'invoice' && isPositive(inv.balance);
  const reverse = useReversePayment();
  const advance = useApplyAdvance(inv, {
    onSuccess: () => notifications.show({ color: 'teal', message: t('moneyUi.payments.advanceApplied') }),
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });

  return (
    <Paper p="md" withBorder data-testid="invoice-payments">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('moneyUi.payments.title')}</Title>
        {books && payable && (
          <Button size="xs" leftSection={<IconCash size={14} />} onClick={() => setRegistering(true)} data-testid="payment-register">
            {t('moneyUi.payments.register')}
          </Button>
        )}
      </Group>
      {books && payable && isPositive(inv.advanceAvailable) && (
        <Alert color="blue" variant="light" mb="sm" icon={<IconCoin size={18} />} data-testid="advance-offer">
          <Group justify="space-between">
            <Text size="sm">{t('moneyUi.payments.advanceOffer', { amount: money.money(inv.advanceAvailable, inv.currency) })}</Text>
            <Button size="xs" variant="light" loading={advance.isPending} onClick={() => advance.mutate()} data-testid="advance-apply">
              {t('moneyUi.payments.applyAdvance')}
            </Button>
          </Group>
        </Alert>
      )}
      {inv.payments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('moneyUi.payments.none')}
        </Text>
      ) : (
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('moneyUi.payments.date')}</Table.Th>
              <Table.Th>{t('moneyUi.payments.method')}</Table.Th>
              <Table.Th>{t('moneyUi.payments.reference')}</Table.Th>
              <Table.Th ta="right">{t('moneyUi.payments.amount')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {inv.payments.map((p) => (
              <Table.Tr key={p.paymentId} data-testid="invoice-payment" data-reversed={p.reversed}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.day(p.date)}</Table.Td>
                <Table.Td>{t(`moneyUi.methods.${p.method}`)}</Table.Td>
                <Table.Td>{p.reference}</Table.Td>
                <Table.Td ta="right" className="orbita-num" td={p.reversed ? 'line-through' : undefined}>
                  {money.money(p.amount, inv.currency)}
                </Table.Td>
                <Table.Td ta="right">
                  {p.reversed ? (
                    <Badge color="gray" variant="light">
                      {t('moneyUi.payments.reversed')}
                    </Badge>
                  ) : (
                    books && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setReversing(p.paymentId)}
                        data-testid="payment-reverse"
                      >
                        {t('moneyUi.payments.reverse')}
                      </Button>
                    )
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {registering && (
        <PaymentModal
          companyId={inv.companyId}
          currency={inv.currency}
          invoice={{ id: inv.id, number: inv.number, issueDate: inv.issueDate, balance: inv.balance }}
          onClose={() => setRegistering(false)}
        />
      )}
      {reversing && (
        <ReasonModal
          title={t('moneyUi.payments.reverseTitle')}
          message={t('moneyUi.payments.reverseMessage')}
          confirmLabel={t('moneyUi.payments.reverse')}
          testId="payment-reverse"
          onConfirm={(reason) => reverse.mutateAsync({ id: reversing, reason })}
          onClose={() => setReversing(null)}
        />
      )}
    </Paper>
  );
}
