import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconTrash, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { RecordPicker } from '../../lib/RecordPicker';
import { hasRole, useSession } from '../../lib/session';
import { useConfirm } from '../../lib/useConfirm';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { errorTestProps } from '../../ui/forms';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { useLegalEntities } from '../legal-entities/legal-entities.api';
import {
  TEMPLATE_EDITORS,
  templateContentUrl,
  useDeleteTemplate,
  usePlaceholders,
  usePreviewTemplate,
  useTemplates,
  useUploadTemplate,
  type TemplateDto,
} from './templates.api';

const LANGUAGES = ['ru', 'bg', 'en'] as const;

function UploadForm() {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<string>(LANGUAGES.includes(i18n.language as never) ? i18n.language : 'ru');
  const [error, setError] = useState<string | null>(null);
  const upload = useUploadTemplate({
    onSuccess: (tpl) => {
      notifications.show({ color: 'teal', message: t('moneyUi.templates.uploaded', { name: tpl.name }) });
      setFile(null);
      setName('');
      setError(null);
    },
    onError: (err) => setError(isApiError(err) && err.fields.length ? err.fields.map((f) => f.message).join('\n') : errorText(err, t)),
  });
  return (
    <Paper p="md" withBorder>
      <Title order={5} mb="xs">
        {t('moneyUi.templates.upload')}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <FileInput
          w={280}
          label={t('moneyUi.templates.file')}
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          value={file}
          onChange={setFile}
          clearable
          data-testid="template-file"
        />
        <TextInput
          w={240}
          label={t('moneyUi.templates.name')}
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Select
          w={140}
          label={t('moneyUi.templates.language')}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`moneyUi.templates.languages.${l}`) }))}
          value={language}
          onChange={(v) => v && setLanguage(v)}
          allowDeselect={false}
        />
        <Button
          leftSection={<IconUpload size={16} />}
          disabled={!file}
          loading={upload.isPending}
          onClick={() => file && upload.mutate({ file, name, language })}
          data-testid="template-upload"
        >
          {t('moneyUi.templates.uploadButton')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" mt="sm" style={{ whiteSpace: 'pre-line' }} {...errorTestProps}>
          {error}
        </Alert>
      )}
    </Paper>
  );
}

/** A template filled from a real deal the caller may open, shown as the server makes it. */
function PreviewDialog({ tpl, onClose }: { tpl: TemplateDto; onClose: () => void }) {
  const { t } = useTranslation();
  const entities = useLegalEntities();
  const [dealId, setDealId] = useState<string | null>(null);
  const [entityId, setEntityId] = useState<string | null>(null);
  const formats = tpl.formats.filter((f) => f !== 'json');
  const [format, setFormat] = useState<string>(formats.includes('pdf') ? 'pdf' : (formats[0] ?? 'docx'));
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = entities.data?.items ?? [];
  const legalEntityId = entityId ?? (items.length === 1 ? items[0].id : null);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const preview = usePreviewTemplate({
    onSuccess: (blob) => {
      setError(null);
      const u = URL.createObjectURL(blob);
      if (format === 'pdf') setUrl(u);
      else {
        // A DOCX is not shown in the browser: it downloads.
        const a = document.createElement('a');
        a.href = u;
        a.download = `${tpl.name}.docx`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(u), 10_000);
      }
    },
    onError: (err) => setError(isApiError(err) && err.fields.length ? err.fields.map((f) => f.message).join('\n') : errorText(err, t)),
  });
  return (
    <Modal opened onClose={onClose} title={t('moneyUi.templates.previewOf', { name: tpl.name })} size={url ? '90%' : 'lg'}>
      <Stack>
        <Group align="flex-end" wrap="wrap">
          <RecordPicker
            kind="deal"
            w={300}
            label={t('moneyUi.templates.fromDeal')}
            value={dealId}
            onChange={(id) => setDealId(id)}
            data-testid="template-preview-deal"
          />
          <Select
            w={220}
            label={t('moneyUi.fields.legalEntity')}
            data={items.map((e) => ({ value: e.id, label: e.name }))}
            value={legalEntityId}
            onChange={setEntityId}
            data-testid="template-preview-entity"
          />
          {formats.length > 1 && (
            <SegmentedControl value={format} onChange={setFormat} data={formats.map((f) => ({ value: f, label: f.toUpperCase() }))} />
          )}
          <Button
            leftSection={<IconEye size={16} />}
            disabled={!dealId || !legalEntityId}
            loading={preview.isPending}
            onClick={() =>
              dealId &&
              legalEntityId &&
              preview.mutate({ template: tpl.id, entity: 'deal', entityId: dealId, legalEntityId, format: format as 'pdf' | 'docx' })
            }
            data-testid="template-preview-make"
          >
            {t('moneyUi.templates.make')}
          </Button>
        </Group>
        {error && (
          <Alert color="red" style={{ whiteSpace: 'pre-line' }}>
            {error}
          </Alert>
        )}
        {url && (
          <iframe src={url} title={tpl.name} style={{ width: '100%', height: '70vh', border: 0 }} data-testid="template-preview-frame" />
        )}
      </Stack>
    </Modal>
  );
}

