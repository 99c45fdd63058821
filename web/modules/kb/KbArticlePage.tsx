import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Badge, Button, Grid, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconRestore, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { useFormat } from '../../lib/format';
import { useConfirm } from '../../lib/useConfirm';
import { errorText } from '../../ui/errors';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { Markdown } from '../../ui/Markdown';
import { NotFoundPage } from '../../ui/NotFoundPage';
import { PageHeader } from '../../ui/PageHeader';
import {
  useDeleteKbArticle,
  useKbArticle,
  useKbCanEdit,
  useKbVersion,
  useKbVersions,
  useRestoreKbArticle,
  useRestoreKbVersion,
  type KbArticle,
} from './kb.api';
import { KbBadges } from './KbStatusBadges';

/** Kept versions of an article, newest first: each can be read and made the article's text again. */
function KbVersions({ article }: { article: KbArticle }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const versions = useKbVersions(article.id, true);
  const [viewing, setViewing] = useState<number | null>(null);
  const version = useKbVersion(article.id, viewing);
  const confirm = useConfirm();
  const restore = useRestoreKbVersion(article.id, {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('kbUi.versions.restored', { n: viewing ?? '' }) });
      setViewing(null);
    },
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  const ask = (n: number) =>
    confirm.ask(t('kbUi.versions.restoreConfirm', { n }), () => restore.mutate({ n, version: article.version }), {
      confirmLabel: t('kbUi.versions.restore'),
      danger: false,
    });
  return (
    <Paper p="md" withBorder data-testid="kb-versions">
      <Title order={4}>{t('kbUi.versions.title')}</Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('kbUi.versions.hint')}
      </Text>
      {versions.error ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : versions.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('kbUi.versions.empty')}
        </Text>
      ) : (
        <Stack gap="xs">
          {versions.data?.map((v) => (
            <Group key={v.version} justify="space-between" gap="xs" wrap="nowrap" data-testid="kb-version" data-version={v.version}>
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600}>
                  {t('kbUi.versions.version', { n: v.version })}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {t('kbUi.versions.savedBy', { time: fmt.dateTime(v.savedAt), name: v.savedBy?.name ?? '—' })}
                </Text>
              </div>
              <Group gap={4} wrap="nowrap">
                <Button size="compact-xs" variant="subtle" onClick={() => setViewing(v.version)} data-testid="kb-version-view">
                  {t('kbUi.versions.view')}
                </Button>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
      <Modal
        opened={viewing !== null}
        onClose={() => setViewing(null)}
        title={viewing !== null ? t('kbUi.versions.version', { n: viewing }) : ''}
        size="xl"
      >
        {version.data ? (
          <Stack>
            <Title order={3}>{version.data.title}</Title>
            <KbBadges category={version.data.category} language={version.data.language} status={version.data.status} />
            <Markdown source={version.data.body} />
            <Group justify="flex-end">
              <Button
                leftSection={<IconRestore size={16} />}
                loading={restore.isPending}
                onClick={() => viewing !== null && ask(viewing)}
                data-testid="kb-version-restore"
              >
                {t('kbUi.versions.restore')}
              </Button>
            </Group>
          </Stack>
        ) : version.error ? (
          <ErrorState error={version.error} />
        ) : (
          <PageLoader />
        )}
      </Modal>
      {confirm.dialog}
    </Paper>
  );
}

/** One article: its Markdown rendered safely, its category, tags and language; for editors, edit, bin and versions. */
export function KbArticlePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { id } = useParams();
  const query = useKbArticle(id);
  const canEdit = useKbCanEdit();
  const confirm = useConfirm();
  const remove = useDeleteKbArticle(id ?? '', {
    onSuccess: () => void navigate('/kb'),
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  const restore = useRestoreKbArticle(id ?? '', {
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  if (query.isPending) return <PageLoader />;
  if (query.error) {
    if (isApiError(query.error) && (query.error.status === 404 || query.error.status === 400)) return <NotFoundPage />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const a = query.data;
  return (
    <>
      <PageHeader
        title={a.title}
        titleTestId="kb-article-title"
        back={{ to: '/kb', label: t('kbUi.back') }}
        badges={a.deletedAt ? <Badge color="red">{t('kbUi.deleted')}</Badge> : undefined}
        actions={
          canEdit &&
          (a.deletedAt ? (
            <Button leftSection={<IconRestore size={16} />} loading={restore.isPending} onClick={() => restore.mutate()}>
              {t('kbUi.restore')}
            </Button>
          ) : (
            <>
              <Button component={Link} to={`/kb/${a.id}/edit`} leftSection={<IconEdit size={16} />} data-testid="kb-edit">
                {t('kbUi.edit')}
              </Button>
              <Button
                variant="default"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={remove.isPending}
                onClick={() => confirm.ask(t('kbUi.deleteConfirm'), () => remove.mutate(), { confirmLabel: t('kbUi.delete') })}
                data-testid="kb-delete"
              >
                {t('kbUi.delete')}
              </Button>
            </>
          ))
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: canEdit ? 8 : 12 }}>
          <Paper p="md" withBorder>
            <Group justify="space-between" mb="sm" gap="xs" wrap="wrap">
              <KbBadges category={a.category} language={a.language} status={a.status} />
              <Text size="xs" c="dimmed">
                {t('kbUi.updated', { time: fmt.dateTime(a.updatedAt) })}
                {a.author && ` · ${t('kbUi.by', { name: a.author.name })}`}
              </Text>
            </Group>
            <Markdown source={a.body} />
            {a.tags.length > 0 && (
              <Group gap={4} mt="sm" data-testid="kb-tags">
                {a.tags.map((tag) => (
                  <Badge key={tag} size="sm" variant="dot" color="gray">
                    {tag}
                  </Badge>
                ))}
              </Group>
            )}
          </Paper>
        </Grid.Col>
        {canEdit && (
          <Grid.Col span={{ base: 12, md: 4 }}>
            <KbVersions article={a} />
          </Grid.Col>
        )}
      </Grid>
      {confirm.dialog}
    </>
  );
}
