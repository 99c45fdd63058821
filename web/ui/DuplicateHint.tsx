import { useMemo } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DuplicateRef, Query } from '../api';
import { pathOf, type RecordKind } from '../lib/records';
import { useDuplicates } from '../lib/records.api';

/** One existing record: a link when the caller may see it, otherwise only whose it is. */
export function DuplicateLine({ d }: { d: DuplicateRef }) {
  const { t } = useTranslation();
  const path = pathOf(d.type, d.id);
  const by = d.matched ? t('ui.duplicates.by', { what: t(`ui.search.matched.${d.matched}`, { defaultValue: d.matched }) }) : '';
  return (
    <Text size="sm" data-testid="duplicate">
      {d.title && d.visible !== false && path ? (
        <Anchor component={Link} to={path} target="_blank" data-testid="duplicate-link">
          {d.title}
        </Anchor>
      ) : (
        <Text span c="dimmed">
          {t('ui.duplicates.hidden')}
        </Text>
      )}
      {d.ownerName ? <Text span c="dimmed">{` · ${t('ui.duplicates.owner', { name: d.ownerName })}`}</Text> : null}
      {by ? <Text span c="dimmed">{` · ${by}`}</Text> : null}
    </Text>
  );
}

/**
 * Warns while the user types that a record with the same INN/EIK (or phone/email) exists, before
 * they fill in the rest. `params` are the duplicate endpoint's query (`{ inn, eik }`).
 */
export function DuplicateHint({ kind, params, excludeId }: { kind: RecordKind; params: Query; excludeId?: string }) {
  const { t } = useTranslation();
  // Debounce the serialised params: a fresh object every render must not restart the timer forever.
  const [debouncedKey] = useDebouncedValue(JSON.stringify(params), 400);
  const debounced = useMemo(() => JSON.parse(debouncedKey) as Query, [debouncedKey]);
  const active = Object.values(debounced).some((v) => typeof v === 'string' && v.trim().length >= 5);
  const query = useDuplicates(kind, debounced, excludeId, active);
  const items = active ? (query.data?.items ?? []) : [];
  if (items.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconCopy size={18} />} title={t('ui.duplicates.title')} data-testid="duplicate-hint">
      <Stack gap={4}>
        {items.map((d) => (
          <DuplicateLine key={`${d.type}:${d.id}`} d={d} />
        ))}
      </Stack>
    </Alert>
  );
}
