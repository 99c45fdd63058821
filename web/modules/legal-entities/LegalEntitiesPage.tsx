import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { CreateLegalEntity } from '../../../contracts/legal-entities';
import { isApiError } from '../../api';
import { currencies } from '../../lib/kinds';
import { hasRole, useSession } from '../../lib/session';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { blankToNull, fieldProps, showSaveError } from '../../ui/forms';
import { PageHeader } from '../../ui/PageHeader';
import { useDeleteWithUndo } from '../../ui/useDeleteWithUndo';
import { legalEntityKeys, useLegalEntities, useSaveLegalEntity, type LegalEntity } from './legal-entities.api';

const TEXT_FIELDS = [
  'inn',
  'kpp',
  'ogrn',
  'eik',
  'vatNumber',
  'address',
  'bankName',
  'bik',
  'settlementAccount',
  'correspondentAccount',
  'iban',
  'bic',
  'director',
  'accountant',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type Values = { name: string; country: 'RU' | 'BG'; vatPayer: boolean; defaultCurrency: string } & Record<TextField, string>;

const toValues = (e: LegalEntity | null): Values => ({
  name: e?.name ?? '',
  country: e?.country ?? 'RU',
  vatPayer: e?.vatPayer ?? true,
  defaultCurrency: e?.defaultCurrency ?? 'RUB',
  ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, e?.[f] ?? ''])) as Record<TextField, string>),
});

const toBody = (v: Values): CreateLegalEntity => ({
  name: v.name.trim(),
  country: v.country,
  vatPayer: v.vatPayer,
  defaultCurrency: v.defaultCurrency as CreateLegalEntity['defaultCurrency'],
  ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, blankToNull(v[f])])) as Record<TextField, string | null>),
});

/** Settings: the workspace's own legal entities that issue documents (admin and finance). */
export function LegalEntitiesPage() {
  const { t } = useTranslation();
  const list = useLegalEntities();
  const [editing, setEditing] = useState<LegalEntity | 'new' | null>(null);
  // The director reads our entities; only admin and finance change them (as the API enforces).
  const canChange = hasRole(useSession(), ['admin', 'finance']);
  const remove = useDeleteWithUndo('/legal-entities', [[...legalEntityKeys.all]]);
  return (
    <>
      <PageHeader
        title={t('legalEntitiesUi.title')}
        subtitle={t('legalEntitiesUi.subtitle')}
        titleTestId="legal-entities-title"
        actions={
          canChange && (
            <Button onClick={() => setEditing('new')} data-testid="legal-entity-new">
              {t('legalEntitiesUi.add')}
            </Button>
          )
        }
      />
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <Text c="dimmed">{t('legalEntitiesUi.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table highlightOnHover data-testid="legal-entities-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('legalEntitiesUi.name')}</Table.Th>
                <Table.Th>{t('legalEntitiesUi.country')}</Table.Th>
                <Table.Th>{t('legalEntitiesUi.taxId')}</Table.Th>
                <Table.Th>{t('legalEntitiesUi.defaultCurrency')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    {canChange ? (
                      <Button variant="subtle" px={0} onClick={() => setEditing(e)}>
                        {e.name}
                      </Button>
                    ) : (
                      e.name
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{e.country}</Badge>
                  </Table.Td>
                  <Table.Td>{e.country === 'RU' ? [e.inn, e.kpp].filter(Boolean).join(' / ') : (e.vatNumber ?? e.eik)}</Table.Td>
                  <Table.Td>{e.defaultCurrency}</Table.Td>
                  <Table.Td>
                    {canChange && (
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => void remove(e.id, e.name)}>
                        {t('legalEntitiesUi.delete')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        size="xl"
        title={t(editing === 'new' ? 'legalEntitiesUi.newTitle' : 'legalEntitiesUi.editTitle')}
      >
        {editing !== null && (
          <LegalEntityForm
            key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`}
            entity={editing === 'new' ? null : editing}
            onClose={() => setEditing(null)}
          />
        )}
      </Modal>
    </>
  );
}

function LegalEntityForm({ entity, onClose }: { entity: LegalEntity | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: toValues(entity),
    validate: { name: (v) => (v.trim() ? null : t('legalEntitiesUi.required')) },
  });
  const save = useSaveLegalEntity(entity, {
    onSuccess: (saved) => {
      notifications.show({ color: 'teal', message: t('legalEntitiesUi.saved', { name: saved.name }) });
      onClose();
    },
    onError: (err) =>
      setAlert(isApiError(err) && err.isVersionConflict ? errorText(err, t) : showSaveError(form, err, (e) => errorText(e, t))),
  });
  const country = form.getValues().country;
  const input = (f: TextField) => <TextInput key={f} label={t(`legalEntitiesUi.fields.${f}`)} {...fieldProps(form, f)} />;
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(toBody(v)))} noValidate>
      <Stack>
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {alert}
          </Alert>
        )}
        <TextInput label={t('legalEntitiesUi.name')} required data-autofocus {...fieldProps(form, 'name')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('legalEntitiesUi.country')}
            data={[
              { value: 'RU', label: t('legalEntitiesUi.countries.RU') },
              { value: 'BG', label: t('legalEntitiesUi.countries.BG') },
            ]}
            allowDeselect={false}
            {...fieldProps(form, 'country')}
          />
          <Select
            label={t('legalEntitiesUi.defaultCurrency')}
            data={currencies.map((c) => ({ value: c, label: c }))}
            allowDeselect={false}
            {...fieldProps(form, 'defaultCurrency')}
          />
          <Switch mt="xl" label={t('legalEntitiesUi.fields.vatPayer')} {...fieldProps(form, 'vatPayer', { type: 'checkbox' })} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {(country === 'RU' ? (['inn', 'kpp', 'ogrn'] as const) : (['eik', 'vatNumber'] as const)).map(input)}
        </SimpleGrid>
        <Textarea label={t('legalEntitiesUi.fields.address')} autosize minRows={2} {...fieldProps(form, 'address')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {(country === 'RU'
            ? (['bankName', 'bik', 'settlementAccount', 'correspondentAccount'] as const)
            : (['bankName', 'iban', 'bic'] as const)
          ).map(input)}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>{(['director', 'accountant'] as const).map(input)}</SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('legalEntitiesUi.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="legal-entity-save">
            {t('legalEntitiesUi.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
