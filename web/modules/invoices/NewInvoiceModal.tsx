import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';

import { useFormat } from '../../lib/format';
import { currencies } from '../../lib/kinds';
import { RecordPicker } from '../../lib/RecordPicker';
import { addDays } from '../../lib/zoned';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useLegalEntities } from '../legal-entities/legal-entities.api';
import { useCreateInvoice } from './invoices.api';
import { PAYMENT_DAYS } from './invoiceRules';

type Values = { legalEntityId: string | null; companyId: string | null; currency: string; issueDate: string; dueDate: string };

/** A blank draft: our legal entity, the client, currency and dates; the lines are added on its page. */
export function NewInvoiceModal({ onClose, companyId }: { onClose: () => void; companyId?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const entities = useLegalEntities();
  const [alert, setAlert] = useState<string | null>(null);
  const today = fmt.today();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      legalEntityId: null,
      companyId: companyId ?? null,
      currency: 'RUB',
      issueDate: today,
      dueDate: addDays(today, PAYMENT_DAYS),
    },
    validate: {
      legalEntityId: (v) => (v ? null : t('moneyUi.rules.required')),
      companyId: (v) => (v ? null : t('moneyUi.rules.required')),
    },
  });
  const items = entities.data?.items ?? [];
  if (!form.getValues().legalEntityId && items.length === 1) {
    form.setValues({ legalEntityId: items[0].id, currency: items[0].defaultCurrency });
  }
  const create = useCreateInvoice({
    onSuccess: (inv) => {
      onClose();
      void navigate(`/invoices/${inv.id}`);
    },
    onError: (err) => setAlert(showSaveError(form, err, (e) => errorText(e, t))),
  });
  return (
    <Modal opened onClose={onClose} title={t('moneyUi.list.new')} size="lg">
      <form
        onSubmit={form.onSubmit((v) =>
          create.mutate({
            legalEntityId: v.legalEntityId!,
            companyId: v.companyId!,
            currency: v.currency as never,
            issueDate: v.issueDate.slice(0, 10),
            dueDate: v.dueDate.slice(0, 10),
            lines: [],
          }),
        )}
      >
        <Stack>
          {alert && (
            <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
              {alert}
            </Alert>
          )}
          <Select
            label={t('moneyUi.fields.legalEntity')}
            data={items.map((e) => ({ value: e.id, label: e.name }))}
            {...fieldProps(form, 'legalEntityId')}
            onChange={(id) => {
              const e = items.find((x) => x.id === id);
              form.setValues({ legalEntityId: id, ...(e ? { currency: e.defaultCurrency } : {}) });
            }}
            allowDeselect={false}
            data-testid="new-invoice-entity"
          />
          <RecordPicker
            kind="company"
            label={t('moneyUi.fields.client')}
            value={form.getValues().companyId}
            onChange={(id) => form.setFieldValue('companyId', id)}
            error={form.errors.companyId}
            data-testid="new-invoice-company"
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label={t('moneyUi.fields.currency')} data={[...currencies]} allowDeselect={false} {...fieldProps(form, 'currency')} />
            <DatePickerInput label={t('moneyUi.fields.issueDate')} valueFormat="DD.MM.YYYY" {...fieldProps(form, 'issueDate')} />
            <DatePickerInput label={t('moneyUi.fields.dueDate')} valueFormat="DD.MM.YYYY" {...fieldProps(form, 'dueDate')} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="new-invoice-create">
              {t('moneyUi.list.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
