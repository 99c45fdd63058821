import { useMemo, useState } from 'react';
import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CurrencyTotals, linePreview, toUnits, useMoneyFormat } from '../../lib/money';
import { fieldProps } from '../../ui/forms';
import { useProductSearch, type Product } from '../products/products.api';
import type { Invoice } from './invoices.api';
import { allowedVatRates, decimalError, typed, type LineValues } from './invoiceRules';

let seq = 0;
const lineKey = () => `il${(seq += 1)}`;

function ProductPicker({ onPick }: { onPick: (p: Product) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [opened, setOpened] = useState(false);
  const products = useProductSearch(opened ? q : '');
  const byId = useMemo(() => new Map((products.data ?? []).map((p) => [p.id, p])), [products.data]);
  return (
    <Select
      size="xs"
      searchable
      data={(products.data ?? []).map((p) => ({ value: p.id, label: p.sku ? `${p.name} · ${p.sku}` : p.name }))}
      value={null}
      onChange={(id) => {
        const p = id ? byId.get(id) : undefined;
        if (p) onPick(p);
        setSearch('');
      }}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options }) => options}
      placeholder={t('moneyUi.lines.pickProduct')}
      nothingFoundMessage={t('salesUi.common.nothingFound')}
      aria-label={t('moneyUi.lines.product')}
      data-testid="invoice-line-product"
    />
  );
}

const rateLabel = (r: string, t: (k: string) => string) => (r === 'none' ? t('moneyUi.lines.noVat') : `${r} %`);

