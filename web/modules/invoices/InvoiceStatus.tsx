import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InvoiceListItem } from './invoices.api';

const statusColors: Record<InvoiceListItem['status'], string> = {
  draft: 'gray',
  issued: 'blue',
  partially_paid: 'yellow',
  paid: 'teal',
  cancelled: 'dark',
};

// A narrow table cell must not cut the status down to «ОПЛА…».
const noShrink = { flexShrink: 0, overflow: 'visible' } as const;

/** The status badge, the overdue flag beside it, and "credit note" for a кредитно известие. */
export function InvoiceStatus({ inv, size = 'sm' }: { inv: Pick<InvoiceListItem, 'status' | 'overdue' | 'kind'>; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge
        size={size}
        variant="light"
        color={statusColors[inv.status]}
        style={noShrink}
        data-testid="invoice-status"
        data-status={inv.status}
      >
        {t(`moneyUi.status.${inv.status}`)}
      </Badge>
      {inv.overdue && (
        <Badge size={size} color="red" style={noShrink} data-testid="invoice-overdue">
          {t('moneyUi.overdue')}
        </Badge>
      )}
      {inv.kind === 'credit_note' && (
        <Badge size={size} variant="outline" color="grape" style={noShrink}>
          {t('moneyUi.creditNote')}
        </Badge>
      )}
    </Group>
  );
}

/** The number as printed, or "draft" before it is issued. */
export function invoiceTitle(inv: Pick<InvoiceListItem, 'number' | 'kind'>, t: (k: string, o?: Record<string, unknown>) => string) {
  const noun = t(inv.kind === 'credit_note' ? 'moneyUi.creditNote' : 'moneyUi.invoice');
  return inv.number ? `${noun} № ${inv.number}` : `${noun} · ${t('moneyUi.status.draft')}`;
}
