import { useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { RecordPicker } from '../../lib/RecordPicker';
import { errorText } from '../../ui/errors';
import { useSortCall, type SortCallBody } from './calls.api';

type Mode = 'newContact' | 'newCompany' | 'existingContact' | 'existingCompany';

/**
 * "Who called?": a new contact or company with the call's number, or the number added to an
 * existing one, in one step; the number's calls then move to that client.
 */
export function SortCallModal({ callId, number, onClose }: { callId: string; number: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('newContact');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [recordId, setRecordId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const sort = useSortCall(callId, {
    onSuccess: (r) => {
      notifications.show({ color: 'teal', message: t('callsUi.sort.done', { count: r.calls }) });
      onClose();
    },
    onError: (e) => {
      setError(errorText(e, t));
      setFieldErrors(isApiError(e) ? Object.fromEntries(e.fields.map((f) => [f.path.split('.').pop() ?? f.path, f.message])) : {});
    },
  });

  const body = (): SortCallBody | null => {
    const mail = email.trim() ? { email: email.trim() } : {};
    if (mode === 'newContact')
      return { createContact: { firstName, ...(lastName.trim() ? { lastName } : {}), ...mail, phoneType: 'mobile' } };
    if (mode === 'newCompany') return { createCompany: { name, ...mail, phoneType: 'work' } };
    if (!recordId) return null;
    return mode === 'existingContact' ? { contactId: recordId, phoneType: 'mobile' } : { companyId: recordId, phoneType: 'work' };
  };
  const ready = mode === 'newContact' ? !!firstName.trim() : mode === 'newCompany' ? !!name.trim() : !!recordId;

  return (
    <Modal opened onClose={onClose} title={t('callsUi.sort.title', { number })} size="lg" data-testid="sort-call-modal">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const b = body();
          setError(null);
          if (b) sort.mutate(b);
        }}
      >
        <Stack>
          <SegmentedControl
            fullWidth
            value={mode}
            onChange={(v) => {
              setMode(v as Mode);
              setRecordId(null);
            }}
            data={(['newContact', 'newCompany', 'existingContact', 'existingCompany'] as const).map((m) => ({
              value: m,
              label: t(`callsUi.sort.${m}`),
            }))}
            data-testid="sort-mode"
          />
          {error && (
            <Alert color="red" data-testid="sort-error">
              {error}
            </Alert>
          )}
          {mode === 'newContact' && (
            <Group grow>
              <TextInput
                label={t('callsUi.sort.firstName')}
                required
                value={firstName}
                onChange={(e) => setFirstName(e.currentTarget.value)}
                error={fieldErrors.firstName}
                data-testid="sort-first-name"
              />
              <TextInput label={t('callsUi.sort.lastName')} value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} />
            </Group>
          )}
          {mode === 'newCompany' && (
            <TextInput
              label={t('callsUi.sort.companyName')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldErrors.name}
              data-testid="sort-company-name"
            />
          )}
          {(mode === 'newContact' || mode === 'newCompany') && (
            <TextInput
              label={t('callsUi.sort.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldErrors.email}
            />
          )}
          {(mode === 'existingContact' || mode === 'existingCompany') && (
            <RecordPicker
              kind={mode === 'existingContact' ? 'contact' : 'company'}
              label={t('callsUi.sort.pick')}
              value={recordId}
              onChange={(id) => setRecordId(id)}
              data-testid="sort-record"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button type="submit" disabled={!ready} loading={sort.isPending} data-testid="sort-save">
              {t('callsUi.sort.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