/** The frozen lines of an issued invoice (or any the caller may not change). */
function ReadOnlyLines({ inv }: { inv: Invoice }) {
  const { t } = useTranslation();
  const money = useMoneyFormat();
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table verticalSpacing={6} data-testid="invoice-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={32}>№</Table.Th>
            <Table.Th>{t('moneyUi.lines.name')}</Table.Th>
            <Table.Th ta="right">{t('moneyUi.lines.quantity')}</Table.Th>
            <Table.Th ta="right">{t('moneyUi.lines.price')}</Table.Th>
            <Table.Th ta="right">{t('moneyUi.lines.discount')}</Table.Th>
            <Table.Th ta="right">{t('moneyUi.lines.vat')}</Table.Th>
            <Table.Th ta="right">{t('moneyUi.amounts.total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {inv.lines.map((l, i) => (
            <Table.Tr key={l.id} data-testid="invoice-line">
              <Table.Td>{i + 1}</Table.Td>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td ta="right" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
                {money.decimal(l.quantity)} {l.unit ?? ''}
              </Table.Td>
              <Table.Td ta="right" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
                {money.money(l.price, inv.currency)}
              </Table.Td>
              <Table.Td ta="right">{l.discountPercent !== '0' ? `${money.decimal(l.discountPercent)} %` : '—'}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {rateLabel(l.vatRate, t)}
                <Text size="xs" c="dimmed" className="orbita-num">
                  {money.money(l.vatAmount, inv.currency)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" className="orbita-num" style={{ whiteSpace: 'nowrap' }} data-testid="invoice-line-total">
                {money.money(l.total, inv.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
          {inv.lines.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>
                <Text size="sm" c="dimmed" ta="center">
                  {t('moneyUi.lines.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The lines of a draft as a form (product picker, quantity, price, discount, VAT of the country), or read-only. */
export function InvoiceLines({
  inv,
  form,
  editable,
}: {
  inv: Invoice;
  form?: UseFormReturnType<{ lines: LineValues[] } & Record<string, unknown>>;
  editable: boolean;
}) {
  const { t, i18n } = useTranslation();
  const money = useMoneyFormat();
  const rates = allowedVatRates(inv.legalEntity.country, inv.seller.vatPayer);

  if (!editable || !form) return <ReadOnlyLines inv={inv} />;
  const lines = form.getValues().lines;
  const pricesIncludeVat = !!form.getValues().pricesIncludeVat;

  const pick = (i: number, p: Product) => {
    const price = p.prices.find((x) => x.currency === inv.currency)?.amount;
    const rate = rates.includes(p.vatRate) ? p.vatRate : rates[0];
    form.setFieldValue(`lines.${i}.productId`, p.id);
    form.setFieldValue(`lines.${i}.name`, p.name);
    form.setFieldValue(`lines.${i}.unit`, p.unit ?? '');
    if (price) form.setFieldValue(`lines.${i}.price`, typed(price, i18n.language));
    form.setFieldValue(`lines.${i}.vatRate`, rate);
  };
  const add = () =>
    form.insertListItem('lines', {
      key: lineKey(),
      productId: null,
      name: '',
      quantity: '1',
      unit: '',
      price: '',
      discountPercent: '0',
      vatRate: rates[0],
    } satisfies LineValues);

  const previews = lines.map((l) =>
    decimalError(l.quantity, { decimals: 4 }) || decimalError(l.price, { decimals: 2 })
      ? null
      : linePreview({ quantity: l.quantity, unitPrice: l.price, discountPercent: l.discountPercent, vatRate: l.vatRate }, pricesIncludeVat),
  );
  const sum = new CurrencyTotals();
  for (const p of previews) if (p) sum.add(inv.currency, toUnits(p.total));

  const err = (i: number, f: string) => {
    const e = form.errors[`lines.${i}.${f}`];
    return typeof e === 'string' && e.startsWith('moneyUi.') ? t(e) : e;
  };
  const input = (i: number, f: keyof LineValues, label: string, extra: Record<string, unknown> = {}) => {
    const props = fieldProps(form, `lines.${i}.${f}`);
    return <TextInput size="xs" aria-label={label} {...props} error={err(i, f)} data-testid={`invoice-line-${f}`} {...extra} />;
  };

  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing={4} horizontalSpacing={6} data-testid="invoice-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('moneyUi.lines.name')}</Table.Th>
              <Table.Th w={96}>{t('moneyUi.lines.quantity')}</Table.Th>
              <Table.Th w={70}>{t('moneyUi.lines.unit')}</Table.Th>
              <Table.Th w={124}>{t('moneyUi.lines.price')}</Table.Th>
              <Table.Th w={80}>{t('moneyUi.lines.discount')}</Table.Th>
              <Table.Th w={110}>{t('moneyUi.lines.vat')}</Table.Th>
              <Table.Th ta="right" w={130}>
                {t('moneyUi.amounts.total')}
              </Table.Th>
              <Table.Th w={32} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <Table.Tr key={l.key} data-testid="invoice-line">
                <Table.Td miw={220}>
                  <Stack gap={2}>
                    {input(i, 'name', t('moneyUi.lines.name'))}
                    <ProductPicker onPick={(p) => pick(i, p)} />
                  </Stack>
                </Table.Td>
                <Table.Td>{input(i, 'quantity', t('moneyUi.lines.quantity'), { inputMode: 'decimal' })}</Table.Td>
                <Table.Td>{input(i, 'unit', t('moneyUi.lines.unit'))}</Table.Td>
                <Table.Td>{input(i, 'price', t('moneyUi.lines.price'), { inputMode: 'decimal' })}</Table.Td>
                <Table.Td>{input(i, 'discountPercent', t('moneyUi.lines.discount'), { inputMode: 'decimal', rightSection: '%' })}</Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    data={rates.map((r) => ({ value: r, label: rateLabel(r, t) }))}
                    allowDeselect={false}
                    aria-label={t('moneyUi.lines.vat')}
                    {...fieldProps(form, `lines.${i}.vatRate`)}
                    error={err(i, 'vatRate')}
                    data-testid="invoice-line-vatRate"
                  />
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" className="orbita-num" fs="italic" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {previews[i] ? money.money(previews[i].total, inv.currency) : '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => form.removeListItem('lines', i)}
                    aria-label={t('salesUi.common.delete')}
                    data-testid="invoice-line-remove"
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
            {lines.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  <Text size="sm" c="dimmed" ta="center" py="xs">
                    {t('moneyUi.lines.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={add} data-testid="invoice-line-add">
          {t('moneyUi.lines.add')}
        </Button>
        {sum.size > 0 && (
          <Text size="sm" c="dimmed" fs="italic">
            {t('moneyUi.lines.preview', { amount: money.money(sum.entries()[0][1], inv.currency) })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
