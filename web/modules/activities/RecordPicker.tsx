import { useMemo, useState } from 'react';
import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useRecordName, useRecordSearch, type RecordKind } from './records';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  kind: RecordKind;
  value: string | null;
  onChange: (id: string | null, label?: string) => void;
  /** Extra filters for the search (deals of a company, for example). */
  filter?: Record<string, string | undefined>;
  /** The current value's name when the caller already knows it (saves a request). */
  initialLabel?: string;
};

/** A searchable select over contacts, companies or deals, searched on the server as the user types. */
export function RecordPicker({ kind, value, onChange, filter, initialLabel, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [q] = useDebouncedValue(search.trim(), 250);
  const results = useRecordSearch(kind, q, opened, filter);
  const current = useRecordName(kind, initialLabel ? null : value);

  const data = useMemo(() => {
    const opts = (results.data ?? []).map((o) => ({ value: o.id, label: o.hint ? `${o.label} · ${o.hint}` : o.label }));
    if (value && !opts.some((o) => o.value === value)) opts.unshift({ value, label: initialLabel ?? current.data ?? '…' });
    return opts;
  }, [results.data, value, current.data, initialLabel]);

  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(id, option) => onChange(id, option?.label)}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options }) => options}
      nothingFoundMessage={results.isFetching ? t('salesUi.common.searching') : t('salesUi.common.nothingFound')}
      rightSection={results.isFetching && opened ? <Loader size={14} /> : undefined}
      placeholder={t(`salesUi.pickers.${kind}Placeholder`)}
      {...rest}
    />
  );
}
