import { useEffect, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Box, Button, Center, Checkbox, Group, Loader, Table, Text, UnstyledButton } from '@mantine/core';
import { useInViewport } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState } from './ErrorState';

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Column<T> = {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Server sort field this column sorts by. */
  sortField?: string;
  width?: number | string;
  /** Hidden below this breakpoint to keep small screens readable. */
  visibleFrom?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
};

export type Sort = { field: string; desc: boolean };

/** Checkboxes per row and for the rows shown (the list's bulk selection). */
export type RowSelection = {
  isSelected: (id: string) => boolean;
  toggle: (id: string) => void;
  /** Selects (or clears) the rows shown. */
  setRows: (ids: string[], on: boolean) => void;
};

type Props<T extends { id: string }> = {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  columns: Column<T>[];
  /** Where a row opens; null: not openable (a deleted record). */
  href: (row: T) => string | null;
  sort?: Sort;
  onSort?: (sort: Sort) => void;
  tableTestId?: string;
  rowTestId?: string;
  empty: ReactNode;
  minWidth?: number;
  selection?: RowSelection;
};

function SortHeader({ label, active, desc, onClick }: { label: string; active: boolean; desc: boolean; onClick: () => void }) {
  const Icon = active ? (desc ? IconArrowDown : IconArrowUp) : IconSelector;
  return (
    <UnstyledButton onClick={onClick} aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined}>
      <Group gap={4} wrap="nowrap">
        <Text fw={600} size="sm">
          {label}
        </Text>
        <Icon size={14} style={{ opacity: active ? 1 : 0.4 }} />
      </Group>
    </UnstyledButton>
  );
}

/**
 * A server-paginated list: rows come page by page (cursor), the next page loads when the end of the
 * list scrolls into view, so a table of a million rows costs one page at a time.
 */
export function RecordTable<T extends { id: string }>({
  query,
  columns,
  href,
  sort,
  onSort,
  tableTestId,
  rowTestId,
  empty,
  minWidth = 720,
  selection,
}: Props<T>) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { ref: sentinel, inViewport } = useInViewport();
  const { data, isPending, isError, error, refetch, hasNextPage, isFetchingNextPage, fetchNextPage, isPlaceholderData } = query;

  useEffect(() => {
    if (inViewport && hasNextPage && !isFetchingNextPage && !isPlaceholderData) void fetchNextPage();
  }, [inViewport, hasNextPage, isFetchingNextPage, isPlaceholderData, fetchNextPage]);

  if (isError && !data)
    return (
      <Box p="sm">
        <ErrorState error={error} onRetry={() => void refetch()} />
      </Box>
    );
  const rows = data?.pages.flatMap((p) => p.items) ?? [];
  const selectedShown = selection ? rows.filter((r) => selection.isSelected(r.id)).length : 0;

  return (
    <>
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table data-testid={tableTestId} style={{ opacity: isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
          <Table.Thead>
            <Table.Tr>
              {selection && (
                <Table.Th w={36}>
                  <Checkbox
                    size="xs"
                    aria-label={t('listsUi.selectPage')}
                    checked={rows.length > 0 && selectedShown === rows.length}
                    indeterminate={selectedShown > 0 && selectedShown < rows.length}
                    onChange={() =>
                      selection.setRows(
                        rows.map((r) => r.id),
                        selectedShown < rows.length,
                      )
                    }
                    disabled={rows.length === 0}
                    data-testid="select-page"
                  />
                </Table.Th>
              )}
              {columns.map((c) => (
                <Table.Th key={c.key} w={c.width} visibleFrom={c.visibleFrom}>
                  {c.sortField && onSort ? (
                    <SortHeader
                      label={c.header}
                      active={sort?.field === c.sortField}
                      desc={!!sort?.desc}
                      onClick={() => onSort({ field: c.sortField!, desc: sort?.field === c.sortField ? !sort?.desc : false })}
                    />
                  ) : (
                    c.header
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr
                key={row.id}
                data-testid={rowTestId}
                className={href(row) ? 'orbita-row-link' : undefined}
                tabIndex={href(row) ? 0 : undefined}
                onClick={(e) => {
                  // Links, buttons and checkboxes inside the row (and text selection) keep their own behaviour.
                  const to = href(row);
                  if (!to || (e.target as HTMLElement).closest('a,button,input,label') || window.getSelection()?.toString()) return;
                  void navigate(to);
                }}
                onKeyDown={(e) => {
                  const to = href(row);
                  if (e.key === 'Enter' && to && e.target === e.currentTarget) void navigate(to);
                }}
                data-selected={selection?.isSelected(row.id) || undefined}
              >
                {selection && (
                  <Table.Td w={36} onClick={(e) => e.stopPropagation()}>
                    <Checkbox
                      size="xs"
                      aria-label={t('listsUi.selectRow')}
                      checked={selection.isSelected(row.id)}
                      onChange={() => selection.toggle(row.id)}
                      data-testid="select-row"
                    />
                  </Table.Td>
                )}
                {columns.map((c) => (
                  <Table.Td key={c.key} visibleFrom={c.visibleFrom}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {isPending && (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      )}
      {!isPending && rows.length === 0 && <Center py={48}>{empty}</Center>}
      <div ref={sentinel} style={{ height: 1 }} />
      {hasNextPage && (
        <Center py="md">
          <Button variant="default" onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="load-more">
            {t('ui.list.loadMore')}
          </Button>
        </Center>
      )}
      {!hasNextPage && rows.length > 0 && (
        <Text ta="center" size="xs" c="dimmed" py="md">
          {t('ui.list.shown', { count: rows.length })}
        </Text>
      )}
    </>
  );
}
