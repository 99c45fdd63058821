import { Select, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { fieldProps } from './forms';
import { RepeatableField } from './RepeatableField';
import { addressTypes, emailTypes, phoneTypes } from '../lib/kinds';

type Values = { phones: { type: string; number: string }[]; emails: { type: string; address: string }[] };

/** Several phones and emails, each with its kind; numbers in any format (the server normalises them). */
export function PhonesEmailsFields<V extends Values>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation();
  return (
    <>
      <RepeatableField
        form={form}
        path="phones"
        label={t('ui.fields.phones')}
        addLabel={t('ui.fields.addPhone')}
        newItem={() => ({ type: 'work', number: '' })}
      >
        {(i) => (
          <>
            <Select
              aria-label={t('ui.fields.phoneType')}
              data={phoneTypes.map((v) => ({ value: v, label: t(`ui.phoneTypes.${v}`) }))}
              allowDeselect={false}
              w={130}
              {...fieldProps(form, `phones.${i}.type`)}
            />
            <TextInput
              aria-label={t('ui.fields.phone')}
              placeholder="+7 912 345-67-89"
              type="tel"
              style={{ flex: 1 }}
              {...fieldProps(form, `phones.${i}.number`)}
              data-testid="phone-number"
            />
          </>
        )}
      </RepeatableField>
      <RepeatableField
        form={form}
        path="emails"
        label={t('ui.fields.emails')}
        addLabel={t('ui.fields.addEmail')}
        newItem={() => ({ type: 'work', address: '' })}
      >
        {(i) => (
          <>
            <Select
              aria-label={t('ui.fields.emailType')}
              data={emailTypes.map((v) => ({ value: v, label: t(`ui.emailTypes.${v}`) }))}
              allowDeselect={false}
              w={130}
              {...fieldProps(form, `emails.${i}.type`)}
            />
            <TextInput
              aria-label={t('ui.fields.email')}
              placeholder="name@example.com"
              type="email"
              style={{ flex: 1 }}
              {...fieldProps(form, `emails.${i}.address`)}
              data-testid="email-address"
            />
          </>
        )}
      </RepeatableField>
    </>
  );
}

type AddressValues = { addresses: { type: string; text: string }[] };

export function AddressesField<V extends AddressValues>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation();
  return (
    <RepeatableField
      form={form}
      path="addresses"
      label={t('ui.fields.addresses')}
      addLabel={t('ui.fields.addAddress')}
      newItem={() => ({ type: 'legal', text: '' })}
    >
      {(i) => (
        <>
          <Select
            aria-label={t('ui.fields.addressType')}
            data={addressTypes.map((v) => ({ value: v, label: t(`ui.addressTypes.${v}`) }))}
            allowDeselect={false}
            w={150}
            {...fieldProps(form, `addresses.${i}.type`)}
          />
          <TextInput aria-label={t('ui.fields.address')} style={{ flex: 1 }} {...fieldProps(form, `addresses.${i}.text`)} />
        </>
      )}
    </RepeatableField>
  );
}
