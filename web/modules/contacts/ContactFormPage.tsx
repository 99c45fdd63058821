import { useMemo } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Button, Grid, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { api } from '../../api';
import { useSession } from '../../app/session';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/Loaders';
import { ErrorState } from '../../ui/ErrorState';
import { FormSection } from '../../ui/FormSection';
import { FormAlerts } from '../../ui/FormAlerts';
import { DuplicateModal } from '../../ui/DuplicateModal';
import { ClassificationFields } from '../../ui/ClassificationFields';
import { PhonesEmailsFields } from '../../ui/ContactChannels';
import { RepeatableField } from '../../ui/RepeatableField';
import { RecordPicker } from '../../ui/RecordPicker';
import { blankToNull, changedFields, fieldProps } from '../../ui/forms';
import { compactLists } from '../../ui/lists';
import { useSaveFlow } from '../../ui/useSaveFlow';
import { useCompany } from '../companies/companies.api';
import { contactKeys, displayName, useContact, type Contact } from './contacts.api';

// Typed dates ("05.03.1980") are parsed with the display format.
dayjs.extend(customParseFormat);

export const messengerTypes = ['telegram', 'whatsapp', 'viber', 'skype', 'other'] as const;
export const preferenceKinds = ['pets', 'food', 'gifts', 'hobbies', 'family', 'dislikes', 'other'] as const;

export const dateFormat = (lang: string) => (lang === 'en' ? 'DD/MM/YYYY' : 'DD.MM.YYYY');

type Values = {
  lastName: string;
  firstName: string;
  middleName: string;
  companyId: string | null;
  position: string;
  phones: { type: string; number: string }[];
  emails: { type: string; address: string }[];
  messengers: { type: string; handle: string }[];
  birthday: string | null;
  importantDates: { label: string; date: string | null }[];
  preferences: { kind: string; text: string }[];
  segment: string;
  source: string;
  tags: string[];
  ownerId: string | null;
  notes: string;
};

const textKeys = ['lastName', 'firstName', 'middleName', 'position', 'segment', 'source', 'notes'] as const;

function toValues(c: Contact | undefined, ownerId: string, companyId: string | null): Values {
  const s = (v: string | null | undefined) => v ?? '';
  return {
    lastName: s(c?.lastName), firstName: s(c?.firstName), middleName: s(c?.middleName),
    companyId: c ? c.companyId : companyId, position: s(c?.position),
    phones: c?.phones.map((p) => ({ ...p })) ?? [{ type: 'mobile', number: '' }],
    emails: c?.emails.map((e) => ({ ...e })) ?? [{ type: 'work', address: '' }],
    messengers: c?.messengers.map((m) => ({ ...m })) ?? [],
    birthday: c?.birthday ?? null,
    importantDates: c?.importantDates.map((d) => ({ ...d })) ?? [],
    preferences: c?.preferences.map((p) => ({ ...p })) ?? [],
    segment: s(c?.segment), source: s(c?.source), tags: c?.tags ?? [],
    ownerId: c ? c.ownerId : ownerId, notes: s(c?.notes),
  };
}

function toBody(v: Values) {
  const { values, remap } = compactLists(v, { phones: 'number', emails: 'address', messengers: 'handle', importantDates: 'label', preferences: 'text' });
  const body: Record<string, unknown> = { ...values };
  for (const k of textKeys) body[k] = blankToNull(values[k]);
  body.firstName = values.firstName.trim();
  return { body, remap };
}

