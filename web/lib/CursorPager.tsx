import { useEffect, useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * Page through a cursor-paginated list: a stack of cursors for "previous", the answer's
 * `nextCursor` for "next". Any change of `resetOn` (filters, sort) goes back to the first page.
 */
export function useCursorPages(resetOn: unknown[]) {
  const [stack, setStack] = useState<string[]>([]);
  const key = JSON.stringify(resetOn);
  useEffect(() => setStack([]), [key]);
  return {
    cursor: stack[stack.length - 1] as string | undefined,
    page: stack.length + 1,
    next: (cursor: string) => setStack((s) => [...s, cursor]),
    prev: () => setStack((s) => s.slice(0, -1)),
    reset: () => setStack([]),
  };
}
export type CursorPages = ReturnType<typeof useCursorPages>;

export function CursorPager({ pages, nextCursor, loading }: { pages: CursorPages; nextCursor: string | null; loading?: boolean }) {
  const { t } = useTranslation();
  if (pages.page === 1 && !nextCursor) return null;
  return (
    <Group justify="flex-end" gap="xs" p="xs">
      <Text size="sm" c="dimmed">
        {t('salesUi.common.page', { page: pages.page })}
      </Text>
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconChevronLeft size={14} />}
        disabled={pages.page === 1 || loading}
        onClick={pages.prev}
        data-testid="page-prev"
      >
        {t('salesUi.common.prev')}
      </Button>
      <Button
        size="compact-sm"
        variant="default"
        rightSection={<IconChevronRight size={14} />}
        disabled={!nextCursor || loading}
        onClick={() => nextCursor && pages.next(nextCursor)}
        data-testid="page-next"
      >
        {t('salesUi.common.next')}
      </Button>
    </Group>
  );
}
