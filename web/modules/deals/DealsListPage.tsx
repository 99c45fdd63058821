import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Chip, Group, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconLayoutKanban, IconSearch, IconSelector } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { dealSorts } from '../../lib/kinds';
import { ErrorState } from '../../ui/ErrorState';
import { useFormat } from '../../lib/format';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { ExportButton } from '../../ui/ExportButton';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { DealFlags, statusColors } from './DealFlags';
import { useDealList } from './deals.api';
import { DealsToolbar, useDealFilters } from './DealsToolbar';
import { useMoneyFormat } from '../../lib/money';
import { NewDealModal } from './NewDealModal';
import { recordPath } from '../../lib/records';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { ColumnChooser } from '../../ui/ColumnChooser';
import { SavedViews } from '../../ui/SavedViews';
import { useListColumns, useSetListColumns, type SavedView } from '../../lib/views.api';
import { useSession } from '../../lib/session';

type Sort = (typeof dealSorts)[number];
const flagKeys = ['noNextStep', 'overdueNextStep', 'rotting'] as const;

function SortHeader({
  label,
  field,
  sort,
  onSort,
  align,
}: {
  label: string;
  field: string;
  sort: Sort;
  onSort: (s: Sort) => void;
  align?: 'right';
}) {
  const active = sort === field || sort === `-${field}`;
  const desc = sort === `-${field}`;
  const Icon = !active ? IconSelector : desc ? IconArrowDown : IconArrowUp;
  return (
    <Table.Th ta={align}>
      <UnstyledButton
        onClick={() => onSort((active && !desc ? `-${field}` : field) as Sort)}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 600, fontSize: 'inherit' }}
      >
        {label}
        <Icon size={14} opacity={active ? 1 : 0.4} />
      </UnstyledButton>
    </Table.Th>
  );
}

