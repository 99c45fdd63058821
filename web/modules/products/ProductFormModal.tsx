import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { currencies } from '../../lib/kinds';
import { isApiError } from '../../api';
import { errorText } from '../../ui/errors';
import { blankToNull, fieldProps, showSaveError } from '../../ui/forms';
import { RepeatableField } from '../../ui/RepeatableField';
import { normalizeDecimal } from '../../lib/money';
import { useSaveProduct, type Product } from './products.api';

type Values = {
  name: string;
  sku: string;
  unit: string;
  description: string;
  prices: { currency: string; amount: string }[];
  vatRate: string;
  isActive: boolean;
};

const toValues = (p: Product | null, defaultCurrency: string): Values => ({
  name: p?.name ?? '',
  sku: p?.sku ?? '',
  unit: p?.unit ?? '',
  description: p?.description ?? '',
  prices: p?.prices.map((x) => ({ ...x })) ?? [{ currency: defaultCurrency, amount: '' }],
  vatRate: p?.vatRate ?? '20',
  isActive: p?.isActive ?? true,
});

const toBody = (v: Values) => ({
  name: v.name.trim(),
  sku: blankToNull(v.sku),
  unit: blankToNull(v.unit),
  description: blankToNull(v.description),
  prices: v.prices.filter((p) => p.amount.trim() !== '').map((p) => ({ currency: p.currency, amount: normalizeDecimal(p.amount) })),
  vatRate: normalizeDecimal(v.vatRate) || '0',
  isActive: v.isActive,
});

type Props = { opened: boolean; product: Product | null; defaultCurrency: string; onClose: () => void };

/** Create or edit a catalogue item: name, SKU, unit, price list per currency, VAT, active flag. */
export function ProductFormModal({ opened, product, defaultCurrency, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={t(product ? 'salesUi.products.editTitle' : 'salesUi.products.newTitle')}>
      {/* The modal mounts its content on each opening, and the key renews it for another product or
          version: the form always starts from the values shown. */}
      <ProductForm
        key={product ? `${product.id}:${product.version}` : 'new'}
        product={product}
        defaultCurrency={defaultCurrency}
        onClose={onClose}
      />
    </Modal>
  );
}

function ProductForm({ product, defaultCurrency, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: toValues(product, defaultCurrency),
    validate: {
      name: (v) => (v.trim() ? null : t('salesUi.common.required')),
    },
  });

  const save = useSaveProduct(product, {
    onSuccess: (saved) => {
      notifications.show({
        color: 'teal',
        message: t(product ? 'salesUi.products.saved' : 'salesUi.products.created', { name: saved.name }),
      });
      onClose();
    },
    onError: (err) =>
      setAlert(isApiError(err) && err.isVersionConflict ? errorText(err, t) : showSaveError(form, err, (e) => errorText(e, t))),
  });

  const usedCurrencies = form.getValues().prices.map((p) => p.currency);

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(toBody(v)))} noValidate>
      <Stack>
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {alert}
          </Alert>
        )}
        <TextInput label={t('salesUi.products.name')} required data-autofocus {...fieldProps(form, 'name')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('salesUi.products.sku')} {...fieldProps(form, 'sku')} />
          <TextInput label={t('salesUi.products.unit')} placeholder={t('salesUi.products.unitPlaceholder')} {...fieldProps(form, 'unit')} />
          <TextInput label={t('salesUi.products.vatRate')} rightSection="%" inputMode="decimal" {...fieldProps(form, 'vatRate')} />
        </SimpleGrid>
        <RepeatableField
          form={form}
          path="prices"
          label={t('salesUi.products.prices')}
          addLabel={t('salesUi.products.addPrice')}
          newItem={() => ({ currency: currencies.find((c) => !usedCurrencies.includes(c)) ?? 'EUR', amount: '' })}
        >
          {(i) => (
            <>
              <Select
                w={110}
                data={currencies.map((c) => ({ value: c, label: c }))}
                allowDeselect={false}
                aria-label={t('salesUi.common.currency')}
                {...fieldProps(form, `prices.${i}.currency`)}
              />
              <TextInput
                style={{ flex: 1 }}
                inputMode="decimal"
                placeholder="0.00"
                aria-label={t('salesUi.products.price')}
                {...fieldProps(form, `prices.${i}.amount`)}
              />
            </>
          )}
        </RepeatableField>
        {form.errors.prices && (
          <Alert color="red" variant="light">
            {String(form.errors.prices)}
          </Alert>
        )}
        <Textarea label={t('salesUi.products.description')} autosize minRows={2} maxRows={6} {...fieldProps(form, 'description')} />
        <Switch label={t('salesUi.products.active')} {...fieldProps(form, 'isActive', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('salesUi.common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="product-save">
            {t('salesUi.common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
