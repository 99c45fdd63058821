import { useState } from 'react';
import { Badge, Button, Grid, Group, NavLink, Paper, Stack, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { LostReasonsEditor } from './LostReasonsEditor';
import { PipelineEditor } from './PipelineEditor';
import { defaultPipeline, usePipelines } from './pipelines.api';

/** Settings of the sales process for admins and heads: pipelines with their stages, and refusal reasons. */
export function PipelinesSettingsPage() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const [selected, setSelected] = useState<string | 'new' | null>(null);

  const list = pipelines.data ?? [];
  const current = selected === 'new' ? null : (list.find((p) => p.id === selected) ?? defaultPipeline(list) ?? null);

  return (
    <>
      <PageHeader title={t('salesUi.pipelines.title')} subtitle={t('salesUi.pipelines.subtitle')} />
      <Tabs defaultValue="pipelines" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="pipelines">{t('salesUi.pipelines.tab')}</Tabs.Tab>
          <Tabs.Tab value="reasons" data-testid="tab-lost-reasons">
            {t('salesUi.lostReasons.tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pipelines">
          {pipelines.isPending ? (
            <PageLoader />
          ) : pipelines.error ? (
            <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />
          ) : (
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 3 }}>
                <Paper p="xs">
                  <Stack gap={2}>
                    {list.map((p) => (
                      <NavLink
                        key={p.id}
                        label={p.name}
                        description={t('salesUi.pipelines.stageCount', { count: p.stages.length })}
                        active={selected !== 'new' && current?.id === p.id}
                        onClick={() => setSelected(p.id)}
                        rightSection={
                          p.isDefault ? (
                            <Badge size="xs" variant="light">
                              {t('salesUi.pipelines.default')}
                            </Badge>
                          ) : null
                        }
                        styles={{ root: { borderRadius: 'var(--mantine-radius-sm)' } }}
                      />
                    ))}
                    <Button
                      variant="subtle"
                      leftSection={<IconPlus size={14} />}
                      justify="flex-start"
                      onClick={() => setSelected('new')}
                      mt={4}
                    >
                      {t('salesUi.pipelines.new')}
                    </Button>
                  </Stack>
                </Paper>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 9 }}>
                <Paper p="md">
                  <Group justify="space-between" mb="sm">
                    <Text fw={600}>{current ? current.name : t('salesUi.pipelines.new')}</Text>
                  </Group>
                  <PipelineEditor
                    // A newer version of the pipeline (saved here or elsewhere) is a fresh form.
                    key={current ? `${current.id}:${current.version}` : 'new'}
                    pipeline={current}
                    onSaved={(p) => setSelected(p.id)}
                    onDeleted={() => setSelected(null)}
                  />
                </Paper>
              </Grid.Col>
            </Grid>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="reasons">
          <Paper p="md" maw={760}>
            <LostReasonsEditor />
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
