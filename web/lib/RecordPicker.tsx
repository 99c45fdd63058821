import { useMemo, useState } from 'react';
import { Group, Loader, Select, Text, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { RecordKind } from './records';
import { useRecordName, useRecordSearch } from './records.api';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  kind: RecordKind;
  value: string | null;
  onChange: (id: string | null, label: string | null) => void;
  /** The current value's name when the caller already knows it (saves a request). */
  currentLabel?: string | null;
  /** Extra filters for the search (deals of a company, for example). */
  filter?: Record<string, string | undefined>;
  /** Records to leave out (a contact cannot know itself, a record cannot merge into itself). */
  exclude?: readonly string[];
};

/**
 * Picks one contact, company or deal by typing: the server searches once the list is opened, only a
 * handful of rows travel. The list shows each record's company beside its name; the input and
 * `onChange` get the name alone.
 */
export function RecordPicker({ kind, value, onChange, currentLabel, filter, exclude, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [q] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const results = useRecordSearch(kind, q, opened, filter);
  const known = picked?.value === value ? picked.label : currentLabel;
  const current = useRecordName(kind, known ? null : value);

  const { data, hints } = useMemo(() => {
    const found = (results.data ?? []).filter((o) => !exclude?.includes(o.id));
    const opts = found.map((o) => ({ value: o.id, label: o.label }));
    // The current value must stay selectable even when it is not among the search results.
    if (value && !opts.some((o) => o.value === value)) opts.unshift({ value, label: known || current.data || '…' });
    return { data: opts, hints: new Map(found.map((o) => [o.id, o.hint])) };
  }, [results.data, exclude, value, known, current.data]);

  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(id, option) => {
        setPicked(id && option ? { value: id, label: option.label } : null);
        onChange(id, option?.label ?? null);
      }}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options }) => options}
      renderOption={({ option }) => {
        const hint = hints.get(option.value);
        return (
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{option.label}</Text>
            {hint && (
              <Text size="xs" c="dimmed" truncate>
                {hint}
              </Text>
            )}
          </Group>
        );
      }}
      nothingFoundMessage={results.isFetching ? t('salesUi.common.searching') : t('salesUi.common.nothingFound')}
      rightSection={results.isFetching && opened ? <Loader size={14} /> : undefined}
      placeholder={t(`salesUi.pickers.${kind}Placeholder`)}
      {...rest}
    />
  );
}
