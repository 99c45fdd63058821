import { useMemo, useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useProductSearch, type Product } from './products.api';

/** One catalogue product, searched on the server as the user types (deal lines, contract prices). */
export function ProductSelect({
  value,
  label,
  onPick,
  error,
  testId = 'line-product',
}: {
  value: string | null;
  label: string;
  onPick: (p: Product) => void;
  error?: React.ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [opened, setOpened] = useState(false);
  const products = useProductSearch(opened ? q : '');
  const byId = useMemo(() => new Map((products.data ?? []).map((p) => [p.id, p])), [products.data]);
  const data = useMemo(() => {
    const opts = (products.data ?? []).map((p) => ({ value: p.id, label: p.sku ? `${p.name} · ${p.sku}` : p.name }));
    if (value && !byId.has(value)) opts.unshift({ value, label });
    return opts;
  }, [products.data, byId, value, label]);
  return (
    <Select
      size="xs"
      searchable
      data={data}
      value={value}
      onChange={(id) => {
        const p = id ? byId.get(id) : undefined;
        if (p) onPick(p);
      }}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options }) => options}
      placeholder={t('salesUi.lines.pickProduct')}
      nothingFoundMessage={t('salesUi.common.nothingFound')}
      error={error}
      allowDeselect={false}
      aria-label={t('salesUi.lines.product')}
      data-testid={testId}
    />
  );
}
