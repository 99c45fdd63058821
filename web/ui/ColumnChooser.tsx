import { useEffect, useState } from 'react';
import { Button, Checkbox, Popover, Stack, Text } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

type Props = {
  /** The columns one may show, in the list's order; the first always stays. */
  columns: { key: string; header: string }[];
  chosen: string[];
  onChange: (columns: string[]) => void;
};

/** Which columns the list shows: a checkbox per column, saved as the user's preference. */
export function ColumnChooser({ columns, chosen, onChange }: Props) {
  const { t } = useTranslation();
  const first = columns[0]?.key;
  // The boxes follow the click at once (a controlled checkbox whose value arrives later from the
  // saved preference is put back by React, then flips: a flicker, and a click seen as lost), and
  // the saved choice when it changes elsewhere.
  const [local, setLocal] = useState(chosen);
  const saved = chosen.join(',');
  useEffect(() => setLocal(saved ? saved.split(',') : []), [saved]);
  const toggle = (key: string, on: boolean) => {
    const next = new Set(local);
    if (on) next.add(key);
    else next.delete(key);
    if (first) next.add(first);
    // Saved in the list's order, so the choice reads as the table does.
    const ordered = columns.map((c) => c.key).filter((k) => next.has(k));
    setLocal(ordered);
    onChange(ordered);
  };
  return (
    <Popover position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <Button size="compact-sm" variant="subtle" leftSection={<IconColumns size={14} />} data-testid="columns-open">
          {t('listsUi.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} miw={200}>
          <Text size="xs" c="dimmed">
            {t('listsUi.columnsHint')}
          </Text>
          {columns.map((c) => (
            <Checkbox
              key={c.key}
              size="xs"
              label={c.header}
              checked={c.key === first || local.includes(c.key)}
              disabled={c.key === first}
              onChange={(e) => toggle(c.key, e.currentTarget.checked)}
              data-testid={`column-${c.key}`}
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
