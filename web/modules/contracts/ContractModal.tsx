import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { currencies } from '../../lib/kinds';
import { toUnits } from '../../lib/money';
import { DecimalInput, decimalError } from '../../ui/DecimalInput';
import { hasRole, useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useLegalEntities } from '../legal-entities/legal-entities.api';
import { ProductSelect } from '../products/ProductSelect';
import { CREDIT_ROLES, useSaveContract, type Contract } from './contracts.api';

type PriceRow = { key: string; productId: string | null; productName: string; price: string };
type Values = {
  legalEntityId: string | null;
  number: string;
  date: string;
  validFrom: string;
  validTo: string | null;
  currency: string;
  paymentTermDays: number | string;
  prepaymentPercent: string;
  creditLimit: string;
  notes: string;
  prices: PriceRow[];
};

let keys = 0;
const rowKey = () => `p${++keys}`;

function toValues(c: Contract | null, today: string): Values {
  return {
    legalEntityId: c?.legalEntityId ?? null,
    number: c?.number ?? '',
    date: c?.date ?? today,
    validFrom: c?.validFrom ?? today,
    validTo: c?.validTo ?? null,
    currency: c?.currency ?? 'RUB',
    paymentTermDays: c?.paymentTermDays ?? 0,
    prepaymentPercent: c?.prepaymentPercent ?? '0',
    creditLimit: c?.creditLimit ?? '',
    notes: c?.notes ?? '',
    prices: (c?.prices ?? []).map((p) => ({
      key: rowKey(),
      productId: p.productId,
      productName: p.productName ?? '',
      price: p.price,
    })),
  };
}

/** A new contract of a client, or changes to one: seller, number, period, terms, limit, prices. */
export function ContractModal({ companyId, contract, onClose }: { companyId: string; contract: Contract | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSession();
  const credit = hasRole(me, CREDIT_ROLES);
  const entities = useLegalEntities();
  const [alert, setAlert] = useState<string | null>(null);
  const moneyRule = t('moneyUi.rules.money');
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: toValues(contract, fmt.today()),
    validate: {
      legalEntityId: (v) => (v ? null : t('moneyUi.rules.required')),
      number: (v) => (v.trim() ? null : t('moneyUi.rules.required')),
      creditLimit: (v) => decimalError(v, 2, moneyRule),
      // Compared in exact units, never as floats.
      prepaymentPercent: (v) =>
        decimalError(v, 2, t('moneyUi.rules.percent')) ?? (v && toUnits(v) > toUnits('100') ? t('moneyUi.rules.percent') : null),
      prices: {
        price: (v) => decimalError(v, 2, moneyRule, true),
        productId: (v) => (v ? null : t('moneyUi.rules.required')),
      },
    },
  });
  const items = entities.data?.items ?? [];
  if (!contract && !form.getValues().legalEntityId && items.length === 1)
    form.setValues({ legalEntityId: items[0].id, currency: items[0].defaultCurrency });
  const save = useSaveContract(contract, {
    onSuccess: onClose,
    onError: (err) => setAlert(showSaveError(form, err, (e) => errorText(e, t))),
  });
  const v = form.getValues();
  const submit = (x: Values) => {
    const body = {
      legalEntityId: x.legalEntityId!,
      number: x.number.trim(),
      date: x.date.slice(0, 10),
      validFrom: x.validFrom.slice(0, 10),
      validTo: x.validTo ? x.validTo.slice(0, 10) : null,
      currency: x.currency as Contract['currency'],
      prepaymentPercent: x.prepaymentPercent.trim() || '0',
      notes: x.notes.trim() || null,
      prices: x.prices.map((p) => ({ productId: p.productId!, price: p.price })),
      // Credit terms are sent only by those who may set them (the API refuses them from others).
      ...(credit ? { creditLimit: x.creditLimit.trim() || null, paymentTermDays: Number(x.paymentTermDays) || 0 } : {}),
    };
    save.mutate(contract ? body : { ...body, companyId });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={contract ? t('contractsUi.editTitle', { number: contract.number }) : t('contractsUi.newTitle')}
      size="xl"
    >
      <form onSubmit={form.onSubmit(submit)}>
        <Stack>
          {alert && (
            <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
              {alert}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('contractsUi.seller')}
              data={items.map((e) => ({ value: e.id, label: e.name }))}
              allowDeselect={false}
              {...fieldProps(form, 'legalEntityId')}
              data-testid="contract-seller"
            />
            <TextInput label={t('contractsUi.number')} {...fieldProps(form, 'number')} data-testid="contract-number" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <DatePickerInput label={t('contractsUi.date')} valueFormat="DD.MM.YYYY" {...fieldProps(form, 'date')} />
            <DatePickerInput label={t('contractsUi.validFrom')} valueFormat="DD.MM.YYYY" {...fieldProps(form, 'validFrom')} />
            <DatePickerInput
              label={t('contractsUi.validTo')}
              valueFormat="DD.MM.YYYY"
              clearable
              placeholder={t('contractsUi.openEnded')}
              {...fieldProps(form, 'validTo')}
            />
            <Select label={t('moneyUi.fields.currency')} data={[...currencies]} allowDeselect={false} {...fieldProps(form, 'currency')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label={t('contractsUi.paymentTermDays')}
              min={0}
              max={3650}
              allowDecimal={false}
              disabled={!credit}
              {...fieldProps(form, 'paymentTermDays')}
              data-testid="contract-terms"
            />
            <DecimalInput label={t('contractsUi.prepayment')} minDecimals={0} rightSection="%" {...fieldProps(form, 'prepaymentPercent')} />
            <DecimalInput
              label={t('contractsUi.creditLimit')}
              placeholder={t('contractsUi.noLimit')}
              disabled={!credit}
              description={credit ? undefined : t('contractsUi.creditByFinance')}
              {...fieldProps(form, 'creditLimit')}
              data-testid="contract-limit"
            />
          </SimpleGrid>
          <div>
            <Text fw={600} size="sm" mb={4}>
              {t('contractsUi.prices')}
            </Text>
            <Table.ScrollContainer minWidth={420}>
              <Table verticalSpacing={4}>
                <Table.Tbody>
                  {v.prices.map((p, i) => (
                    <Table.Tr key={p.key}>
                      <Table.Td>
                        <ProductSelect
                          value={p.productId}
                          label={p.productName}
                          testId="contract-price-product"
                          error={form.errors[`prices.${i}.productId`]}
                          onPick={(product) => {
                            form.setFieldValue(`prices.${i}.productId`, product.id);
                            form.setFieldValue(`prices.${i}.productName`, product.name);
                            const list = product.prices.find((x) => x.currency === v.currency)?.amount;
                            if (list && !p.price) form.setFieldValue(`prices.${i}.price`, list);
                          }}
                        />
                      </Table.Td>
                      <Table.Td w={160}>
                        <DecimalInput
                          size="xs"
                          aria-label={t('contractsUi.price')}
                          {...fieldProps(form, `prices.${i}.price`)}
                          data-testid="contract-price-value"
                        />
                      </Table.Td>
                      <Table.Td w={40}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => form.removeListItem('prices', i)}
                          aria-label={t('salesUi.common.delete')}
                        >
                          <IconTrash size={14} />
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => form.insertListItem('prices', { key: rowKey(), productId: null, productName: '', price: '' })}
              data-testid="contract-add-price"
            >
              {t('contractsUi.addPrice')}
            </Button>
          </div>
          <Textarea label={t('contractsUi.notes')} autosize minRows={2} {...fieldProps(form, 'notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="contract-save">
              {t('salesUi.common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