function ContactForm({ contact }: { contact?: Contact }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const presetCompany = contact ? null : params.get('companyId');
  const company = useCompany(contact?.companyId ?? presetCompany ?? undefined);
  const initial = useMemo(() => toValues(contact, me.user.id, presetCompany), [contact, me.user.id, presetCompany]);
  const initialBody = useMemo(() => toBody(initial).body, [initial]);
  const form = useForm<Values>({ initialValues: initial });
  const fmt = dateFormat(i18n.language);

  const flow = useSaveFlow({
    form,
    prepare: (v: Values) => {
      const { body, remap } = toBody(v);
      return { body: contact ? { ...changedFields(initialBody, body), version: contact.version } : body, remap };
    },
    send: (body, force) => {
      const query = force ? { force: true } : undefined;
      return contact ? api.patch<Contact>(`/contacts/${contact.id}`, body, query) : api.post<Contact>('/contacts', body, query);
    },
    onSaved: (saved) => {
      qc.setQueryData(contactKeys.detail(saved.id), saved);
      void qc.invalidateQueries({ queryKey: contactKeys.lists });
      notifications.show({ color: 'teal', message: contact ? t('ui.saved') : t('ui.contact.created', { name: displayName(saved) }) });
      void navigate(`/contacts/${saved.id}`, { replace: !!contact });
    },
  });

  const title = contact ? displayName(contact) : t('ui.contact.new');
  const back = contact ? { to: `/contacts/${contact.id}`, label: title } : { to: '/contacts', label: t('ui.nav.contacts') };

  return (
    <form onSubmit={flow.submit} noValidate>
      <PageHeader title={title} back={back} />
      <Stack gap="md" maw={1100}>
        <FormAlerts error={flow.error} conflict={flow.conflict} onReload={() => window.location.reload()} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              <FormSection title={t('ui.contact.person')}>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="sm">
                  <TextInput label={t('ui.contact.lastName')} {...fieldProps(form, 'lastName')} data-testid="contact-last-name" />
                  <TextInput label={t('ui.contact.firstName')} required {...fieldProps(form, 'firstName')} data-testid="contact-first-name" autoFocus={!contact} />
                  <TextInput label={t('ui.contact.middleName')} {...fieldProps(form, 'middleName')} data-testid="contact-middle-name" />
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
                  <RecordPicker
                    label={t('ui.contact.company')}
                    resource="/companies"
                    labelOf={(c) => String(c.name)}
                    currentLabel={company.data?.name ?? contact?.companyName ?? null}
                    placeholder={t('ui.contact.companyPlaceholder')}
                    nothingFoundMessage={t('ui.search.nothing')}
                    value={form.getValues().companyId}
                    onChange={(id) => form.setFieldValue('companyId', id)}
                    error={form.errors.companyId}
                    errorProps={{ 'data-testid': 'field-error' }}
                    data-testid="contact-company"
                  />
                  <TextInput label={t('ui.contact.position')} {...fieldProps(form, 'position')} data-testid="contact-position" />
                </SimpleGrid>
              </FormSection>

              <FormSection title={t('ui.contact.channels')}>
                <PhonesEmailsFields form={form} />
                <RepeatableField form={form} path="messengers" label={t('ui.contact.messengers')} addLabel={t('ui.contact.addMessenger')} newItem={() => ({ type: 'telegram', handle: '' })}>
                  {(i) => (
                    <>
                      <Select
                        aria-label={t('ui.contact.messengerType')}
                        data={messengerTypes.map((m) => ({ value: m, label: t(`ui.messengerTypes.${m}`) }))}
                        allowDeselect={false}
                        w={130}
                        {...fieldProps(form, `messengers.${i}.type`)}
                      />
                      <TextInput aria-label={t('ui.contact.handle')} placeholder="@username" style={{ flex: 1 }} {...fieldProps(form, `messengers.${i}.handle`)} />
                    </>
                  )}
                </RepeatableField>
              </FormSection>

              <FormSection title={t('ui.contact.memory')} description={t('ui.contact.memoryHint')}>
                <DateInput
                  label={t('ui.contact.birthday')}
                  valueFormat={fmt}
                  placeholder={fmt.toLowerCase()}
                  clearable
                  maxDate={new Date()}
                  defaultLevel={contact?.birthday ? 'month' : 'decade'}
                  w={{ base: '100%', sm: 220 }}
                  {...fieldProps(form, 'birthday')}
                  data-testid="contact-birthday"
                />
                <RepeatableField form={form} path="importantDates" label={t('ui.contact.importantDates')} addLabel={t('ui.contact.addDate')} newItem={() => ({ label: '', date: null })}>
                  {(i) => (
                    <>
                      <TextInput aria-label={t('ui.contact.dateLabel')} placeholder={t('ui.contact.dateLabelPlaceholder')} style={{ flex: 1 }} {...fieldProps(form, `importantDates.${i}.label`)} />
                      <DateInput aria-label={t('ui.contact.date')} valueFormat={fmt} placeholder={fmt.toLowerCase()} w={150} {...fieldProps(form, `importantDates.${i}.date`)} />
                    </>
                  )}
                </RepeatableField>
                <RepeatableField form={form} path="preferences" label={t('ui.contact.preferences')} addLabel={t('ui.contact.addPreference')} newItem={() => ({ kind: 'food', text: '' })}>
                  {(i) => (
                    <>
                      <Select
                        aria-label={t('ui.contact.preferenceKind')}
                        data={preferenceKinds.map((k) => ({ value: k, label: t(`ui.preferenceKinds.${k}`) }))}
                        allowDeselect={false}
                        w={150}
                        {...fieldProps(form, `preferences.${i}.kind`)}
                      />
                      <TextInput aria-label={t('ui.contact.preferenceText')} placeholder={t('ui.contact.preferencePlaceholder')} style={{ flex: 1 }} {...fieldProps(form, `preferences.${i}.text`)} />
                    </>
                  )}
                </RepeatableField>
              </FormSection>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="md">
              <FormSection title={t('ui.fields.classification')}>
                <ClassificationFields form={form} />
              </FormSection>
              <FormSection title={t('ui.fields.notes')}>
                <Textarea autosize minRows={3} maxRows={12} aria-label={t('ui.fields.notes')} {...fieldProps(form, 'notes')} />
              </FormSection>
            </Stack>
          </Grid.Col>
        </Grid>
        <Group justify="flex-end" pos="sticky" bottom={0} py="sm" style={{ background: 'var(--orbita-page-bg)', zIndex: 2 }}>
          <Button variant="default" onClick={() => void navigate(back.to)}>{t('ui.actions.cancel')}</Button>
          <Button type="submit" loading={flow.saving} data-testid="save">{t('ui.actions.save')}</Button>
        </Group>
      </Stack>
      <DuplicateModal
        duplicates={flow.duplicates?.items ?? null}
        message={flow.duplicates?.message}
        onClose={flow.closeDuplicates}
        onSaveAnyway={flow.saveAnyway}
        saving={flow.saving}
      />
    </form>
  );
}

export function ContactFormPage() {
  const { id } = useParams();
  const query = useContact(id);
  if (!id) return <ContactForm />;
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <ContactForm key={`${query.data.id}:${query.data.version}`} contact={query.data} />;
}