/** Deals as a table: the board's filters plus status, stage, dates, flags and search; server-side pages. */
export function DealsListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const navigate = useNavigate();
  const filters = useDealFilters();
  const { params, set } = filters;
  const [newOpen, setNewOpen] = useState(false);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);

  const allPipelines = params.get('pipeline') === 'all';
  const pipelineId = allPipelines ? undefined : filters.pipeline?.id;
  const status = params.get('status') ?? 'open';
  const stageId = params.get('stage') ?? undefined;
  const from = params.get('from') ?? null;
  const to = params.get('to') ?? null;
  const sort = (dealSorts as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as Sort) : '-updatedAt';
  const flags = flagKeys.filter((f) => params.get(f) === 'true');
  // A string, so the query below changes only when the chosen flags do (the array is new every render).
  const flagParam = flags.join(',');
  const deleted = params.get('deleted') === 'true';

  const baseQuery = useMemo(
    () => ({
      pipelineId,
      ownerId: filters.ownerId,
      status: status === 'all' ? undefined : status,
      stageId,
      from: from ?? undefined,
      to: to ?? undefined,
      q: q || undefined,
      sort,
      deleted: deleted ? true : undefined,
      ...Object.fromEntries(flagParam ? flagParam.split(',').map((f) => [f, true]) : []),
    }),
    [pipelineId, filters.ownerId, status, stageId, from, to, q, sort, deleted, flagParam],
  );
  const pages = useCursorPages([baseQuery]);
  // The default pipeline is known once the pipelines load; asking before would fetch the list twice.
  const list = useDealList({ ...baseQuery, cursor: pages.cursor, limit: 50 }, allPipelines || !filters.pipelines.isPending);

  // Columns as the user chose them (the title always), and the list's saved views.
  const me = useSession();
  const chosen = useListColumns('deals').data ?? [];
  const setColumns = useSetListColumns('deals');
  const show = (key: string) => key === 'title' || chosen.includes(key);
  const choosable = [
    { key: 'title', header: t('salesUi.deal.title') },
    { key: 'stage', header: t('salesUi.deal.stage') },
    { key: 'amount', header: t('salesUi.deal.amount') },
    { key: 'weighted', header: t('salesUi.deal.weighted') },
    { key: 'owner', header: t('salesUi.deal.owner') },
    { key: 'expectedCloseDate', header: t('salesUi.deal.expectedCloseDate') },
    { key: 'nextStep', header: t('salesUi.deal.nextStep') },
    { key: 'createdAt', header: t('ui.fields.createdAt') },
    { key: 'updatedAt', header: t('salesUi.deals.updated') },
  ];
  const shownCount = choosable.filter((c) => show(c.key)).length;
  // A view keeps the list's filters as the API takes them; the address spells a few differently.
  const viewFilters = Object.fromEntries(
    Object.entries(baseQuery)
      .filter(([k, v]) => k !== 'sort' && v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  const applyView = (v: SavedView) => {
    const f = v.filters;
    const next = new URLSearchParams();
    next.set('pipeline', f.pipelineId ?? 'all');
    if (f.ownerId) next.set('owner', f.ownerId === me.user.id ? 'me' : f.ownerId);
    next.set('status', f.status ?? 'all');
    if (f.stageId) next.set('stage', f.stageId);
    for (const k of ['from', 'to', 'q', 'deleted', ...flagKeys]) if (f[k]) next.set(k, f[k]);
    if (v.sort) next.set('sort', v.sort);
    filters.setParams(next, { replace: true });
    setSearch(f.q ?? '');
    if (v.columns.length) setColumns.mutate(v.columns);
  };

  const stageOptions = (filters.pipeline && !allPipelines ? filters.pipeline.stages : []).map((s) => ({ value: s.id, label: s.name }));
  const pipelineName = useMemo(() => new Map((filters.pipelines.data ?? []).map((p) => [p.id, p.name])), [filters.pipelines.data]);

  return (
    <>
      <PageHeader title={t('salesUi.deals.title')} actions={<ExportButton entity="deals" query={baseQuery} />} />
      <DealsToolbar view="list" filters={filters} onNew={() => setNewOpen(true)} allPipelinesOption />
      <Paper p="sm" mb="sm">
        <Stack gap="xs">
          <Group gap="sm" wrap="wrap">
            <TextInput
              leftSection={<IconSearch size={16} />}
              placeholder={t('salesUi.deals.search')}
              value={search}
              onChange={(e) => {
                setSearch(e.currentTarget.value);
                set('q', e.currentTarget.value.trim() || null);
              }}
              style={{ flex: 1, minWidth: 200 }}
            />
            <SegmentedControl
              value={deleted ? 'deleted' : status}
              onChange={(v) => {
                const next = new URLSearchParams(params);
                if (v === 'deleted') {
                  next.set('deleted', 'true');
                  next.set('status', 'all');
                } else {
                  next.delete('deleted');
                  next.set('status', v);
                }
                filters.setParams(next, { replace: true });
              }}
              data={[
                { value: 'open', label: t('sales.status.open') },
                { value: 'won', label: t('sales.status.won') },
                { value: 'lost', label: t('sales.status.lost') },
                { value: 'all', label: t('salesUi.deals.allStatuses') },
                { value: 'deleted', label: t('salesUi.common.bin') },
              ]}
              data-testid="status-filter"
            />
          </Group>
          <Group gap="sm" wrap="wrap">
            <Select
              w={220}
              placeholder={t('salesUi.deals.allStages')}
              data={stageOptions}
              value={stageId ?? null}
              onChange={(v) => set('stage', v)}
              clearable
              disabled={allPipelines}
              aria-label={t('salesUi.deal.stage')}
            />
            <DatePickerInput
              type="range"
              w={260}
              placeholder={t('salesUi.deals.closeDateRange')}
              valueFormat="DD.MM.YYYY"
              clearable
              value={[from, to]}
              onChange={([a, b]) => {
                const next = new URLSearchParams(params);
                if (a) next.set('from', a.slice(0, 10));
                else next.delete('from');
                if (b) next.set('to', b.slice(0, 10));
                else next.delete('to');
                filters.setParams(next, { replace: true });
              }}
              aria-label={t('salesUi.deals.closeDateRange')}
            />
            <Chip.Group
              multiple
              value={flags}
              onChange={(v) => {
                const next = new URLSearchParams(params);
                for (const f of flagKeys)
                  if (v.includes(f)) next.set(f, 'true');
                  else next.delete(f);
                filters.setParams(next, { replace: true });
              }}
            >
              <Group gap={6}>
                {flagKeys.map((f) => (
                  <Chip key={f} value={f} size="xs" variant="light">
                    {t(`sales.flags.${f}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Group>
        </Stack>
      </Paper>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Paper>
          <Group justify="flex-end" gap={4} px="xs" pt={6}>
            <SavedViews list="deals" current={{ filters: viewFilters, sort, columns: chosen }} onApply={applyView} />
            <ColumnChooser columns={choosable} chosen={chosen} onChange={(cols) => setColumns.mutate(cols)} />
          </Group>
          <Table.ScrollContainer minWidth={1050}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <SortHeader label={t('salesUi.deal.title')} field="title" sort={sort} onSort={(s) => set('sort', s)} />
                  {show('stage') && <Table.Th>{t('salesUi.deal.stage')}</Table.Th>}
                  {show('amount') && (
                    <SortHeader label={t('salesUi.deal.amount')} field="amount" sort={sort} onSort={(s) => set('sort', s)} align="right" />
                  )}
                  {show('weighted') && <Table.Th ta="right">{t('salesUi.deal.weighted')}</Table.Th>}
                  {show('owner') && <SortHeader label={t('salesUi.deal.owner')} field="owner" sort={sort} onSort={(s) => set('sort', s)} />}
                  {show('expectedCloseDate') && (
                    <SortHeader
                      label={t('salesUi.deal.expectedCloseDate')}
                      field="expectedCloseDate"
                      sort={sort}
                      onSort={(s) => set('sort', s)}
                    />
                  )}
                  {show('nextStep') && (
                    <SortHeader label={t('salesUi.deal.nextStep')} field="nextStepDueAt" sort={sort} onSort={(s) => set('sort', s)} />
                  )}
                  {show('createdAt') && (
                    <SortHeader label={t('ui.fields.createdAt')} field="createdAt" sort={sort} onSort={(s) => set('sort', s)} />
                  )}
                  {show('updatedAt') && (
                    <SortHeader label={t('salesUi.deals.updated')} field="updatedAt" sort={sort} onSort={(s) => set('sort', s)} />
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={shownCount}>
                      <Stack align="center" gap="xs" py="xl">
                        <Text c="dimmed">{t('salesUi.deals.empty')}</Text>
                        <Button variant="light" leftSection={<IconLayoutKanban size={16} />} onClick={() => setNewOpen(true)}>
                          {t('salesUi.deal.new')}
                        </Button>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                )}
                {list.data.items.map((d) => (
                  <Table.Tr
                    key={d.id}
                    className="orbita-row-link"
                    tabIndex={0}
                    onClick={() => navigate(recordPath('deal', d.id))}
                    onKeyDown={(e) => e.key === 'Enter' && navigate(recordPath('deal', d.id))}
                    data-testid="deal-row"
                    data-deal-id={d.id}
                  >
                    <Table.Td maw={320}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600} truncate>
                          {d.title}
                        </Text>
                        <DealFlags flags={d.flags} size={18} />
                      </Group>
                      {d.company?.hidden ? (
                        <HiddenRecord size="xs" />
                      ) : (
                        d.companyName && (
                          <Text size="xs" c="dimmed" truncate>
                            {d.companyName}
                          </Text>
                        )
                      )}
                    </Table.Td>
                    {show('stage') && (
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          {d.status !== 'open' && (
                            <Badge size="sm" variant="light" color={statusColors[d.status]}>
                              {t(`sales.status.${d.status}`)}
                            </Badge>
                          )}
                          <Text size="sm">{d.stageName}</Text>
                        </Group>
                        {allPipelines && (
                          <Text size="xs" c="dimmed">
                            {pipelineName.get(d.pipelineId)}
                          </Text>
                        )}
                      </Table.Td>
                    )}
                    {show('amount') && (
                      <Table.Td ta="right" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
                        {money.money(d.status === 'won' && d.wonAmount ? d.wonAmount : d.amount, d.currency)}
                      </Table.Td>
                    )}
                    {show('weighted') && (
                      <Table.Td ta="right" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" c="dimmed">
                          {d.status === 'open' ? `${money.money(d.weightedAmount, d.currency)} · ${d.probability}%` : '—'}
                        </Text>
                      </Table.Td>
                    )}
                    {show('owner') && (
                      <Table.Td>
                        <Text size="sm">{d.ownerName}</Text>
                      </Table.Td>
                    )}
                    {show('expectedCloseDate') && <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.day(d.expectedCloseDate)}</Table.Td>}
                    {show('nextStep') && (
                      <Table.Td maw={260}>
                        {d.nextStep ? (
                          <>
                            <Text
                              size="sm"
                              c={d.flags.overdueNextStep ? 'red' : undefined}
                              fw={d.flags.overdueNextStep ? 600 : undefined}
                              style={{ whiteSpace: 'nowrap' }}
                            >
                              {fmt.dateTime(d.nextStep.dueAt)}
                            </Text>
                            <Text size="xs" c="dimmed" truncate>
                              {d.nextStep.text}
                            </Text>
                          </>
                        ) : d.status === 'open' ? (
                          <Text size="sm" c="yellow.8">
                            {t('sales.flags.noNextStep')}
                          </Text>
                        ) : null}
                      </Table.Td>
                    )}
                    {show('createdAt') && (
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" c="dimmed">
                          {fmt.date(d.createdAt)}
                        </Text>
                      </Table.Td>
                    )}
                    {show('updatedAt') && (
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" c="dimmed">
                          {fmt.relative(d.updatedAt)}
                        </Text>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <CursorPager pages={pages} nextCursor={list.data.nextCursor} loading={list.isFetching} />
        </Paper>
      )}
      <NewDealModal opened={newOpen} onClose={() => setNewOpen(false)} pipelineId={pipelineId} openAfter />
    </>
  );
}
