import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Autocomplete, Grid, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { FormSection } from '../../ui/FormSection';
import { DuplicateHint } from '../../ui/DuplicateHint';
import { ClassificationFields } from '../../ui/ClassificationFields';
import { AddressesField, PhonesEmailsFields } from '../../ui/ContactChannels';
import { useCountryOptions } from '../../ui/countries';
import { blankToNull, fieldProps } from '../../ui/forms';
import { compactLists } from '../../ui/lists';
import { formatPhone } from '../../ui/phone';
import { NotesSection, RecordFormLayout, RecordFormPage, useRecordSaveFlow } from '../../ui/RecordForm';
import { companyKeys, useCompany, type Company } from './companies.api';
import { recordPath, sectionPath } from '../../lib/records';

const legalForms: Record<string, string[]> = {
  RU: ['ООО', 'АО', 'ПАО', 'ИП', 'НКО', 'АНО', 'ГУП', 'МУП'],
  BG: ['ЕООД', 'ООД', 'АД', 'ЕАД', 'ЕТ', 'СД', 'КД', 'Сдружение'],
};

type Values = {
  name: string;
  legalForm: string;
  country: string | null;
  inn: string;
  kpp: string;
  ogrn: string;
  bik: string;
  bankName: string;
  settlementAccount: string;
  corrAccount: string;
  eik: string;
  vatNumber: string;
  iban: string;
  addresses: { type: string; text: string }[];
  phones: { type: string; number: string }[];
  emails: { type: string; address: string }[];
  website: string;
  industry: string;
  segment: string;
  source: string;
  tags: string[];
  ownerId: string | null;
  notes: string;
};

const textKeys = [
  'name',
  'legalForm',
  'inn',
  'kpp',
  'ogrn',
  'bik',
  'bankName',
  'settlementAccount',
  'corrAccount',
  'eik',
  'vatNumber',
  'iban',
  'website',
  'industry',
  'segment',
  'source',
  'notes',
] as const;

function toValues(c: Company | undefined, ownerId: string): Values {
  const s = (v: string | null | undefined) => v ?? '';
  return {
    name: s(c?.name),
    legalForm: s(c?.legalForm),
    country: c?.country ?? null,
    inn: s(c?.inn),
    kpp: s(c?.kpp),
    ogrn: s(c?.ogrn),
    bik: s(c?.bik),
    bankName: s(c?.bankName),
    settlementAccount: s(c?.settlementAccount),
    corrAccount: s(c?.corrAccount),
    eik: s(c?.eik),
    vatNumber: s(c?.vatNumber),
    iban: s(c?.iban),
    addresses: c?.addresses.map((a) => ({ ...a })) ?? [],
    phones: c?.phones.map((p) => ({ ...p, number: formatPhone(p.number, 'en') })) ?? [{ type: 'work', number: '' }],
    emails: c?.emails.map((e) => ({ ...e })) ?? [{ type: 'work', address: '' }],
    website: s(c?.website),
    industry: s(c?.industry),
    segment: s(c?.segment),
    source: s(c?.source),
    tags: c?.tags ?? [],
    ownerId: c ? c.ownerId : ownerId,
    notes: s(c?.notes),
  };
}

/** Form values -> API body: blanks become null, empty list rows are dropped. */
function toBody(v: Values) {
  const { values, remap } = compactLists(v, { phones: 'number', emails: 'address', addresses: 'text' });
  const body: Record<string, unknown> = { ...values };
  for (const k of textKeys) body[k] = blankToNull(values[k]);
  body.name = values.name.trim();
  return { body, remap };
}

