import { useMemo, useState } from 'react';
import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  /** API collection to search (`/companies`), answering `{ items }` for `?q=`. */
  resource: string;
  value: string | null;
  onChange: (id: string | null, label: string | null) => void;
  /** Label of the current value, known to the caller (the record's own data). */
  currentLabel?: string | null;
  labelOf: (item: Record<string, unknown>) => string;
  /** Records to leave out (a contact cannot know itself). */
  exclude?: string[];
};

/** Picks one record out of many by typing: the server searches, only a handful of rows travel. */
export function RecordPicker({ resource, value, onChange, currentLabel, labelOf, exclude = [], ...rest }: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const query = useQuery({
    queryKey: ['picker', resource, debounced],
    queryFn: ({ signal }) => api.get<{ items: Record<string, unknown>[] }>(resource, { q: debounced, limit: 20 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const data = useMemo(() => {
    const opts = (query.data?.items ?? [])
      .filter((i) => !exclude.includes(String(i.id)))
      .map((i) => ({ value: String(i.id), label: labelOf(i) }));
    // The current value must stay selectable even when it is not among the search results.
    const current = value && (picked?.value === value ? picked : currentLabel ? { value, label: currentLabel } : null);
    if (current && !opts.some((o) => o.value === current.value)) opts.unshift(current);
    return opts;
  }, [query.data, value, picked, currentLabel, labelOf, exclude]);

  return (
    <Select
      {...rest}
      data={data}
      value={value}
      searchable
      clearable
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id, option) => {
        setPicked(id && option ? { value: id, label: option.label } : null);
        onChange(id, option?.label ?? null);
      }}
      rightSection={query.isFetching ? <Loader size={14} /> : undefined}
      nothingFoundMessage={rest.nothingFoundMessage}
    />
  );
}
