import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  Autocomplete,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  TagsInput,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../lib/i18n';
import { isApiError } from '../../api';
import { errorText } from '../../ui/errors';
import { ErrorState } from '../../ui/ErrorState';
import { FormAlerts } from '../../ui/FormAlerts';
import { blankToNull, fieldProps, showSaveError } from '../../ui/forms';
import { PageLoader } from '../../ui/Loaders';
import { Markdown } from '../../ui/Markdown';
import { NotFoundPage } from '../../ui/NotFoundPage';
import { PageHeader } from '../../ui/PageHeader';
import {
  KB_LANGUAGES,
  KB_STATUSES,
  useKbArticle,
  useKbCategories,
  useSaveKbArticle,
  type KbArticle,
  type KbLanguage,
  type KbStatus,
} from './kb.api';

type Values = { title: string; body: string; category: string; tags: string[]; language: KbLanguage; status: KbStatus };

const toValues = (a: KbArticle | undefined): Values => ({
  title: a?.title ?? '',
  body: a?.body ?? '',
  category: a?.category ?? '',
  tags: a?.tags ?? [],
  language: a?.language ?? ((KB_LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as KbLanguage) : 'ru'),
  status: a?.status ?? 'draft',
});

function Editor({ article }: { article?: KbArticle }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const categories = useKbCategories();
  const [alert, setAlert] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: toValues(article),
    validate: { title: (v) => (v.trim() ? null : t('kbUi.editor.required')) },
  });
  useEffect(() => setConflict(false), [article?.version]);
  const save = useSaveKbArticle(article?.id ?? null, {
    onSuccess: (a) => {
      notifications.show({ color: 'teal', message: t('kbUi.editor.saved') });
      void navigate(`/kb/${a.id}`);
    },
    onError: (err) => {
      if (isApiError(err) && err.isVersionConflict) setConflict(true);
      else
        setAlert(
          showSaveError(
            form,
            err,
            (e) => errorText(e, t),
            (p) => (p.startsWith('tags.') ? 'tags' : p),
          ),
        );
    },
  });
  const v = form.getValues();
  return (
    <form
      onSubmit={form.onSubmit((x) => {
        setAlert(null);
        const body = {
          title: x.title.trim(),
          body: x.body,
          category: blankToNull(x.category),
          tags: x.tags.map((tag) => tag.trim()).filter(Boolean),
          language: x.language,
          status: x.status,
        };
        save.mutate(article ? { ...body, version: article.version } : body);
      })}
    >
      <Stack>
        <FormAlerts error={alert} conflict={conflict} onReload={() => article && navigate(`/kb/${article.id}`)} />
        <TextInput label={t('kbUi.editor.title')} required maxLength={300} {...fieldProps(form, 'title')} data-testid="kb-editor-title" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Autocomplete
            label={t('kbUi.editor.category')}
            data={(categories.data ?? []).map((c) => c.name)}
            maxLength={100}
            {...fieldProps(form, 'category')}
            data-testid="kb-editor-category"
          />
          <TagsInput
            label={t('kbUi.editor.tags')}
            description={t('kbUi.editor.tagsHint')}
            maxTags={20}
            splitChars={[',']}
            {...fieldProps(form, 'tags')}
            data-testid="kb-editor-tags"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('kbUi.editor.language')}
            data={KB_LANGUAGES.map((l) => ({ value: l, label: t(`kbUi.language.${l}`) }))}
            allowDeselect={false}
            {...fieldProps(form, 'language')}
            data-testid="kb-editor-language"
          />
          <Stack gap={4}>
            <label style={{ fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500 }}>{t('kbUi.editor.status')}</label>
            <SegmentedControl
              data={KB_STATUSES.map((s) => ({ value: s, label: t(`kbUi.status.${s}`) }))}
              value={v.status}
              onChange={(s) => form.setFieldValue('status', s as KbStatus)}
              aria-label={t('kbUi.editor.status')}
              data-testid="kb-editor-status"
            />
          </Stack>
        </SimpleGrid>
        <Tabs defaultValue="write" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="write">{t('kbUi.editor.write')}</Tabs.Tab>
            <Tabs.Tab value="preview" data-testid="kb-editor-preview">
              {t('kbUi.editor.preview')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write" pt="xs">
            <Textarea
              aria-label={t('kbUi.editor.body')}
              description={t('kbUi.editor.bodyHint')}
              autosize
              minRows={12}
              maxRows={40}
              maxLength={100_000}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              {...fieldProps(form, 'body')}
              data-testid="kb-editor-body"
            />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            <Paper p="md" withBorder mih={200}>
              <Markdown source={v.body} />
            </Paper>
          </Tabs.Panel>
        </Tabs>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => navigate(article ? `/kb/${article.id}` : '/kb')}>
            {t('kbUi.editor.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="kb-editor-save">
            {t('kbUi.editor.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /kb/new and /kb/:id/edit: title, Markdown text with a preview, category, tags, language, draft or published. */
export function KbEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const query = useKbArticle(id);
  if (id && query.isPending) return <PageLoader />;
  if (id && query.error) {
    if (isApiError(query.error) && (query.error.status === 404 || query.error.status === 400)) return <NotFoundPage />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  return (
    <>
      <PageHeader
        title={id ? t('kbUi.editor.editTitle') : t('kbUi.editor.newTitle')}
        back={id && query.data ? { to: `/kb/${id}`, label: query.data.title } : { to: '/kb', label: t('kbUi.back') }}
      />
      <Paper p="md" withBorder>
        <Editor key={query.data?.version ?? 'new'} article={query.data} />
      </Paper>
    </>
  );
}
