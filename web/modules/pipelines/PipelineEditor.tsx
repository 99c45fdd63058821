import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { stageKinds } from '../../lib/kinds';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useConfirm } from '../../lib/useConfirm';
import { useDeletePipeline, useSavePipeline, type Pipeline } from './pipelines.api';

type StageValues = {
  id?: string;
  name: string;
  probability: number | string;
  rottingDays: number | string;
  kind: (typeof stageKinds)[number];
  requiresCreditClearance?: boolean;
};
type Values = { name: string; isDefault: boolean; stages: StageValues[] };

function toValues(p: Pipeline | null, t: (k: string) => string): Values {
  if (p) {
    return {
      name: p.name,
      isDefault: p.isDefault,
      stages: p.stages.map((s) => ({
        id: s.id,
        name: s.name,
        probability: s.probability,
        rottingDays: s.rottingDays ?? '',
        kind: s.kind,
        requiresCreditClearance: s.requiresCreditClearance,
      })),
    };
  }
  // A new pipeline starts from the usual B2B funnel; people rename rather than type from scratch.
  const d = 'sales.defaults.stages.';
  return {
    name: '',
    isDefault: false,
    stages: [
      { name: t(`${d}qualification`), probability: 10, rottingDays: 14, kind: 'open' },
      { name: t(`${d}proposal`), probability: 40, rottingDays: 21, kind: 'open' },
      { name: t(`${d}negotiation`), probability: 70, rottingDays: 21, kind: 'open' },
      { name: t(`${d}won`), probability: 100, rottingDays: '', kind: 'won' },
      { name: t(`${d}lost`), probability: 0, rottingDays: '', kind: 'lost' },
    ],
  };
}

const toBody = (v: Values) => ({
  name: v.name.trim(),
  isDefault: v.isDefault,
  stages: v.stages.map((s) => ({
    ...(s.id ? { id: s.id } : {}),
    name: s.name.trim(),
    probability: s.probability === '' ? undefined : Number(s.probability),
    rottingDays: s.kind !== 'open' || s.rottingDays === '' ? null : Number(s.rottingDays),
    kind: s.kind,
    requiresCreditClearance: s.kind === 'open' && !!s.requiresCreditClearance,
  })),
});

/** The form is built for one version of the pipeline: the settings page keys it by id and version. */
type Props = { pipeline: Pipeline | null; onSaved: (p: Pipeline) => void; onDeleted: () => void };

