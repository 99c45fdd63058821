import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Group, Loader, Paper, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useUrlParams } from '../../lib/urlParams';
import { CursorPager, useCursorPages } from '../../lib/CursorPager';
import { useFormat } from '../../lib/format';
import { ErrorState } from '../../ui/ErrorState';
import { PageLoader } from '../../ui/Loaders';
import { hasRole, useSession } from '../../lib/session';
import { PageHeader } from '../../ui/PageHeader';
import { KB_LANGUAGES, KB_STATUSES, useKbArticles, useKbCanEdit, useKbCategories, useKbSearch } from './kb.api';
import { KbBadges } from './KbStatusBadges';
import { KbWritersModal } from './KbWritersModal';
import { Marked } from './Marked';

/** The knowledge base: search as you type (marked fragments), else the articles by their latest change; category and language filters. */
export function KbListPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canEdit = useKbCanEdit();
  const me = useSession();
  const [writersOpen, setWritersOpen] = useState(false);
  const categories = useKbCategories();
  const { params, patch: set } = useUrlParams();
  const [typed, setTyped] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(typed.trim(), 200);
  const category = params.get('category');
  const language = params.get('language');
  const status = params.get('status');
  const deleted = params.get('deleted') === 'true';
  const filters = useMemo(() => ({ category: category ?? undefined, language: language ?? undefined }), [category, language]);
  const searching = q.length > 0;
  const search = useKbSearch({ q, ...filters, limit: 30 });
  const listQuery = useMemo(
    () => ({ ...filters, status: status ?? undefined, deleted: deleted ? 'true' : undefined }),
    [filters, status, deleted],
  );
  const pages = useCursorPages([listQuery]);
  const list = useKbArticles({ ...listQuery, cursor: pages.cursor, limit: 50 }, !searching);

  return (
    <>
      <PageHeader
        title={t('kbUi.title')}
        subtitle={t('kbUi.subtitle')}
        titleTestId="kb-title"
        actions={
          <>
            {hasRole(me, ['admin']) && (
              <Button
                variant="default"
                leftSection={<IconUsers size={16} />}
                onClick={() => setWritersOpen(true)}
                data-testid="kb-writers-open"
              >
                {t('kbUi.writers')}
              </Button>
            )}
            {canEdit && (
              <Button component={Link} to="/kb/new" leftSection={<IconPlus size={16} />} data-testid="kb-new">
                {t('kbUi.new')}
              </Button>
            )}
          </>
        }
      />
      <Paper p="sm" mb="sm">
        <Stack gap="xs">
          <TextInput
            value={typed}
            onChange={(e) => {
              setTyped(e.currentTarget.value);
              set({ q: e.currentTarget.value.trim() || null });
            }}
            leftSection={<IconSearch size={16} />}
            rightSection={search.isFetching && searching ? <Loader size={14} /> : undefined}
            placeholder={t('kbUi.search')}
            description={t('kbUi.searchHint')}
            maxLength={200}
            aria-label={t('kbUi.search')}
            data-testid="kb-search"
          />
          <Group gap="sm" wrap="wrap">
            <Select
              w={{ base: '100%', xs: 220 }}
              placeholder={t('kbUi.allCategories')}
              data={(categories.data ?? []).map((c) => ({ value: c.name, label: `${c.name} (${c.count})` }))}
              value={category}
              onChange={(v) => set({ category: v })}
              clearable
              searchable
              aria-label={t('kbUi.editor.category')}
              data-testid="kb-filter-category"
            />
            <Select
              w={{ base: '100%', xs: 170 }}
              placeholder={t('kbUi.anyLanguage')}
              data={KB_LANGUAGES.map((l) => ({ value: l, label: t(`kbUi.language.${l}`) }))}
              value={language}
              onChange={(v) => set({ language: v })}
              clearable
              aria-label={t('kbUi.editor.language')}
            />
            {canEdit && !searching && (
              <>
                <Select
                  w={{ base: '100%', xs: 170 }}
                  placeholder={t('kbUi.anyStatus')}
                  data={KB_STATUSES.map((s) => ({ value: s, label: t(`kbUi.status.${s}`) }))}
                  value={status}
                  onChange={(v) => set({ status: v })}
                  clearable
                  aria-label={t('kbUi.editor.status')}
                />
                <Switch
                  label={t('kbUi.bin')}
                  checked={deleted}
                  onChange={(e) => set({ deleted: e.currentTarget.checked ? 'true' : null })}
                />
              </>
            )}
          </Group>
        </Stack>
      </Paper>
      {searching ? (
        search.error ? (
          <ErrorState error={search.error} onRetry={() => void search.refetch()} />
        ) : !search.data ? (
          <PageLoader />
        ) : search.data.length === 0 ? (
          <Text c="dimmed" ta="center" py="xl" data-testid="kb-no-results">
            {t('kbUi.noResults', { q })}
          </Text>
        ) : (
          <Stack gap="xs" data-testid="kb-results">
            {search.data.map((hit) => (
              <Paper key={hit.id} p="sm" withBorder data-testid="kb-hit">
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Anchor component={Link} to={`/kb/${hit.id}`} fw={600} data-testid="kb-hit-title">
                    <Marked fragment={hit.title} />
                  </Anchor>
                  <KbBadges category={hit.category} language={hit.language} status={hit.status} />
                </Group>
                {hit.fragment.text && (
                  <Text size="sm" c="dimmed" mt={4} style={{ overflowWrap: 'anywhere' }} data-testid="kb-hit-fragment">
                    <Marked fragment={hit.fragment} />
                  </Text>
                )}
              </Paper>
            ))}
          </Stack>
        )
      ) : list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Stack gap="xs" data-testid="kb-list">
            {list.data.items.length === 0 && (
              <Text c="dimmed" ta="center" py="xl">
                {t('kbUi.empty')}
              </Text>
            )}
            {list.data.items.map((a) => (
              <Paper key={a.id} p="sm" withBorder data-testid="kb-article-row">
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Anchor component={Link} to={`/kb/${a.id}`} fw={600}>
                    {a.title}
                  </Anchor>
                  <KbBadges category={a.category} language={a.language} status={a.status} />
                </Group>
                <Text size="xs" c="dimmed" mt={4}>
                  {t('kbUi.updated', { time: fmt.dateTime(a.updatedAt) })}
                  {a.updatedBy && ` · ${a.updatedBy.name}`}
                </Text>
              </Paper>
            ))}
          </Stack>
          <CursorPager pages={pages} nextCursor={list.data.nextCursor} loading={list.isFetching} />
        </>
      )}
      {writersOpen && <KbWritersModal onClose={() => setWritersOpen(false)} />}
    </>
  );
}
