import { Group, Select } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session';
import { useUserOptions } from '../../ui/users';
import { safeZone, ymdOf } from '../../lib/zoned';
import { usePipelines } from '../pipelines/pipelines.api';
import { presetKeys, presetPeriod, type Period } from './period';

type Props = {
  period: Period;
  onPeriod: (p: Period) => void;
  pipelineId: string | null;
  onPipeline: (id: string | null) => void;
  ownerId: string | null;
  onOwner: (id: string | null) => void;
  children?: React.ReactNode;
};

/** Period (with presets), pipeline and manager filters shared by the reports. */
export function ReportFilters({ period, onPeriod, pipelineId, onPipeline, ownerId, onOwner, children }: Props) {
  const { t } = useTranslation();
  const me = useSession();
  const today = ymdOf(new Date(), safeZone(me.user.timeZone));
  const pipelines = usePipelines();
  const users = useUserOptions();
  return (
    <Group gap="sm" wrap="wrap" mb="md">
      <DatePickerInput
        type="range"
        w={250}
        valueFormat="DD.MM.YYYY"
        value={[period.from, period.to]}
        onChange={([a, b]) => a && b && onPeriod({ from: a.slice(0, 10), to: b.slice(0, 10) })}
        presets={presetKeys.map((k) => ({
          label: t(`salesUi.reports.presets.${k}`),
          value: [presetPeriod(k, today).from, presetPeriod(k, today).to] as [string, string],
        }))}
        aria-label={t('salesUi.reports.period')}
        data-testid="report-period"
      />
      <Select
        w={200}
        placeholder={t('salesUi.deals.allPipelines')}
        data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={pipelineId}
        onChange={onPipeline}
        clearable
        aria-label={t('salesUi.deal.pipeline')}
      />
      <Select
        w={200}
        placeholder={t('salesUi.deals.allOwners')}
        data={users}
        value={ownerId}
        onChange={onOwner}
        clearable
        searchable
        aria-label={t('salesUi.deal.owner')}
      />
      {children}
    </Group>
  );
}
