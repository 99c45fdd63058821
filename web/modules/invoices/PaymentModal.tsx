import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { normalizeDecimal, toUnits, unitsToString, useMoneyFormat } from '../../lib/money';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useCreatePayment, useInvoiceList, type InvoiceListItem } from './invoices.api';
import { decimalError, PAYMENT_METHODS } from './invoiceRules';

type Allocation = { invoiceId: string; label: string; balance: string; amount: string };
type Values = { amount: string; date: string; method: string; reference: string; notes: string; allocations: Allocation[] };

const labelOf = (i: Pick<InvoiceListItem, 'number' | 'issueDate'>, day: (d: string) => string) =>
  `№ ${i.number ?? '—'} · ${day(i.issueDate)}`;

/** Open invoices of the client in the currency: the ones a payment may be allocated to. */
function useOpenInvoices(companyId: string, currency: string) {
  const q = { companyId, currency, limit: 200, sort: 'dueDate' };
  const issued = useInvoiceList({ ...q, status: 'issued' });
  const partial = useInvoiceList({ ...q, status: 'partially_paid' });
  return useMemo(
    () => [...(partial.data?.items ?? []), ...(issued.data?.items ?? [])].filter((i) => i.kind === 'invoice'),
    [issued.data, partial.data],
  );
}

/**
 * Registers a payment of the client: amount, date, method, reference, and how much of it pays
 * which invoice. What is not allocated stays with the client as an advance.
 */
export function PaymentModal({
  companyId,
  currency,
  invoice,
  onClose,
}: {
  companyId: string;
  currency: string;
  invoice?: { id: string; number: string | null; issueDate: string; balance: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const [alert, setAlert] = useState<string | null>(null);
  const open = useOpenInvoices(companyId, currency);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      amount: invoice?.balance ?? '',
      date: fmt.today(),
      method: 'bank_transfer',
      reference: '',
      notes: '',
      allocations: invoice
        ? [{ invoiceId: invoice.id, label: labelOf(invoice, fmt.day), balance: invoice.balance, amount: invoice.balance }]
        : [],
    },
  });
  const v = form.getValues();
  const amountUnits = decimalError(v.amount, { decimals: 2 }) ? 0n : toUnits(normalizeDecimal(v.amount));
  const allocated = v.allocations.reduce(
    (s, a) => s + (decimalError(a.amount, { decimals: 2 }) ? 0n : toUnits(normalizeDecimal(a.amount))),
    0n,
  );
  const left = amountUnits - allocated;
  const candidates = open.filter((i) => !v.allocations.some((a) => a.invoiceId === i.id));

  const create = useCreatePayment({
    onSuccess: (p) => {
      notifications.show({ color: 'teal', message: t('moneyUi.payments.registered', { amount: money.money(p.amount, p.currency) }) });
      onClose();
    },
    onError: (err) => setAlert(showSaveError(form, err, (e) => errorText(e, t))),
  });

  const submit = (values: Values) => {
    const errors: Record<string, string> = {};
    const a = decimalError(values.amount, { decimals: 2, positive: true });
    if (a) errors.amount = t(a);
    values.allocations.forEach((al, i) => {
      const e = decimalError(al.amount, { decimals: 2, positive: true });
      if (e) errors[`allocations.${i}.amount`] = t(e);
      else if (toUnits(normalizeDecimal(al.amount)) > toUnits(al.balance))
        errors[`allocations.${i}.amount`] = t('moneyUi.payments.exceedsBalance', { balance: money.money(al.balance, currency) });
    });
    if (!a && left < 0n) errors.amount = t('moneyUi.payments.overAllocated');
    if (!values.date) errors.date = t('moneyUi.rules.required');
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    setAlert(null);
    create.mutate({
      companyId,
      currency: currency as never,
      amount: normalizeDecimal(values.amount),
      date: values.date.slice(0, 10),
      method: values.method as never,
      reference: values.reference.trim() || null,
      notes: values.notes.trim() || null,
      allocations: values.allocations.map((x) => ({ invoiceId: x.invoiceId, amount: normalizeDecimal(x.amount) })),
    });
  };

  return (
    <Modal opened onClose={onClose} title={t('moneyUi.payments.register')} size="xl">
      <form onSubmit={form.onSubmit(submit)}>
        <Stack>
          {alert && (
            <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
              {alert}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('moneyUi.payments.amount')}
              inputMode="decimal"
              rightSection={<Text size="xs">{currency}</Text>}
              {...fieldProps(form, 'amount')}
              data-testid="payment-amount"
            />
            <DatePickerInput
              label={t('moneyUi.payments.date')}
              valueFormat="DD.MM.YYYY"
              maxDate={fmt.today()}
              {...fieldProps(form, 'date')}
            />
            <Select
              label={t('moneyUi.payments.method')}
              data={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`moneyUi.methods.${m}`) }))}
              allowDeselect={false}
              {...fieldProps(form, 'method')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('moneyUi.payments.reference')} maxLength={200} {...fieldProps(form, 'reference')} />
            <TextInput label={t('moneyUi.payments.notes')} maxLength={5000} {...fieldProps(form, 'notes')} />
          </SimpleGrid>
          <Text fw={600} size="sm">
            {t('moneyUi.payments.allocations')}
          </Text>
          <Table verticalSpacing={4} data-testid="payment-allocations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('moneyUi.invoice')}</Table.Th>
                <Table.Th ta="right">{t('moneyUi.amounts.balance')}</Table.Th>
                <Table.Th w={160}>{t('moneyUi.payments.allocated')}</Table.Th>
                <Table.Th w={32} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.allocations.map((a, i) => (
                <Table.Tr key={a.invoiceId}>
                  <Table.Td>{a.label}</Table.Td>
                  <Table.Td ta="right" className="orbita-num">
                    {money.money(a.balance, currency)}
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      inputMode="decimal"
                      aria-label={t('moneyUi.payments.allocated')}
                      {...fieldProps(form, `allocations.${i}.amount`)}
                      data-testid="allocation-amount"
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => form.removeListItem('allocations', i)}
                      aria-label={t('salesUi.common.delete')}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" align="flex-end">
            <Select
              size="xs"
              w={320}
              leftSection={<IconPlus size={14} />}
              placeholder={t('moneyUi.payments.addInvoice')}
              data={candidates.map((i) => ({ value: i.id, label: `${labelOf(i, fmt.day)} · ${money.money(i.balance, currency)}` }))}
              value={null}
              onChange={(id) => {
                const i = candidates.find((x) => x.id === id);
                if (!i) return;
                const rest = left > 0n ? (left < toUnits(i.balance) ? unitsToString(left) : i.balance) : i.balance;
                form.insertListItem('allocations', { invoiceId: i.id, label: labelOf(i, fmt.day), balance: i.balance, amount: rest });
              }}
              disabled={candidates.length === 0}
              data-testid="payment-add-invoice"
            />
            <Text size="sm" c={left < 0n ? 'red' : 'dimmed'} data-testid="payment-unallocated">
              {left >= 0n
                ? t('moneyUi.payments.advanceLeft', { amount: money.money(left, currency) })
                : t('moneyUi.payments.overAllocated')}
            </Text>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="payment-save">
              {t('moneyUi.payments.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
