import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { errorText } from '../../ui/errors';
import { errorTestProps } from '../../ui/forms';

/**
 * Asks for the reason an action needs (cancelling an invoice, a credit note, reversing a payment)
 * and confirms it; the API's answer to a refusal stays in the dialog.
 */
export function ReasonModal({
  title,
  message,
  confirmLabel,
  onConfirm,
  onClose,
  testId,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: (reason: string) => Promise<unknown>;
  onClose: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!reason.trim()) {
      setError(t('moneyUi.rules.required'));
      return;
    }
    setBusy(true);
    try {
      await onConfirm(reason.trim());
      onClose();
    } catch (err) {
      setError(isApiError(err) && err.fields.length ? err.fields.map((f) => f.message).join('; ') : errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={title} size="md">
      <Stack>
        <Text size="sm">{message}</Text>
        <Textarea
          label={t('moneyUi.actions.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={1000}
          error={error && !error.includes('\n') ? error : undefined}
          errorProps={errorTestProps}
          data-testid={`${testId}-reason`}
        />
        {error && error.includes('\n') && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('salesUi.common.cancel')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void submit()} data-testid={`${testId}-confirm`}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