function CompanyForm({ company }: { company?: Company }) {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const countries = useCountryOptions();
  const initial = useMemo(() => toValues(company, me.user.id), [company, me.user.id]);
  const form = useForm<Values>({ initialValues: initial });
  const country = form.getValues().country;
  // Russian requisites unless the company is Bulgarian, and the other way round; both when unknown.
  const showRu = country !== 'BG';
  const showBg = country !== 'RU';
  const initialBody = useMemo(() => toBody(initial).body, [initial]);

  const flow = useRecordSaveFlow({
    form,
    kind: 'company',
    record: company,
    toBody,
    initialBody,
    onSaved: (saved: Company) => {
      qc.setQueryData(companyKeys.detail(saved.id), saved);
      void qc.invalidateQueries({ queryKey: companyKeys.lists });
      notifications.show({ color: 'teal', message: company ? t('ui.saved') : t('ui.company.created', { name: saved.name }) });
      // Saved, but something deserves a second look (an account whose key cannot be checked).
      for (const w of saved.warnings ?? []) notifications.show({ color: 'yellow', autoClose: 12_000, message: w.message });
      void navigate(recordPath('company', saved.id), { replace: !!company });
    },
  });

  return (
    <RecordFormLayout
      flow={flow}
      title={company ? company.name : t('ui.company.new')}
      back={
        company
          ? { to: recordPath('company', company.id), label: company.name }
          : { to: sectionPath('company'), label: t('ui.nav.companies') }
      }
    >
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <FormSection title={t('ui.company.main')}>
            <TextInput
              label={t('ui.company.name')}
              required
              {...fieldProps(form, 'name')}
              data-testid="company-name"
              data-autofocus
              autoFocus={!company}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
              <Select
                label={t('ui.company.country')}
                data={countries}
                searchable
                clearable
                {...fieldProps(form, 'country')}
                data-testid="company-country"
              />
              <Autocomplete
                label={t('ui.company.legalForm')}
                data={legalForms[country ?? ''] ?? [...legalForms.RU, ...legalForms.BG]}
                {...fieldProps(form, 'legalForm')}
              />
              <TextInput label={t('ui.company.industry')} {...fieldProps(form, 'industry')} />
              <TextInput label={t('ui.company.website')} placeholder="https://" {...fieldProps(form, 'website')} />
            </SimpleGrid>
          </FormSection>

          <FormSection title={t('ui.company.requisites')} description={t('ui.company.requisitesHint')}>
            {showRu && (
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="sm">
                <TextInput
                  label={t('ui.company.inn')}
                  inputMode="numeric"
                  className="orbita-num"
                  {...fieldProps(form, 'inn')}
                  data-testid="company-inn"
                />
                <TextInput label={t('ui.company.kpp')} inputMode="numeric" {...fieldProps(form, 'kpp')} data-testid="company-kpp" />
                <TextInput label={t('ui.company.ogrn')} inputMode="numeric" {...fieldProps(form, 'ogrn')} data-testid="company-ogrn" />
              </SimpleGrid>
            )}
            {showBg && (
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="sm">
                <TextInput label={t('ui.company.eik')} inputMode="numeric" {...fieldProps(form, 'eik')} data-testid="company-eik" />
                <TextInput
                  label={t('ui.company.vatNumber')}
                  placeholder="BG123456789"
                  {...fieldProps(form, 'vatNumber')}
                  data-testid="company-vat"
                />
              </SimpleGrid>
            )}
            <DuplicateHint
              kind="company"
              params={{ inn: form.getValues().inn.trim(), eik: form.getValues().eik.trim() }}
              excludeId={company?.id}
            />
          </FormSection>

          <FormSection title={t('ui.company.bank')}>
            <TextInput label={t('ui.company.bankName')} {...fieldProps(form, 'bankName')} />
            {showRu && (
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="sm">
                <TextInput label={t('ui.company.bik')} inputMode="numeric" {...fieldProps(form, 'bik')} data-testid="company-bik" />
                <TextInput
                  label={t('ui.company.settlementAccount')}
                  inputMode="numeric"
                  {...fieldProps(form, 'settlementAccount')}
                  data-testid="company-account"
                />
                <TextInput
                  label={t('ui.company.corrAccount')}
                  inputMode="numeric"
                  {...fieldProps(form, 'corrAccount')}
                  data-testid="company-corr"
                />
              </SimpleGrid>
            )}
            <TextInput
              label={t('ui.company.iban')}
              placeholder={showBg && !showRu ? 'BG80 BNBG 9661 1020 3456 78' : undefined}
              {...fieldProps(form, 'iban')}
              data-testid="company-iban"
            />
          </FormSection>
        </Stack>
      </Grid.Col>

      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="md">
          <FormSection title={t('ui.company.contactsSection')}>
            <PhonesEmailsFields form={form} />
            <AddressesField form={form} />
          </FormSection>
          <FormSection title={t('ui.fields.classification')}>
            <ClassificationFields form={form} />
          </FormSection>
          <NotesSection form={form} />
        </Stack>
      </Grid.Col>
    </RecordFormLayout>
  );
}

export function CompanyFormPage() {
  return <RecordFormPage useRecord={useCompany} render={(company) => <CompanyForm company={company} />} />;
}
