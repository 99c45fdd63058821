import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconPlus, IconRestore, type Icon } from '@tabler/icons-react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from './PageHeader';
import { ListFilters, type useListParams } from './ListFilters';
import { RecordTable, type Column, type Page } from './RecordTable';
import { useFormat } from '../lib/format';
import { CallButton } from './CallButton';
import { formatPhone } from './phone';
import { useRestore } from './useDeleteWithUndo';
import { newRecordPath, recordPath, sectionPath, type RecordKind } from '../lib/records';

type Row = { id: string; phones: { number: string }[]; ownerName: string | null; updatedAt: string; deletedAt: string | null };

/**
 * Columns every counterparty list shares: the first phone, and at the end the owner, the last change
 * (the deletion in the trash) and, in the trash, a restore button.
 */
export function useRecordColumns<T extends Row>(
  kind: RecordKind,
  queryKeys: readonly unknown[][],
  trash: boolean,
  titleOf: (row: T) => string,
) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const restore = useRestore(sectionPath(kind), queryKeys);
  const phone: Column<T> = {
    key: 'phone',
    header: t('ui.fields.phone'),
    render: (c) => (
      <Group gap={4} wrap="nowrap">
        <Text size="sm" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
          {c.phones[0] ? formatPhone(c.phones[0].number, i18n.language) : ''}
        </Text>
        {c.phones[0] && <CallButton number={c.phones[0].number} contactId={kind === 'contact' ? c.id : undefined} />}
      </Group>
    ),
    visibleFrom: 'sm',
  };
  const tail: Column<T>[] = [
    { key: 'owner', header: t('ui.fields.owner'), render: (c) => <Text size="sm">{c.ownerName ?? ''}</Text>, visibleFrom: 'sm' },
    {
      key: 'updatedAt',
      header: trash ? t('ui.fields.deletedAt') : t('ui.fields.updatedAt'),
      sortField: 'updatedAt',
      render: (c) => (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {fmt.date(trash ? c.deletedAt : c.updatedAt)}
        </Text>
      ),
      visibleFrom: 'md',
    },
    ...(trash
      ? [
          {
            key: 'restore',
            header: '',
            render: (c: T) => (
              <Button
                size="compact-sm"
                variant="light"
                leftSection={<IconRestore size={14} />}
                onClick={() => void restore(c.id, titleOf(c))}
                data-testid="restore"
              >
                {t('ui.actions.restore')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return { phone, tail };
}

type Props<T extends { id: string }> = {
  kind: RecordKind;
  title: string;
  newRecord: { label: string; testId: string };
  searchPlaceholder: string;
  list: ReturnType<typeof useListParams>;
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  columns: Column<T>[];
  tableTestId: string;
  rowTestId: string;
  emptyIcon: Icon;
  emptyText: string;
  /** More header actions beside "new" (the list's export). */
  extraActions?: ReactNode;
};

/** A counterparty list page: header with "new", filters, and the paged table (rows of the trash do not open). */
export function RecordListPage<T extends { id: string }>(p: Props<T>) {
  const { t } = useTranslation();
  const trash = !!p.list.value.deleted;
  const EmptyIcon = p.emptyIcon;
  return (
    <>
      <PageHeader
        title={p.title}
        actions={
          <Group gap="xs">
            {p.extraActions}
            <Button component={Link} to={newRecordPath(p.kind)} leftSection={<IconPlus size={16} />} data-testid={p.newRecord.testId}>
              {p.newRecord.label}
            </Button>
          </Group>
        }
      />
      <Card p={0}>
        <ListFilters list={p.list} searchPlaceholder={p.searchPlaceholder} />
        <RecordTable
          query={p.query}
          columns={p.columns}
          href={(c) => (trash ? null : recordPath(p.kind, c.id))}
          sort={p.list.value.sort}
          onSort={(sort) => p.list.set({ sort })}
          tableTestId={p.tableTestId}
          rowTestId={p.rowTestId}
          empty={
            <Stack align="center" gap={6}>
              <EmptyIcon size={36} stroke={1.2} style={{ opacity: 0.5 }} />
              <Text c="dimmed" size="sm">
                {p.list.active ? t('ui.list.noMatches') : p.emptyText}
              </Text>
            </Stack>
          }
        />
      </Card>
    </>
  );
}
