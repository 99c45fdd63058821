import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Grid, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { useSession } from '../../lib/session';
import { FormSection } from '../../ui/FormSection';
import { DuplicateHint } from '../../ui/DuplicateHint';
import { ClassificationFields } from '../../ui/ClassificationFields';
import { PhonesEmailsFields } from '../../ui/ContactChannels';
import { RepeatableField } from '../../ui/RepeatableField';
import { RecordPicker } from '../../lib/RecordPicker';
import { AddressesField } from '../../ui/ContactChannels';
import { useCountryOptions } from '../../ui/countries';
import { linkKinds, messengerTypes, preferenceKinds } from '../../lib/kinds';
import { blankToNull, errorTestProps, fieldProps } from '../../ui/forms';
import { compactLists } from '../../ui/lists';
import { formatPhone } from '../../ui/phone';
import { NotesSection, RecordFormLayout, RecordFormPage, useRecordSaveFlow } from '../../ui/RecordForm';
import { useCompany } from '../companies/companies.api';
import type { UseFormReturnType } from '@mantine/form';
import { contactKeys, displayName, useContact, type Contact } from './contacts.api';
import { recordPath, sectionPath } from '../../lib/records';

// Typed dates ("05.03.1980") are parsed with the display format.
dayjs.extend(customParseFormat);

export const dateFormat = (lang: string) => (lang === 'en' ? 'DD/MM/YYYY' : 'DD.MM.YYYY');

type Membership = { companyId: string | null; companyName: string | null; position: string };
type LinkRow = { contactId: string | null; contactName: string | null; kind: (typeof linkKinds)[number]; note: string };

type Values = {
  lastName: string;
  firstName: string;
  middleName: string;
  /** Every company the person works at; the first one is the primary company. */
  companies: Membership[];
  country: string | null;
  phones: { type: string; number: string }[];
  emails: { type: string; address: string }[];
  messengers: { type: string; handle: string }[];
  birthday: string | null;
  importantDates: { label: string; date: string | null }[];
  preferences: { kind: string; text: string }[];
  addresses: { type: string; text: string }[];
  links: LinkRow[];
  segment: string;
  source: string;
  tags: string[];
  ownerId: string | null;
  notes: string;
};

const textKeys = ['lastName', 'firstName', 'middleName', 'segment', 'source', 'notes'] as const;

function toValues(
  c: Contact | undefined,
  ownerId: string,
  preset: { id: string; name: string | null } | null,
  presetPhone: string | null = null,
): Values {
  const s = (v: string | null | undefined) => v ?? '';
  const companies: Membership[] = c
    ? [...c.companies]
        .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))
        .map((m) => ({ companyId: m.companyId, companyName: m.companyName, position: s(m.position) }))
    : [{ companyId: preset?.id ?? null, companyName: preset?.name ?? null, position: '' }];
  return {
    lastName: s(c?.lastName),
    firstName: s(c?.firstName),
    middleName: s(c?.middleName),
    companies,
    country: c?.country ?? null,
    phones: c?.phones.map((p) => ({ ...p, number: formatPhone(p.number, 'en') })) ?? [{ type: 'mobile', number: presetPhone ?? '' }],
    emails: c?.emails.map((e) => ({ ...e })) ?? [{ type: 'work', address: '' }],
    messengers: c?.messengers.map((m) => ({ ...m })) ?? [],
    birthday: c?.birthday ?? null,
    importantDates: c?.importantDates.map((d) => ({ ...d })) ?? [],
    preferences: c?.preferences.map((p) => ({ ...p })) ?? [],
    addresses: c?.addresses.map((a) => ({ ...a })) ?? [],
    links: c?.links.map((l) => ({ contactId: l.contactId, contactName: l.contactName, kind: l.kind, note: s(l.note) })) ?? [],
    segment: s(c?.segment),
    source: s(c?.source),
    tags: c?.tags ?? [],
    ownerId: c ? c.ownerId : ownerId,
    notes: s(c?.notes),
  };
}

function toBody(v: Values) {
  const { values, remap: remapLists } = compactLists(v, {
    phones: 'number',
    emails: 'address',
    messengers: 'handle',
    importantDates: 'label',
    preferences: 'text',
    addresses: 'text',
    companies: 'companyId',
    links: 'contactId',
  });
  const { companies, links, ...rest } = values;
  const body: Record<string, unknown> = { ...rest };
  for (const k of textKeys) body[k] = blankToNull(values[k]);
  body.firstName = values.firstName.trim();
  body.companies = companies.map((m) => ({ companyId: m.companyId, position: blankToNull(m.position) }));
  body.companyId = companies[0]?.companyId ?? null;
  body.position = blankToNull(companies[0]?.position);
  body.links = links.map((l) => ({ contactId: l.contactId, kind: l.kind, note: blankToNull(l.note) }));
  // The primary company's fields are edited in the first row of the companies list.
  const remap = (path: string) => (path === 'companyId' || path === 'position' ? remapLists(`companies.0.${path}`) : remapLists(path));
  return { body, remap };
}

