import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Center, Group, Loader, Modal, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconMail } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { invoicePdfUrl, useInvoicePdf, useSendInvoice, type Invoice } from './invoices.api';
import { invoiceTitle } from './InvoiceStatus';

/** A blob: URL for the PDF while the component shows it, revoked after. */
function useObjectUrl(blob: Blob | null | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}

function SendDialog({ inv, onClose }: { inv: Invoice; onClose: () => void }) {
  const { t } = useTranslation();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { to: '', subject: invoiceTitle(inv, t), message: '' },
    validate: {
      // One address or several separated by commas or semicolons, as the API takes them.
      to: (v) => {
        const all = v.split(/[,;]/).map((a) => a.trim());
        return all.length > 0 && all.every((a) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(a)) ? null : t('moneyUi.rules.email');
      },
    },
  });
  const send = useSendInvoice(inv, {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('moneyUi.send.queued', { to: form.getValues().to.trim() }) });
      onClose();
    },
    onError: (err) => setAlert(showSaveError(form, err, (e) => errorText(e, t))),
  });
  return (
    <Modal opened onClose={onClose} title={t('moneyUi.send.title')} size="lg">
      <form
        onSubmit={form.onSubmit((v) =>
          send.mutate({ to: v.to.trim(), subject: v.subject.trim() || undefined, message: v.message.trim() || undefined }),
        )}
      >
        <Stack>
          {alert && (
            <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
              {alert}
            </Alert>
          )}
          <TextInput
            label={t('moneyUi.send.to')}
            description={t('moneyUi.send.toHelp')}
            maxLength={4000}
            {...fieldProps(form, 'to')}
            data-testid="send-to"
          />
          <TextInput label={t('moneyUi.send.subject')} maxLength={300} {...fieldProps(form, 'subject')} />
          <Textarea label={t('moneyUi.send.message')} autosize minRows={3} maxLength={5000} {...fieldProps(form, 'message')} />
          <Text size="xs" c="dimmed">
            {t('moneyUi.send.attached')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button type="submit" leftSection={<IconMail size={16} />} loading={send.isPending} data-testid="send-submit">
              {t('moneyUi.send.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The invoice as printed: its PDF in a frame (fetched with the session, shown from a blob: URL),
 * a download link, and sending it by email. When the server makes no PDF the card says so.
 */
export function InvoiceDocument({ inv }: { inv: Invoice }) {
  const { t } = useTranslation();
  const [sending, setSending] = useState(false);
  const pdf = useInvoicePdf(inv.id, inv.version, !inv.deletedAt);
  const url = useObjectUrl(pdf.data);
  return (
    <Paper p="md" withBorder data-testid="invoice-document">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('moneyUi.document.title')}</Title>
        <Group gap="xs">
          {pdf.data && (
            <Button
              component="a"
              href={`${invoicePdfUrl(inv.id)}?download=true`}
              download
              size="xs"
              variant="default"
              leftSection={<IconDownload size={14} />}
              data-testid="invoice-pdf-download"
            >
              {t('moneyUi.document.download')}
            </Button>
          )}
          {inv.status !== 'draft' && inv.status !== 'cancelled' && (
            <Button size="xs" leftSection={<IconMail size={14} />} onClick={() => setSending(true)} data-testid="invoice-send">
              {t('moneyUi.send.title')}
            </Button>
          )}
        </Group>
      </Group>
      {pdf.isPending ? (
        <Center h={120}>
          <Loader size="sm" />
        </Center>
      ) : url ? (
        <iframe
          src={url}
          title={invoiceTitle(inv, t)}
          style={{ width: '100%', height: 720, border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
          data-testid="invoice-pdf"
        />
      ) : (
        <Stack gap={4}>
          <Text size="sm" c="dimmed" data-testid="invoice-pdf-unavailable">
            {t('moneyUi.document.unavailable')}
          </Text>
          <Anchor size="sm" onClick={() => void pdf.refetch()}>
            {t('moneyUi.document.retry')}
          </Anchor>
        </Stack>
      )}
      {sending && <SendDialog inv={inv} onClose={() => setSending(false)} />}
    </Paper>
  );
}