function Placeholders() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const list = usePlaceholders(open);
  return (
    <Paper p="md" withBorder>
      <Group justify="space-between">
        <Title order={5}>{t('moneyUi.templates.placeholders')}</Title>
        <Button size="xs" variant="default" onClick={() => setOpen((o) => !o)}>
          {t(open ? 'moneyUi.templates.hide' : 'moneyUi.templates.show')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mt={4}>
        {t('moneyUi.templates.placeholdersHelp')}
      </Text>
      {open && list.data && (
        <Table mt="sm" verticalSpacing={2}>
          <Table.Tbody>
            {list.data.map((p) => (
              <Table.Tr key={`${p.loop ?? ''}.${p.tag}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Code>{p.type === 'loop' ? `{#${p.tag}}…{/${p.tag}}` : `{${p.tag}}`}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{p.description}</Text>
                  <Text size="xs" c="dimmed">
                    {p.example}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Settings: the built-in document templates and the company's own DOCX ones; upload, preview, delete. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const me = useSession();
  const canEdit = hasRole(me, TEMPLATE_EDITORS);
  const list = useTemplates();
  const [previewing, setPreviewing] = useState<TemplateDto | null>(null);
  const { ask, dialog } = useConfirm();
  const remove = useDeleteTemplate({
    onSuccess: () => notifications.show({ color: 'teal', message: t('moneyUi.templates.deleted') }),
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  return (
    <>
      <PageHeader
        title={t('moneyUi.templates.title')}
        subtitle={
          <>
            {t('moneyUi.templates.subtitle')}{' '}
            <Anchor component={Link} to="/admin/legal-entities" size="sm">
              {t('legalEntitiesUi.title')}
            </Anchor>
          </>
        }
        titleTestId="templates-title"
      />
      <Stack gap="md">
        {list.isPending ? (
          <PageLoader />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Paper>
            {!list.data.pdfFromDocx && (
              <Alert color="gray" variant="light" m="sm">
                {t('moneyUi.templates.noSoffice')}
              </Alert>
            )}
            <Table.ScrollContainer minWidth={760}>
              <Table data-testid="templates-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('moneyUi.templates.name')}</Table.Th>
                    <Table.Th>{t('moneyUi.templates.language')}</Table.Th>
                    <Table.Th>{t('moneyUi.templates.formats')}</Table.Th>
                    <Table.Th>{t('moneyUi.templates.source')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((tpl) => (
                    <Table.Tr key={tpl.id} data-testid="template-row" data-builtin={tpl.builtIn}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {tpl.name}
                        </Text>
                        {tpl.fileName && (
                          <Anchor href={templateContentUrl(tpl.id)} size="xs">
                            {tpl.fileName}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td>{t(`moneyUi.templates.languages.${tpl.language}`)}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {tpl.formats
                            .filter((f) => f !== 'json')
                            .map((f) => (
                              <Badge key={f} size="sm" variant="outline">
                                {f.toUpperCase()}
                              </Badge>
                            ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={tpl.builtIn ? 'blue' : 'teal'}>
                          {t(tpl.builtIn ? 'moneyUi.templates.builtIn' : 'moneyUi.templates.uploadedBadge')}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            leftSection={<IconEye size={14} />}
                            onClick={() => setPreviewing(tpl)}
                            data-testid="template-preview"
                          >
                            {t('moneyUi.templates.preview')}
                          </Button>
                          {canEdit && !tpl.builtIn && (
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              color="red"
                              leftSection={<IconTrash size={14} />}
                              onClick={() => ask(t('moneyUi.templates.deleteConfirm', { name: tpl.name }), () => remove.mutate(tpl.id))}
                            >
                              {t('salesUi.common.delete')}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {canEdit && <UploadForm />}
        <Placeholders />
      </Stack>
      {previewing && <PreviewDialog tpl={previewing} onClose={() => setPreviewing(null)} />}
      {dialog}
    </>
  );
}
