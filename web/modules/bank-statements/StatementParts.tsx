import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProposedDocument } from '../../../contracts/bank-statements';
import { useMoneyFormat } from '../../lib/money';
import { HiddenRecord } from '../../ui/HiddenRecord';

// Pieces the statement pages share: a document's state, its payer, and what it pays.

type Doc = Pick<
  ProposedDocument,
  'state' | 'matchRule' | 'payer' | 'company' | 'allocations' | 'advance' | 'currency' | 'suggestedCompany' | 'purpose'
>;

const stateColor: Record<string, string> = {
  matched: 'green',
  unmatched: 'orange',
  ignored: 'gray',
  outgoing: 'blue',
  other: 'gray',
  duplicate: 'gray',
};

export function StateBadge({ doc }: { doc: Pick<Doc, 'state' | 'matchRule'> }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Badge color={stateColor[doc.state]} variant="light" data-testid="statement-doc-state" data-state={doc.state}>
        {t(`bankStatementsUi.states.${doc.state}`)}
      </Badge>
      {doc.matchRule && (
        <Text size="xs" c="dimmed">
          {t(`bankStatementsUi.rules.${doc.matchRule}`)}
        </Text>
      )}
    </Stack>
  );
}

export function PayerCell({ doc }: { doc: Pick<Doc, 'payer' | 'purpose'> }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0} maw={360}>
      <Text size="sm" fw={500}>
        {doc.payer.name || doc.payer.account}
      </Text>
      {doc.payer.inn && (
        <Text size="xs" c="dimmed">
          {t('bankStatementsUi.inn', { inn: doc.payer.inn })}
        </Text>
      )}
      <Text size="xs" c="dimmed" lineClamp={2}>
        {doc.purpose}
      </Text>
    </Stack>
  );
}

/** What a matched document pays (invoices, then the advance), or the client it is suggested for. */
export function MatchCell({ doc }: { doc: Doc }) {
  const { t } = useTranslation();
  const m = useMoneyFormat();
  if (doc.state === 'matched') {
    return (
      <Stack gap={2}>
        {doc.company &&
          (doc.company.hidden ? (
            <HiddenRecord size="sm" />
          ) : (
            <Text size="sm" fw={500}>
              {doc.company.name}
            </Text>
          ))}
        <Group gap={4}>
          {doc.allocations.map((a) => (
            <Badge key={a.invoiceId} variant="outline" data-testid="statement-doc-invoice">
              {a.number ?? '—'} · {m.money(a.amount, doc.currency)}
            </Badge>
          ))}
          {doc.advance !== '0.00' && (
            <Badge variant="outline" color="grape">
              {t('bankStatementsUi.advance', { amount: m.money(doc.advance, doc.currency) })}
            </Badge>
          )}
        </Group>
      </Stack>
    );
  }
  if (doc.suggestedCompany && !doc.suggestedCompany.hidden) {
    return (
      <Text size="xs" c="dimmed">
        {t('bankStatementsUi.suggested', { name: doc.suggestedCompany.name })}
      </Text>
    );
  }
  return null;
}

type Counts = { documents: number; incoming: number; outgoing: number; matched: number; unmatched: number; duplicates: number };

export function CountBadges({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  const items: [keyof Counts, string][] = [
    ['documents', 'gray'],
    ['incoming', 'blue'],
    ['outgoing', 'blue'],
    ['matched', 'green'],
    ['unmatched', 'orange'],
    ['duplicates', 'gray'],
  ];
  return (
    <Group gap="xs" data-testid="statement-counts">
      {items.map(([k, color]) => (
        <Badge key={k} color={color} variant="light" size="lg" data-testid={`statement-count-${k}`} data-count={counts[k]}>
          {t(`bankStatementsUi.counts.${k}`)}: {counts[k]}
        </Badge>
      ))}
    </Group>
  );
}
