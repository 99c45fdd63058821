import { useNavigate, useSearchParams } from 'react-router';
import { Button, Group, SegmentedControl, Select } from '@mantine/core';
import { IconLayoutKanban, IconList, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { useUserOptions } from '../../ui/users';
import { defaultPipeline, usePipelines } from '../pipelines/pipelines.api';
import { dealBoardPath, dealListPath } from '../../lib/records';

/** Pipeline and owner as the board and the list read them from the address (so links keep the view). */
export function useDealFilters() {
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const pipelineParam = params.get('pipeline');
  const pipeline = pipelines.data?.find((p) => p.id === pipelineParam) ?? defaultPipeline(pipelines.data);
  const owner = params.get('owner');
  const ownerId = owner === 'me' ? me.user.id : (owner ?? undefined);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('cursor');
    setParams(next, { replace: true });
  };
  return { params, setParams, set, pipelines, pipeline, owner, ownerId };
}

type Props = { view: 'board' | 'list'; onNew: () => void; filters: ReturnType<typeof useDealFilters>; allPipelinesOption?: boolean };

export function DealsToolbar({ view, onNew, filters, allPipelinesOption }: Props) {
  const { t } = useTranslation();
  const users = useUserOptions();
  const navigate = useNavigate();
  const { params, set, pipelines, pipeline, owner } = filters;
  const keep = { pipeline: params.get('pipeline'), owner: params.get('owner') };
  return (
    <Group gap="sm" wrap="wrap" mb="sm">
      <SegmentedControl
        value={view}
        onChange={(v) => navigate(v === 'board' ? dealBoardPath(keep) : dealListPath(keep))}
        data={[
          {
            value: 'board',
            label: (
              <Group gap={6} wrap="nowrap" data-testid="view-board">
                <IconLayoutKanban size={16} />
                {t('salesUi.deals.board')}
              </Group>
            ),
          },
          {
            value: 'list',
            label: (
              <Group gap={6} wrap="nowrap" data-testid="view-list">
                <IconList size={16} />
                {t('salesUi.deals.list')}
              </Group>
            ),
          },
        ]}
      />
      <Select
        w={220}
        data={[
          ...(allPipelinesOption ? [{ value: 'all', label: t('salesUi.deals.allPipelines') }] : []),
          ...(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name })),
        ]}
        value={allPipelinesOption && params.get('pipeline') === 'all' ? 'all' : (pipeline?.id ?? null)}
        onChange={(v) => {
          const next = new URLSearchParams(params);
          if (v) next.set('pipeline', v);
          // Stages belong to one pipeline: a stage filter from another pipeline would match nothing.
          next.delete('stage');
          filters.setParams(next, { replace: true });
        }}
        allowDeselect={false}
        aria-label={t('salesUi.deal.pipeline')}
        data-testid="pipeline-picker"
      />
      <Select
        w={220}
        data={[{ value: 'me', label: t('salesUi.deals.mine') }, ...users]}
        value={owner}
        onChange={(v) => set('owner', v)}
        placeholder={t('salesUi.deals.allOwners')}
        clearable
        searchable
        aria-label={t('salesUi.deal.owner')}
        data-testid="owner-filter"
      />
      <Button ml="auto" leftSection={<IconPlus size={16} />} onClick={onNew} data-testid="deal-new">
        {t('salesUi.deal.new')}
      </Button>
    </Group>
  );
}