/** Props for a picker bound to a form path (the picker reports labels too, so it is wired by hand). */
function pickerProps<V>(form: UseFormReturnType<V>, path: string) {
  return { error: (form.errors as Record<string, unknown>)[path] as string | undefined, errorProps: errorTestProps, 'data-path': path };
}

function ContactForm({ contact }: { contact?: Contact }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const presetId = contact ? null : params.get('companyId');
  const preset = useCompany(presetId ?? undefined);
  const presetName = preset.data?.name ?? null;
  // A screen pop of an unknown caller opens the form with their number (`?phone=`).
  const presetPhone = contact ? null : params.get('phone');
  const countries = useCountryOptions();
  const initial = useMemo(
    () => toValues(contact, me.user.id, presetId ? { id: presetId, name: presetName } : null, presetPhone),
    [contact, me.user.id, presetId, presetName, presetPhone],
  );
  const initialBody = useMemo(() => toBody(initial).body, [initial]);
  const form = useForm<Values>({ initialValues: initial });
  const fmt = dateFormat(i18n.language);

  const flow = useRecordSaveFlow({
    form,
    kind: 'contact',
    record: contact,
    toBody,
    initialBody,
    onSaved: (saved: Contact) => {
      qc.setQueryData(contactKeys.detail(saved.id), saved);
      void qc.invalidateQueries({ queryKey: contactKeys.lists });
      notifications.show({ color: 'teal', message: contact ? t('ui.saved') : t('ui.contact.created', { name: displayName(saved) }) });
      void navigate(recordPath('contact', saved.id), { replace: !!contact });
    },
  });

  const title = contact ? displayName(contact) : t('ui.contact.new');
  const back = contact
    ? { to: recordPath('contact', contact.id), label: title }
    : { to: sectionPath('contact'), label: t('ui.nav.contacts') };

  return (
    <RecordFormLayout flow={flow} title={title} back={back}>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <FormSection title={t('ui.contact.person')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="sm">
              <TextInput label={t('ui.contact.lastName')} {...fieldProps(form, 'lastName')} data-testid="contact-last-name" />
              <TextInput
                label={t('ui.contact.firstName')}
                required
                {...fieldProps(form, 'firstName')}
                data-testid="contact-first-name"
                autoFocus={!contact}
              />
              <TextInput label={t('ui.contact.middleName')} {...fieldProps(form, 'middleName')} data-testid="contact-middle-name" />
            </SimpleGrid>
            <RepeatableField
              form={form}
              path="companies"
              label={t('ui.contact.companies')}
              addLabel={t('ui.contact.addCompany')}
              newItem={() => ({ companyId: null, companyName: null, position: '' })}
            >
              {(i) => (
                <>
                  <RecordPicker
                    aria-label={t('ui.contact.company')}
                    kind="company"
                    currentLabel={
                      form.getValues().companies[i]?.companyName ??
                      (form.getValues().companies[i]?.companyId === presetId ? presetName : null)
                    }
                    placeholder={i === 0 ? t('ui.contact.companyPlaceholder') : t('ui.contact.otherCompanyPlaceholder')}
                    nothingFoundMessage={t('ui.search.nothing')}
                    value={form.getValues().companies[i]?.companyId ?? null}
                    onChange={(id, label) => {
                      form.setFieldValue(`companies.${i}.companyId`, id as never);
                      form.setFieldValue(`companies.${i}.companyName`, label as never);
                    }}
                    style={{ flex: 3, minWidth: 0 }}
                    {...pickerProps(form, `companies.${i}.companyId`)}
                    data-testid="contact-company"
                  />
                  <TextInput
                    aria-label={t('ui.contact.position')}
                    placeholder={t('ui.contact.position')}
                    style={{ flex: 2, minWidth: 0 }}
                    {...fieldProps(form, `companies.${i}.position`)}
                    data-testid="contact-position"
                  />
                </>
              )}
            </RepeatableField>
          </FormSection>

          <FormSection title={t('ui.contact.channels')}>
            <PhonesEmailsFields form={form} />
            <DuplicateHint
              kind="contact"
              params={{
                phone:
                  form
                    .getValues()
                    .phones.map((p) => p.number.trim())
                    .filter(Boolean)
                    .at(-1) ?? '',
                email:
                  form
                    .getValues()
                    .emails.map((e) => e.address.trim())
                    .filter(Boolean)
                    .at(-1) ?? '',
              }}
              excludeId={contact?.id}
            />
            <RepeatableField
              form={form}
              path="messengers"
              label={t('ui.contact.messengers')}
              addLabel={t('ui.contact.addMessenger')}
              newItem={() => ({ type: 'telegram', handle: '' })}
            >
              {(i) => (
                <>
                  <Select
                    aria-label={t('ui.contact.messengerType')}
                    data={messengerTypes.map((m) => ({ value: m, label: t(`ui.messengerTypes.${m}`) }))}
                    allowDeselect={false}
                    w={130}
                    {...fieldProps(form, `messengers.${i}.type`)}
                  />
                  <TextInput
                    aria-label={t('ui.contact.handle')}
                    placeholder="@username"
                    style={{ flex: 1 }}
                    {...fieldProps(form, `messengers.${i}.handle`)}
                  />
                </>
              )}
            </RepeatableField>
            <AddressesField form={form} />
            <Select
              label={t('ui.fields.country')}
              description={t('ui.contact.countryHint')}
              data={countries}
              searchable
              clearable
              w={{ base: '100%', sm: 260 }}
              {...fieldProps(form, 'country')}
            />
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
            <RepeatableField
              form={form}
              path="importantDates"
              label={t('ui.contact.importantDates')}
              addLabel={t('ui.contact.addDate')}
              newItem={() => ({ label: '', date: null })}
            >
              {(i) => (
                <>
                  <TextInput
                    aria-label={t('ui.contact.dateLabel')}
                    placeholder={t('ui.contact.dateLabelPlaceholder')}
                    style={{ flex: 1 }}
                    {...fieldProps(form, `importantDates.${i}.label`)}
                  />
                  <DateInput
                    aria-label={t('ui.contact.date')}
                    valueFormat={fmt}
                    placeholder={fmt.toLowerCase()}
                    w={150}
                    {...fieldProps(form, `importantDates.${i}.date`)}
                  />
                </>
              )}
            </RepeatableField>
            <RepeatableField
              form={form}
              path="preferences"
              label={t('ui.contact.preferences')}
              addLabel={t('ui.contact.addPreference')}
              newItem={() => ({ kind: 'food', text: '' })}
            >
              {(i) => (
                <>
                  <Select
                    aria-label={t('ui.contact.preferenceKind')}
                    data={preferenceKinds.map((k) => ({ value: k, label: t(`ui.preferenceKinds.${k}`) }))}
                    allowDeselect={false}
                    w={150}
                    {...fieldProps(form, `preferences.${i}.kind`)}
                  />
                  <TextInput
                    aria-label={t('ui.contact.preferenceText')}
                    placeholder={t('ui.contact.preferencePlaceholder')}
                    style={{ flex: 1 }}
                    {...fieldProps(form, `preferences.${i}.text`)}
                  />
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
          <FormSection title={t('ui.contact.people')} description={t('ui.contact.peopleHint')}>
            <RepeatableField
              form={form}
              path="links"
              label=""
              addLabel={t('ui.contact.addLink')}
              newItem={() => ({ contactId: null, contactName: null, kind: 'knows', note: '' })}
            >
              {(i) => (
                <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap="xs" wrap="nowrap">
                    <Select
                      aria-label={t('ui.contact.linkKind')}
                      data={linkKinds.map((k) => ({ value: k, label: t(`ui.contact.linkKinds.${k}`) }))}
                      allowDeselect={false}
                      w={190}
                      {...fieldProps(form, `links.${i}.kind`)}
                    />
                    <RecordPicker
                      aria-label={t('ui.contact.linkPerson')}
                      kind="contact"
                      exclude={contact ? [contact.id] : []}
                      currentLabel={form.getValues().links[i]?.contactName}
                      placeholder={t('ui.contact.linkPlaceholder')}
                      nothingFoundMessage={t('ui.search.nothing')}
                      value={form.getValues().links[i]?.contactId ?? null}
                      onChange={(id, label) => {
                        form.setFieldValue(`links.${i}.contactId`, id as never);
                        form.setFieldValue(`links.${i}.contactName`, label as never);
                      }}
                      style={{ flex: 1, minWidth: 0 }}
                      {...pickerProps(form, `links.${i}.contactId`)}
                    />
                  </Group>
                  <TextInput
                    aria-label={t('ui.contact.linkNote')}
                    placeholder={t('ui.contact.linkNote')}
                    size="xs"
                    {...fieldProps(form, `links.${i}.note`)}
                  />
                </Stack>
              )}
            </RepeatableField>
          </FormSection>
          <NotesSection form={form} />
        </Stack>
      </Grid.Col>
    </RecordFormLayout>
  );
}

export function ContactFormPage() {
  return <RecordFormPage useRecord={useContact} render={(contact) => <ContactForm contact={contact} />} />;
}
