import { ActionIcon, Button, Group, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { DecimalInput } from '../../ui/DecimalInput';
import type { UseFormReturnType } from '@mantine/form';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { fieldProps } from '../../ui/forms';
import type { Product } from '../products/products.api';
import { ProductSelect } from '../products/ProductSelect';
import { lineKey, type DealValues, type LineValues } from './dealForm';
import type { Deal } from './deals.api';
import { CurrencyTotals, linePreview, toUnits, useMoneyFormat } from '../../lib/money';

const unchanged = (l: LineValues) =>
  !!l.saved &&
  l.saved.productId === l.productId &&
  l.saved.quantity === l.quantity &&
  l.saved.unitPrice === l.unitPrice &&
  l.saved.discountPercent === l.discountPercent &&
  l.saved.vatRate === l.vatRate;

/** Product lines: quantity, price, discount, VAT; amounts per line and totals as the server computed them. */
export function DealLinesSection({ form, deal, readOnly }: { form: UseFormReturnType<DealValues>; deal: Deal; readOnly: boolean }) {
  const { t } = useTranslation();
  const money = useMoneyFormat();
  const v = form.getValues();
  const currency = v.currency;
  const dirty = v.pricesIncludeVat !== deal.pricesIncludeVat || v.lines.length !== deal.lines.length || v.lines.some((l) => !unchanged(l));

  const rows = v.lines.map((l) => {
    const fromServer = !dirty && unchanged(l) ? l.saved : null;
    const amounts = fromServer ?? (l.productId && l.quantity && l.unitPrice ? linePreview(l, v.pricesIncludeVat) : null);
    return { l, amounts, preview: !fromServer };
  });
  const preview = (() => {
    if (!dirty) return null;
    const totals = { subtotal: new CurrencyTotals(), vat: new CurrencyTotals(), total: new CurrencyTotals() };
    for (const r of rows) {
      if (!r.amounts) continue;
      totals.subtotal.add(currency, toUnits(r.amounts.subtotal));
      totals.vat.add(currency, toUnits(r.amounts.vatAmount));
      totals.total.add(currency, toUnits(r.amounts.total));
    }
    const get = (c: CurrencyTotals) => c.entries()[0]?.[1] ?? 0n;
    return { subtotal: get(totals.subtotal), vat: get(totals.vat), total: get(totals.total) };
  })();

  const pick = (i: number, p: Product) => {
    const price = p.prices.find((x) => x.currency === currency)?.amount ?? '';
    form.setFieldValue(`lines.${i}.productId`, p.id);
    form.setFieldValue(`lines.${i}.productName`, p.name);
    form.setFieldValue(`lines.${i}.unit`, p.unit);
    form.setFieldValue(`lines.${i}.unitPrice`, price);
    form.setFieldValue(`lines.${i}.vatRate`, p.vatRate);
  };
  const add = () =>
    form.insertListItem('lines', {
      key: lineKey(),
      productId: null,
      productName: '',
      unit: null,
      quantity: '1',
      unitPrice: '',
      discountPercent: '0',
      vatRate: '20',
      saved: null,
    } satisfies LineValues);

  const amount = (s: string | bigint | null | undefined, dim: boolean) => (
    <Text size="sm" className="orbita-num" c={dim ? 'dimmed' : undefined} fs={dim ? 'italic' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {s === null || s === undefined ? '—' : money.money(s, currency)}
    </Text>
  );

  const totalsRow = (label: string, value: string | bigint, strong?: boolean) => (
    <Group justify="space-between" gap="xl" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 500} className="orbita-num" c={preview ? 'dimmed' : undefined} fs={preview ? 'italic' : undefined}>
        {money.money(value, currency)}
      </Text>
    </Group>
  );

  return (
    <>
      <Table.ScrollContainer minWidth={700}>
        <Table verticalSpacing={4} horizontalSpacing={6} highlightOnHover={false} data-testid="deal-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('salesUi.lines.product')}</Table.Th>
              <Table.Th w={96}>{t('salesUi.lines.quantity')}</Table.Th>
              <Table.Th w={124}>{t('salesUi.lines.unitPrice')}</Table.Th>
              <Table.Th w={84}>{t('salesUi.lines.discount')}</Table.Th>
              <Table.Th w={76}>{t('salesUi.lines.vat')}</Table.Th>
              <Table.Th ta="right" w={140}>
                {t('salesUi.lines.total')}
              </Table.Th>
              <Table.Th w={32} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ l, amounts, preview: isPreview }, i) => (
              <Table.Tr key={l.key} data-testid="deal-line">
                <Table.Td miw={200}>
                  {readOnly ? (
                    <Text size="sm">{l.productName}</Text>
                  ) : (
                    <ProductSelect
                      value={l.productId}
                      label={l.productName}
                      onPick={(p) => pick(i, p)}
                      error={form.errors[`lines.${i}.productId`]}
                    />
                  )}
                  {l.unit && (
                    <Text size="10px" c="dimmed" mt={2}>
                      {t('salesUi.lines.perUnit', { unit: l.unit })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <DecimalInput
                    decimals={4}
                    minDecimals={0}
                    size="xs"

                    readOnly={readOnly}
                    aria-label={t('salesUi.lines.quantity')}
                    data-testid="line-quantity"
                    {...fieldProps(form, `lines.${i}.quantity`)}
                  />
                </Table.Td>
                <Table.Td>
                  <DecimalInput
                    size="xs"

                    readOnly={readOnly}
                    aria-label={t('salesUi.lines.unitPrice')}
                    {...fieldProps(form, `lines.${i}.unitPrice`)}
                  />
                </Table.Td>
                <Table.Td>
                  <DecimalInput
                    minDecimals={0}
                    size="xs"

                    readOnly={readOnly}
                    rightSection="%"
                    aria-label={t('salesUi.lines.discount')}
                    {...fieldProps(form, `lines.${i}.discountPercent`)}
                  />
                </Table.Td>
                <Table.Td>
                  <DecimalInput
                    minDecimals={0}
                    size="xs"

                    readOnly={readOnly}
                    rightSection="%"
                    aria-label={t('salesUi.lines.vat')}
                    {...fieldProps(form, `lines.${i}.vatRate`)}
                  />
                </Table.Td>
                <Table.Td ta="right">
                  {amount(amounts?.total, isPreview)}
                  {amounts && (
                    <Text size="10px" c="dimmed" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
                      {t('salesUi.lines.ofWhichVat', { amount: money.money(amounts.vatAmount, currency) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {!readOnly && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => form.removeListItem('lines', i)}
                      aria-label={t('salesUi.common.delete')}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text size="sm" c="dimmed" ta="center" py="xs">
                    {t('salesUi.lines.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > 0 && (
        <Group justify="space-between" align="flex-start" mt="xs">
          {preview ? (
            <Group gap={4}>
              <IconInfoCircle size={14} color="var(--mantine-color-dimmed)" />
              <Text size="xs" c="dimmed">
                {t('salesUi.lines.preview')}
              </Text>
            </Group>
          ) : (
            <span />
          )}
          <Stack gap={2} miw={260} data-testid="deal-totals">
            {totalsRow(t('salesUi.lines.net'), preview ? preview.subtotal : deal.subtotal)}
            {totalsRow(t('salesUi.lines.vatAmount'), preview ? preview.vat : deal.vatTotal)}
            <div data-testid="deal-total">{totalsRow(t('salesUi.lines.total'), preview ? preview.total : deal.total, true)}</div>
          </Stack>
        </Group>
      )}
      <Group justify="space-between" mt="xs">
        {!readOnly ? (
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={add} data-testid="line-add">
            {t('salesUi.lines.add')}
          </Button>
        ) : (
          <span />
        )}
        <Tooltip label={t('salesUi.lines.includeVatHelp')} multiline w={280}>
          <Switch
            size="xs"
            label={t('salesUi.lines.includeVat')}
            disabled={readOnly}
            {...fieldProps(form, 'pricesIncludeVat', { type: 'checkbox' })}
          />
        </Tooltip>
      </Group>
    </>
  );
}