/** One pipeline: name, default flag and the ordered stages with probability and rotting limit. */
export function PipelineEditor({ pipeline, onSaved, onDeleted }: Props) {
  const { t } = useTranslation();
  const [alert, setAlert] = useState<string | null>(null);
  const confirm = useConfirm();
  const form = useForm<Values>({
    initialValues: toValues(pipeline, t),
    validate: {
      name: (v) => (v.trim() ? null : t('salesUi.common.required')),
      stages: { name: (v) => (v.trim() ? null : t('salesUi.common.required')) },
    },
  });

  const save = useSavePipeline(pipeline, {
    onSuccess: (saved) => {
      notifications.show({ color: 'teal', message: t('salesUi.pipelines.saved', { name: saved.name }) });
      onSaved(saved);
    },
    onError: (err) => setAlert(showSaveError(form, err, (e) => errorText(e, t))),
  });

  const remove = useDeletePipeline(pipeline, {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('salesUi.pipelines.deleted', { name: pipeline!.name }) });
      onDeleted();
    },
    onError: (err) => setAlert(errorText(err, t)),
  });

  const stages = form.getValues().stages;
  const move = (from: number, to: number) => {
    if (to < 0 || to >= stages.length) return;
    form.reorderListItem('stages', { from, to });
  };
  const stagesError = form.errors.stages;

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(toBody(v)))} noValidate>
      <Stack>
        {alert && (
          <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
            {alert}
          </Alert>
        )}
        <Group align="flex-end" gap="md">
          <TextInput label={t('salesUi.pipelines.name')} required style={{ flex: 1, minWidth: 220 }} {...fieldProps(form, 'name')} />
          <Switch label={t('salesUi.pipelines.isDefault')} mb={8} {...fieldProps(form, 'isDefault', { type: 'checkbox' })} />
        </Group>
        <Paper p={0}>
          <Table.ScrollContainer minWidth={790}>
            <Table verticalSpacing={6} highlightOnHover={false}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('salesUi.pipelines.order')}</Table.Th>
                  <Table.Th>{t('salesUi.pipelines.stage')}</Table.Th>
                  <Table.Th w={150}>{t('salesUi.pipelines.kind')}</Table.Th>
                  <Table.Th w={130}>{t('salesUi.pipelines.probability')}</Table.Th>
                  <Table.Th w={150}>
                    <Tooltip label={t('salesUi.pipelines.rottingHelp')} multiline w={260}>
                      <span>{t('salesUi.pipelines.rottingDays')}</span>
                    </Tooltip>
                  </Table.Th>
                  <Table.Th w={110}>
                    <Tooltip label={t('contractsUi.clearanceHelp')} multiline w={280}>
                      <span>{t('contractsUi.clearance')}</span>
                    </Tooltip>
                  </Table.Th>
                  <Table.Th w={44} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {stages.map((s, i) => (
                  <Table.Tr key={form.key(`stages.${i}`)} data-testid="stage-row">
                    <Table.Td>
                      <Group gap={0} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          disabled={i === 0}
                          onClick={() => move(i, i - 1)}
                          aria-label={t('salesUi.common.moveUp')}
                        >
                          <IconArrowUp size={14} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          disabled={i === stages.length - 1}
                          onClick={() => move(i, i + 1)}
                          aria-label={t('salesUi.common.moveDown')}
                        >
                          <IconArrowDown size={14} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <TextInput size="sm" aria-label={t('salesUi.pipelines.stage')} {...fieldProps(form, `stages.${i}.name`)} />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="sm"
                        allowDeselect={false}
                        aria-label={t('salesUi.pipelines.kind')}
                        data={stageKinds.map((k) => ({ value: k, label: t(`salesUi.pipelines.kinds.${k}`) }))}
                        {...fieldProps(form, `stages.${i}.kind`)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        size="sm"
                        min={0}
                        max={100}
                        allowDecimal={false}
                        suffix=" %"
                        aria-label={t('salesUi.pipelines.probability')}
                        {...fieldProps(form, `stages.${i}.probability`)}
                      />
                    </Table.Td>
                    <Table.Td>
                      {s.kind === 'open' ? (
                        <NumberInput
                          size="sm"
                          min={1}
                          max={3650}
                          allowDecimal={false}
                          placeholder={t('salesUi.pipelines.noLimit')}
                          aria-label={t('salesUi.pipelines.rottingDays')}
                          {...fieldProps(form, `stages.${i}.rottingDays`)}
                        />
                      ) : (
                        <Badge variant="light" color={s.kind === 'won' ? 'teal' : 'red'}>
                          {t(`salesUi.pipelines.kinds.${s.kind}`)}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {s.kind === 'open' && (
                        <Checkbox
                          aria-label={t('contractsUi.clearance')}
                          data-testid="stage-clearance"
                          {...fieldProps(form, `stages.${i}.requiresCreditClearance`, { type: 'checkbox' })}
                        />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        onClick={() => form.removeListItem('stages', i)}
                        aria-label={t('salesUi.common.delete')}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
        {stagesError && (
          <Alert color="red" variant="light">
            {String(stagesError)}
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          {t('salesUi.pipelines.stagesHelp')}
        </Text>
        <Group justify="space-between">
          <Button
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => {
              // New working stages go before the closing ones, where people expect them.
              const firstClosed = stages.findIndex((s) => s.kind !== 'open');
              form.insertListItem(
                'stages',
                { name: '', probability: 50, rottingDays: '', kind: 'open' },
                firstClosed === -1 ? stages.length : firstClosed,
              );
            }}
          >
            {t('salesUi.pipelines.addStage')}
          </Button>
          <Group gap="xs">
            {pipeline && (
              <Button
                variant="default"
                color="red"
                loading={remove.isPending}
                onClick={() => confirm.ask(t('salesUi.pipelines.deleteConfirm', { name: pipeline.name }), () => remove.mutate())}
              >
                {t('salesUi.pipelines.delete')}
              </Button>
            )}
            <Button type="submit" loading={save.isPending} data-testid="pipeline-save">
              {t('salesUi.common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
      {confirm.dialog}
    </form>
  );
}
