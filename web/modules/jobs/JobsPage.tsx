import { useState } from 'react';
import { Badge, Button, Card, SegmentedControl, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { jobStates, type JobState } from '../../../contracts/job-states';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { useFormat } from '../../lib/format';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/Loaders';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { useJobs, useRetryJob } from './jobs.api';

const stateColor: Record<JobState, string> = { queued: 'blue', running: 'teal', failed: 'red' };

/** The admin's view of background jobs: what waits, what runs, what failed (with a retry). */
export function JobsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [state, setState] = useState<JobState | 'all'>('failed');
  const pages = useCursorPages([state]);
  const jobs = useJobs(state === 'all' ? undefined : state, pages.cursor);
  const retry = useRetryJob();

  const onRetry = async (id: string) => {
    try {
      await retry.mutateAsync(id);
      notifications.show({ color: 'teal', message: t('integrationsUi.jobs.retried') });
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e, t) });
    }
  };

  return (
    <>
      <PageHeader title={t('integrationsUi.jobs.title')} subtitle={t('integrationsUi.jobs.subtitle')} titleTestId="jobs-title" />
      <SegmentedControl
        mb="md"
        value={state}
        onChange={(v) => setState(v as JobState | 'all')}
        data={[
          ...jobStates.map((s) => ({ value: s, label: t(`integrationsUi.jobs.states.${s}`) })),
          { value: 'all', label: t('integrationsUi.jobs.all') },
        ]}
        data-testid="jobs-state"
      />
      {jobs.isPending ? (
        <PageLoader />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : (
        <Card withBorder padding={0}>
          {jobs.data.items.length === 0 ? (
            <Text c="dimmed" p="md" data-testid="jobs-empty">
              {t('integrationsUi.jobs.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" data-testid="jobs-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('integrationsUi.jobs.task')}</Table.Th>
                    <Table.Th>{t('integrationsUi.jobs.state')}</Table.Th>
                    <Table.Th>{t('integrationsUi.jobs.attempts')}</Table.Th>
                    <Table.Th>{t('integrationsUi.jobs.runAt')}</Table.Th>
                    <Table.Th>{t('integrationsUi.jobs.lastError')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {jobs.data.items.map((j) => (
                    <Table.Tr key={j.id} data-testid={`job-${j.id}`}>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {j.task}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('integrationsUi.jobs.createdAt')}: {fmt.dateTime(j.createdAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={stateColor[j.state]} variant="light">
                          {t(`integrationsUi.jobs.states.${j.state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {j.attempts} / {j.maxAttempts}
                      </Table.Td>
                      <Table.Td>{j.state === 'failed' ? '' : fmt.dateTime(j.runAt)}</Table.Td>
                      <Table.Td maw={320}>
                        <Text size="xs" c="red" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
                          {j.lastError}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {j.state === 'failed' && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            leftSection={<IconRefresh size={14} />}
                            loading={retry.isPending && retry.variables === j.id}
                            onClick={() => void onRetry(j.id)}
                            data-testid="job-retry"
                          >
                            {t('integrationsUi.jobs.retry')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <CursorPager pages={pages} nextCursor={jobs.data.nextCursor} loading={jobs.isFetching} />
        </Card>
      )}
    </>
  );
}
