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
import type { Query } from '../api';
import { useListCount } from '../lib/lists.api';
import { useListColumns, useSetListColumns, type SavedView } from '../lib/views.api';
import { listColumns } from '../../contracts/list-columns';
import { BulkBar, useBulkSelection } from './BulkBar';
import { ColumnChooser } from './ColumnChooser';
import { SavedViews } from './SavedViews';

type Row = {
  id: string;
  nextActivityAt: string | null;
  phones: { number: string }[];
  ownerName: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
};

/** When the next open activity is due, red once it is overdue. */
function NextActivity({ at }: { at: string | null }) {
  const fmt = useFormat();
  if (!at) return null;
  return (
    <Text size="sm" c={new Date(at).getTime() < Date.now() ? 'red' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {fmt.dateTime(at)}
    </Text>
  );
}

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
    {
      key: 'owner',
      header: t('ui.fields.owner'),
      sortField: 'owner',
      render: (c) => <Text size="sm">{c.ownerName ?? ''}</Text>,
      visibleFrom: 'sm',
    },
    {
      key: 'nextActivity',
      header: t('listsUi.nextActivity'),
      sortField: 'nextActivity',
      render: (c) => <NextActivity at={c.nextActivityAt} />,
      visibleFrom: 'md',
    },
    {
      key: 'createdAt',
      header: t('ui.fields.createdAt'),
      render: (c) => (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {fmt.date(c.createdAt)}
        </Text>
      ),
      visibleFrom: 'md',
    },
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
  kind: 'contact' | 'company';
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
  /** The list's filters and sort as its GET takes them: the total and "everything matching" use them. */
  listQuery: Query;
};

/**
 * A counterparty list page: header with "new", filters, the total, and the paged table with a
 * checkbox per row for the bulk actions (rows of the trash do not open).
 */
export function RecordListPage<T extends { id: string }>(p: Props<T>) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const trash = !!p.list.value.deleted;
  const EmptyIcon = p.emptyIcon;
  const resource = p.kind === 'contact' ? 'contacts' : 'companies';
  const count = useListCount(resource, p.listQuery);
  const { sort: _sort, ...filters } = p.listQuery;
  const sel = useBulkSelection(JSON.stringify(filters));
  const shown = p.query.data?.pages.reduce((n, page) => n + page.items.length, 0) ?? 0;
  const total = count.data?.total;

  // Columns the list declares are shown as the user chose; the others (restore in the trash) always.
  const declared: readonly string[] = listColumns[resource];
  const chosen = useListColumns(resource).data ?? [];
  const setColumns = useSetListColumns(resource);
  const columns = p.columns.filter((c) => !declared.includes(c.key) || chosen.includes(c.key) || c.key === declared[0]);
  const choosable = declared.flatMap((key) => p.columns.filter((c) => c.key === key).map((c) => ({ key, header: c.header })));
  const { value } = p.list;
  const viewFilters = Object.fromEntries(
    Object.entries({
      q: value.q,
      ownerId: value.ownerId,
      tag: value.tag,
      segment: value.segment,
      deleted: value.deleted ? 'true' : '',
    }).filter(([, v]) => v),
  );
  const applyView = (v: SavedView) => {
    const f = v.filters;
    const sort = v.sort ? { field: v.sort.replace(/^-/, ''), desc: v.sort.startsWith('-') } : undefined;
    p.list.set({
      q: f.q ?? '',
      ownerId: f.ownerId ?? '',
      tag: f.tag ?? '',
      segment: f.segment ?? '',
      deleted: f.deleted === 'true' ? '1' : '',
      sort,
    });
    if (v.columns.length) setColumns.mutate(v.columns);
  };
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
        <ListFilters list={p.list} searchPlaceholder={p.searchPlaceholder} resource={resource} />
        <Group px="sm" pb={6} gap="xs" mih={26} justify="space-between">
          <Text size="sm" c="dimmed" data-testid="list-total">
            {count.data ? t(count.data.capped ? 'listsUi.totalCapped' : 'listsUi.total', { total: fmt.number(count.data.total) }) : ''}
          </Text>
          <Group gap={4}>
            <SavedViews
              list={resource}
              current={{ filters: viewFilters, sort: `${value.sort.desc ? '-' : ''}${value.sort.field}`, columns: chosen }}
              onApply={applyView}
            />
            <ColumnChooser columns={choosable} chosen={chosen} onChange={(cols) => setColumns.mutate(cols)} />
          </Group>
        </Group>
        <BulkBar resource={resource} sel={sel} listQuery={p.listQuery} shown={shown} total={total} trash={trash} />
        <RecordTable
          selection={sel.selection}
          query={p.query}
          columns={columns}
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
