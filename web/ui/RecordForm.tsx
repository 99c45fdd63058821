import { Fragment, type FormEvent, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Grid, Group, Stack, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DuplicateRef } from '../api';
import { PageHeader } from './PageHeader';
import { PageLoader } from './Loaders';
import { ErrorState } from './ErrorState';
import { FormAlerts } from './FormAlerts';
import { FormSection } from './FormSection';
import { DuplicateModal } from './DuplicateModal';
import { changedFields, fieldProps } from './forms';
import { useSaveFlow } from './useSaveFlow';
import type { RecordKind } from '../lib/records';
import { refreshRecordViews, saveRecord } from '../lib/records.api';

type Saved = { id: string; version: number };

type SaveOptions<V, R> = {
  form: UseFormReturnType<V>;
  kind: RecordKind;
  /** The record being edited; none when creating one. */
  record?: Saved;
  toBody: (values: V) => { body: Record<string, unknown>; remap?: (path: string) => string };
  /** The body of the form as it was loaded, to send only what changed. */
  initialBody: Record<string, unknown>;
  onSaved: (saved: R) => void;
};

/**
 * `useSaveFlow` for a counterparty form: POST a new record, PATCH an existing one; an edit refreshes
 * the record's history and timeline (cached from the page the form was opened from).
 */
export function useRecordSaveFlow<V, R extends Saved>({ form, kind, record, toBody, initialBody, onSaved }: SaveOptions<V, R>) {
  const qc = useQueryClient();
  return useSaveFlow({
    form,
    prepare: (v: V) => {
      const { body, remap } = toBody(v);
      // An edit sends only what changed, with the version it was based on.
      return { body: record ? { ...changedFields(initialBody, body), version: record.version } : body, remap };
    },
    send: (body, force) => saveRecord<R>(kind, record, body, force),
    onSaved: (saved: R) => {
      void refreshRecordViews(qc, kind, saved.id);
      onSaved(saved);
    },
  });
}

type Flow = {
  submit: (event?: FormEvent<HTMLFormElement>) => void;
  error: string | null;
  conflict: boolean;
  saving: boolean;
  duplicates: { items: DuplicateRef[]; message: string } | null;
  saveAnyway: () => void;
  closeDuplicates: () => void;
};

type LayoutProps = {
  flow: Flow;
  title: string;
  /** Where the header link and Cancel lead. */
  back: { to: string; label: string };
  /** The columns of the form (`Grid.Col`s). */
  children: ReactNode;
};

/** The frame of a counterparty form: header, alerts, the columns, sticky Cancel/Save and the duplicate warning. */
export function RecordFormLayout({ flow, title, back, children }: LayoutProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <form onSubmit={flow.submit} noValidate>
      <PageHeader title={title} back={back} />
      <Stack gap="md" maw={1100}>
        <FormAlerts error={flow.error} conflict={flow.conflict} onReload={() => window.location.reload()} />
        <Grid gap="md">{children}</Grid>
        <Group justify="flex-end" pos="sticky" bottom={0} py="sm" style={{ background: 'var(--orbita-page-bg)', zIndex: 2 }}>
          <Button variant="default" onClick={() => void navigate(back.to)}>
            {t('ui.actions.cancel')}
          </Button>
          <Button type="submit" loading={flow.saving} data-testid="save">
            {t('ui.actions.save')}
          </Button>
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

/** Free-text notes, the closing section of a counterparty form. */
export function NotesSection<V extends { notes: string }>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation();
  return (
    <FormSection title={t('ui.fields.notes')}>
      <Textarea autosize minRows={3} maxRows={12} aria-label={t('ui.fields.notes')} {...fieldProps(form, 'notes')} />
    </FormSection>
  );
}

type PageProps<T extends Saved> = {
  /** The entity's detail query hook (`useCompany`); called with no id on the "new" route. */
  useRecord: (id: string | undefined) => UseQueryResult<T>;
  /** The form, for the loaded record or for a new one. */
  render: (record?: T) => ReactNode;
};

/**
 * The route of a counterparty form: a new record, or an edit of the one in the URL once it is
 * loaded; the form is built anew for each version of it, so its initial values never lag behind.
 */
export function RecordFormPage<T extends Saved>({ useRecord, render }: PageProps<T>) {
  const { id } = useParams();
  const query = useRecord(id);
  if (!id) return render();
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Fragment key={`${query.data.id}:${query.data.version}`}>{render(query.data)}</Fragment>;
}
