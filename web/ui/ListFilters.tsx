import { useEffect, useEffectEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Autocomplete, Button, Chip, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff, IconSearch, IconTag, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFacets, type BulkResource } from '../lib/lists.api';
import { useSession } from '../lib/session';
import { useUrlParams } from '../lib/urlParams';
import { useUserOptions } from './users';
import type { Sort } from './RecordTable';

export type ListParams = { q: string; ownerId: string; tag: string; segment: string; sort: Sort; deleted?: boolean };

/** List state lives in the URL: filters survive reloads and can be shared as links. */
export function useListParams(defaultSort: Sort) {
  const { params, patch } = useUrlParams();
  const [, setParams] = useSearchParams();
  const rawSort = params.get('sort');
  const sort: Sort = rawSort ? { field: rawSort.replace(/^-/, ''), desc: rawSort.startsWith('-') } : defaultSort;
  const value: ListParams = {
    q: params.get('q') ?? '',
    ownerId: params.get('ownerId') ?? '',
    tag: params.get('tag') ?? '',
    segment: params.get('segment') ?? '',
    sort,
    deleted: params.get('deleted') === '1',
  };
  const set = ({ sort: nextSort, ...rest }: Partial<Record<'q' | 'ownerId' | 'tag' | 'segment' | 'deleted', string>> & { sort?: Sort }) =>
    patch({ ...rest, ...(nextSort ? { sort: `${nextSort.desc ? '-' : ''}${nextSort.field}` } : {}) });
  const clear = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams();
        const sortParam = prev.get('sort');
        if (sortParam) next.set('sort', sortParam);
        return next;
      },
      { replace: true },
    );
  const active = !!(value.q || value.ownerId || value.tag || value.segment || value.deleted);
  return { value, set, clear, active };
}

/** A text box that reports its value after the user pauses typing. */
function DebouncedInput({
  value,
  onChange,
  ...rest
}: { value: string; onChange: (v: string) => void } & Omit<React.ComponentProps<typeof TextInput>, 'value' | 'onChange'>) {
  const [draft, setDraft] = useState(value);
  const [debounced] = useDebouncedValue(draft, 300);
  useEffect(() => setDraft(value), [value]);
  // Report each pause in typing once, against the value and handler of that moment.
  const report = useEffectEvent((typed: string) => {
    if (typed !== value) onChange(typed.trim());
  });
  useEffect(() => report(debounced), [debounced]);
  return <TextInput value={draft} onChange={(e) => setDraft(e.currentTarget.value)} {...rest} />;
}

/** A tag or segment filter: typed (reported after a pause) or picked from the values in use, any case. */
function FacetFilter({
  resource,
  facet,
  value,
  onChange,
  ...rest
}: { resource: BulkResource; facet: 'tags' | 'segments'; value: string; onChange: (v: string) => void } & Omit<
  React.ComponentProps<typeof Autocomplete>,
  'value' | 'onChange' | 'data'
>) {
  const [draft, setDraft] = useState(value);
  const [debounced] = useDebouncedValue(draft, 300);
  useEffect(() => setDraft(value), [value]);
  const report = useEffectEvent((typed: string) => {
    if (typed.trim() !== value) onChange(typed.trim());
  });
  useEffect(() => report(debounced), [debounced]);
  const facets = useFacets(resource, debounced.trim());
  const data = [...new Set((facets.data?.[facet] ?? []).map((f) => f.value))];
  return (
    <Autocomplete
      value={draft}
      onChange={setDraft}
      onOptionSubmit={(v) => {
        setDraft(v);
        onChange(v);
      }}
      data={data}
      {...rest}
    />
  );
}

export function ListFilters({
  list,
  searchPlaceholder,
  resource,
}: {
  list: ReturnType<typeof useListParams>;
  searchPlaceholder: string;
  /** The API collection whose tags and segments in use are suggested. */
  resource: BulkResource;
}) {
  const { t } = useTranslation();
  const me = useSession();
  const users = useUserOptions();
  const ownerOptions = [{ value: me.user.id, label: t('ui.list.mine') }, ...users.filter((u) => u.value !== me.user.id)];
  return (
    <Group gap="xs" p="sm" wrap="wrap">
      <DebouncedInput
        value={list.value.q}
        onChange={(q) => list.set({ q })}
        placeholder={searchPlaceholder}
        aria-label={searchPlaceholder}
        leftSection={<IconSearch size={16} />}
        style={{ flex: '1 1 220px' }}
        maw={360}
        data-testid="list-search"
      />
      <Select
        value={list.value.ownerId || null}
        onChange={(v) => list.set({ ownerId: v ?? '' })}
        data={ownerOptions}
        placeholder={t('ui.list.anyOwner')}
        aria-label={t('ui.fields.owner')}
        clearable
        searchable
        style={{ flex: '1 1 180px' }}
        maw={240}
        data-testid="filter-owner"
      />
      <FacetFilter
        resource={resource}
        facet="tags"
        value={list.value.tag}
        onChange={(tag) => list.set({ tag })}
        placeholder={t('ui.fields.tag')}
        aria-label={t('ui.fields.tag')}
        leftSection={<IconTag size={16} />}
        style={{ flex: '1 1 120px' }}
        maw={180}
        maxLength={50}
        data-testid="filter-tag"
      />
      <FacetFilter
        resource={resource}
        facet="segments"
        value={list.value.segment}
        onChange={(segment) => list.set({ segment })}
        placeholder={t('ui.fields.segment')}
        aria-label={t('ui.fields.segment')}
        style={{ flex: '1 1 120px' }}
        maw={180}
        maxLength={100}
        data-testid="filter-segment"
      />
      <Chip
        checked={!!list.value.deleted}
        onChange={(on) => list.set({ deleted: on ? '1' : '' })}
        variant="outline"
        color="red"
        icon={<IconTrash size={14} />}
        data-testid="filter-deleted"
      >
        {t('ui.list.deleted')}
      </Chip>
      {list.active && (
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={list.clear}>
          {t('ui.list.clearFilters')}
        </Button>
      )}
    </Group>
  );
}
