import { useMemo, useState } from 'react';
import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useProductSearch } from '../products/products.api';

type Props = Omit<MultiSelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string[];
  onChange: (ids: string[]) => void;
  /** Names of products already picked (a saved ticket's), id -> name. */
  knownNames?: Record<string, string>;
};

/** Several catalogue products, searched on the server as the user types; the picked ones keep their names. */
export function ProductsPicker({ value, onChange, knownNames, ...rest }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [opened, setOpened] = useState(false);
  const [names, setNames] = useState<Record<string, string>>({});
  const products = useProductSearch(opened ? q : '');
  const data = useMemo(() => {
    const found = (products.data ?? []).map((p) => ({ value: p.id, label: p.sku ? `${p.name} · ${p.sku}` : p.name }));
    const missing = value
      .filter((id) => !found.some((o) => o.value === id))
      .map((id) => ({ value: id, label: names[id] ?? knownNames?.[id] ?? '…' }));
    return [...missing, ...found];
  }, [products.data, value, names, knownNames]);
  return (
    <MultiSelect
      searchable
      clearable
      data={data}
      value={value}
      onChange={(ids) => {
        const labels = Object.fromEntries(data.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label]));
        setNames((n) => ({ ...n, ...labels }));
        onChange(ids);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options }) => options}
      nothingFoundMessage={t('salesUi.common.nothingFound')}
      placeholder={value.length ? undefined : t('ticketsUi.productsPlaceholder')}
      {...rest}
    />
  );
}
