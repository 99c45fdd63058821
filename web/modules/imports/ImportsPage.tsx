import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Import, ImportIssue, ImportPreview } from '../../../contracts/imports';
import { useFormat } from '../../lib/format';
import { usePipelines, type Pipeline } from '../pipelines/pipelines.api';
import { useConfirm } from '../../lib/useConfirm';
import { PageHeader } from '../../ui/PageHeader';
import { errorText } from '../../ui/errors';
import {
  rejectedUrl,
  useCancelImport,
  useImport,
  usePreview,
  useRecentImports,
  useStartImport,
  useUndoImport,
  type ImportSettings,
  type StartImport,
} from './imports.api';

const PRESETS = ['none', 'amocrm', 'bitrix24', 'hubspot', 'pipedrive'] as const;
// The encodings the server reads (contracts/imports.ts importEncodings; the web takes only types from contracts).
const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'cp1251', 'cp866'];
const DELIMITERS = [
  { value: ',', key: 'comma' },
  { value: ';', key: 'semicolon' },
  { value: '\t', key: 'tab' },
] as const;

/**
 * Import of contacts, companies, deals or activities from a file: upload, preview, mapping (and for
 * deals the pipeline and its stages for the file's stages), dry run, run, progress, result, undo.
 */
export function ImportsPage() {
  const { t } = useTranslation();
  const [run, setRun] = useState<{ id: string; request: StartImport | null } | null>(null);
  return (
    <>
      <PageHeader title={t('importsUi.title')} subtitle={t('importsUi.subtitle')} titleTestId="imports-title" />
      {run ? (
        <ImportRun key={run.id} id={run.id} request={run.request} onAgain={(next) => setRun(next)} onDone={() => setRun(null)} />
      ) : (
        <ImportSetup onStarted={(id, request) => setRun({ id, request })} />
      )}
      <RecentImports onOpen={(id, request) => setRun({ id, request })} />
    </>
  );
}

function ImportSetup({ onStarted }: { onStarted: (id: string, request: StartImport) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [settings, setSettings] = useState<ImportSettings>({ entity: 'contacts', preset: null });
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [duplicates, setDuplicates] = useState<StartImport['duplicates']>('skip');
  const [unmappedToNotes, setUnmappedToNotes] = useState(false);
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [stageMapping, setStageMapping] = useState<Record<string, string>>({});
  const preview = usePreview();
  const start = useStartImport();
  const p = preview.data;

  const read = (f: File | null, s: ImportSettings) => {
    if (!f) return preview.reset();
    preview.mutate(
      { file: f, settings: s },
      {
        onSuccess: (res) => setMapping(res.mapping),
        onError: (e) => notifications.show({ color: 'red', message: errorText(e, t) }),
      },
    );
  };
  const change = (next: Partial<ImportSettings>) => {
    const s = { ...settings, ...next };
    setSettings(s);
    read(file, s);
  };
  const go = async (dryRun: boolean) => {
    if (!file) return;
    const request: StartImport = { file, settings, mapping, duplicates, dryRun, unmappedToNotes, pipelineId, stageMapping };
    try {
      const r = await start.mutateAsync(request);
      onStarted(r.id, request);
    } catch (e) {
      notifications.show({ color: 'red', message: errorText(e, t) });
    }
  };

  return (
    <Stack>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('importsUi.entity')}
            data={(['contacts', 'companies', 'deals', 'activities'] as const).map((e) => ({
              value: e,
              label: t(`importsUi.entities.${e}`),
            }))}
            value={settings.entity}
            allowDeselect={false}
            onChange={(v) => change({ entity: (v as ImportSettings['entity']) ?? 'contacts' })}
            data-testid="import-entity"
          />
          <Select
            label={t('importsUi.preset')}
            data={PRESETS.map((p) => ({ value: p, label: t(`importsUi.presets.${p}`) }))}
            value={settings.preset ?? 'none'}
            allowDeselect={false}
            onChange={(v) => change({ preset: !v || v === 'none' ? null : v })}
            data-testid="import-preset"
          />
          <FileInput
            label={t('importsUi.file')}
            placeholder={t('importsUi.filePlaceholder')}
            accept=".csv,.txt,.xlsx,.vcf,text/csv,text/vcard,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={(f) => {
              setFile(f);
              const s = { ...settings, encoding: null, delimiter: null, sheet: null };
              setSettings(s);
              read(f, s);
            }}
            clearable
            data-testid="import-file"
          />
        </SimpleGrid>
      </Card>
      {p && file && (
        <>
          <ReadAs preview={p} settings={settings} onChange={change} />
          <PreviewTable preview={p} />
          <MappingTable preview={p} mapping={mapping} onChange={setMapping} />
          {settings.entity === 'deals' && (
            <StageMapping
              preview={p}
              mapping={mapping}
              pipelineId={pipelineId}
              onPipeline={setPipelineId}
              stageMapping={stageMapping}
              onChange={setStageMapping}
            />
          )}
          <Card withBorder>
            <Group align="flex-end">
              <Select
                label={t('importsUi.duplicates')}
                data={(['skip', 'update', 'create'] as const).map((d) => ({ value: d, label: t(`importsUi.duplicateModes.${d}`) }))}
                value={duplicates}
                allowDeselect={false}
                onChange={(v) => setDuplicates((v as StartImport['duplicates']) ?? 'skip')}
                data-testid="import-duplicates"
              />
              <Checkbox
                label={t('importsUi.unmappedToNotes')}
                checked={unmappedToNotes}
                onChange={(e) => setUnmappedToNotes(e.currentTarget.checked)}
                mb={8}
              />
            </Group>
            <Group mt="md">
              <Button variant="light" onClick={() => void go(true)} loading={start.isPending} data-testid="import-dry-run">
                {t('importsUi.dryRun')}
              </Button>
              <Button
                leftSection={<IconFileImport size={16} />}
                onClick={() => void go(false)}
                loading={start.isPending}
                data-testid="import-run"
              >
                {t('importsUi.run')}
              </Button>
              <Text size="sm" c="dimmed">
                {t('importsUi.dryRunHint')}
              </Text>
            </Group>
          </Card>
        </>
      )}
    </Stack>
  );
}

function ReadAs({
  preview: p,
  settings,
  onChange,
}: {
  preview: ImportPreview;
  settings: ImportSettings;
  onChange: (s: Partial<ImportSettings>) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="import-read-as">
      <Group align="flex-end">
        <Text size="sm" fw={500} mb={8}>
          {t('importsUi.read')}: <Badge variant="light">{p.format.toUpperCase()}</Badge>{' '}
          <span data-testid="import-total">{t('importsUi.rowsInFile', { count: p.total })}</span>
        </Text>
        {p.format === 'csv' && (
          <>
            <Select
              label={t('importsUi.encoding')}
              data={ENCODINGS}
              value={settings.encoding ?? p.encoding}
              allowDeselect={false}
              onChange={(v) => onChange({ encoding: v })}
              data-testid="import-encoding"
              w={140}
            />
            <Select
              label={t('importsUi.delimiter')}
              data={DELIMITERS.map((d) => ({ value: d.value, label: t(`importsUi.delimiters.${d.key}`) }))}
              value={settings.delimiter ?? p.delimiter}
              allowDeselect={false}
              onChange={(v) => onChange({ delimiter: v })}
              data-testid="import-delimiter"
              w={180}
            />
          </>
        )}
        {p.format === 'xlsx' && p.sheets.length > 1 && (
          <Select
            label={t('importsUi.sheet')}
            data={p.sheets}
            value={settings.sheet ?? p.sheet}
            allowDeselect={false}
            onChange={(v) => onChange({ sheet: v })}
            w={200}
          />
        )}
      </Group>
    </Card>
  );
}

function PreviewTable({ preview: p }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding={0}>
      <Title order={5} p="sm">
        {t('importsUi.preview')}
      </Title>
      <Table.ScrollContainer minWidth={600}>
        <Table striped withColumnBorders data-testid="import-preview">
          <Table.Thead>
            <Table.Tr>
              {p.columns.map((c, i) => (
                <Table.Th key={i}>{c}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.rows.map((r, i) => (
              <Table.Tr key={i}>
                {r.map((v, j) => (
                  <Table.Td key={j} style={{ whiteSpace: 'pre-line' }}>
                    {v}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function MappingTable({
  preview: p,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  mapping: Record<string, string>;
  onChange: (m: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  const options = [{ value: '', label: t('importsUi.skip') }, ...p.fields.map((f) => ({ value: f.field, label: f.label }))];
  return (
    <Card withBorder padding={0}>
      <Group p="sm" justify="space-between">
        <Title order={5}>{t('importsUi.mapping')}</Title>
        {p.savedMapping && (
          <Badge variant="light" color="teal" data-testid="import-saved-mapping">
            {t('importsUi.savedMapping')}
          </Badge>
        )}
      </Group>
      <Table data-testid="import-mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('importsUi.column')}</Table.Th>
            <Table.Th>{t('importsUi.field')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...new Set(p.columns)].map((c) => (
            <Table.Tr key={c}>
              <Table.Td>{c}</Table.Td>
              <Table.Td>
                <Select
                  data={options}
                  value={mapping[c] ?? ''}
                  allowDeselect={false}
                  searchable
                  onChange={(v) => onChange({ ...mapping, [c]: v ?? '' })}
                  aria-label={c}
                  data-testid={`import-map-${c}`}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/**
 * The deals' stages: the pipeline rows go to, and for each stage the file writes (the values of the
 * column mapped to the stage) a stage of that pipeline. Unchosen ones are matched by name on the server.
 */
function StageMapping({
  preview: p,
  mapping,
  pipelineId,
  onPipeline,
  stageMapping,
  onChange,
}: {
  preview: ImportPreview;
  mapping: Record<string, string>;
  pipelineId: string | null;
  onPipeline: (id: string) => void;
  stageMapping: Record<string, string>;
  onChange: (m: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  const pipelines = usePipelines().data ?? [];
  const chosen: Pipeline | undefined = pipelines.find((x) => x.id === pipelineId) ?? pipelines.find((x) => x.isDefault) ?? pipelines[0];
  const column = Object.keys(mapping).find((c) => mapping[c] === 'stage');
  const values = column ? (p.values[column] ?? []) : [];
  const byName = (v: string) => chosen?.stages.find((s) => s.name.toLowerCase() === v.trim().toLowerCase())?.id ?? '';
  const options = [
    { value: '', label: t('importsUi.stageByName') },
    ...(chosen?.stages ?? []).map((s) => ({ value: s.id, label: s.name })),
  ];
  return (
    <Card withBorder padding={0} data-testid="import-stage-mapping">
      <Group p="sm" justify="space-between" align="flex-end">
        <Title order={5}>{t('importsUi.stages')}</Title>
        <Select
          label={t('importsUi.pipeline')}
          data={pipelines.map((x) => ({ value: x.id, label: x.name }))}
          value={chosen?.id ?? null}
          allowDeselect={false}
          onChange={(v) => {
            if (!v) return;
            onPipeline(v);
            onChange({});
          }}
          data-testid="import-pipeline"
          w={260}
        />
      </Group>
      {!column ? (
        <Text size="sm" c="dimmed" p="sm">
          {t('importsUi.noStageColumn')}
        </Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('importsUi.stageInFile')}</Table.Th>
              <Table.Th>{t('importsUi.stageHere')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {values.map((v) => (
              <Table.Tr key={v}>
                <Table.Td>{v}</Table.Td>
                <Table.Td>
                  <Select
                    data={options}
                    value={stageMapping[v] ?? byName(v)}
                    allowDeselect={false}
                    onChange={(id) => onChange({ ...stageMapping, [v]: id ?? '' })}
                    aria-label={v}
                    data-testid={`import-stage-${v}`}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** Rows per second since the import started, and the time left at that pace. */
function usePace(i: Import | undefined) {
  const first = useRef<{ at: number; processed: number } | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!i || i.status !== 'running') return null;
  first.current ??= { at: Date.now(), processed: i.processed };
  const started = i.startedAt ? Date.parse(i.startedAt) : first.current.at;
  const seconds = Math.max(1, (now - started) / 1000);
  const rate = i.processed / seconds;
  const left = rate > 0 ? (i.total - i.processed) / rate : null;
  return { rate: Math.round(rate), left };
}

function duration(seconds: number, lang: string) {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  const nf = new Intl.NumberFormat(lang);
  return m ? `${nf.format(m)}:${String(s).padStart(2, '0')}` : `${nf.format(s)} s`;
}

function ImportRun({
  id,
  request,
  onAgain,
  onDone,
}: {
  id: string;
  request: StartImport | null;
  onAgain: (next: { id: string; request: StartImport }) => void;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const q = useImport(id);
  const cancel = useCancelImport();
  const undo = useUndoImport();
  const start = useStartImport();
  const { ask, dialog } = useConfirm();
  const pace = usePace(q.data);
  const i = q.data;
  if (!i) return null;
  const live = i.status === 'queued' || i.status === 'running';
  const percent = i.total ? Math.round((i.processed / i.total) * 100) : live ? 0 : 100;
  const fail = (e: unknown) => notifications.show({ color: 'red', message: errorText(e, t) });
  const realRun = async () => {
    if (!request) return;
    const next = { ...request, dryRun: false };
    try {
      const r = await start.mutateAsync(next);
      onAgain({ id: r.id, request: next });
    } catch (e) {
      fail(e);
    }
  };
  return (
    <Stack data-testid="import-run-view">
      {dialog}
      <Card withBorder>
        <Group justify="space-between">
          <Group>
            <Text fw={500}>{i.fileName}</Text>
            <Badge
              data-testid="import-status"
              data-status={i.status}
              color={i.status === 'done' ? 'teal' : i.status === 'failed' ? 'red' : 'blue'}
            >
              {t(`importsUi.statuses.${i.status}`)}
            </Badge>
            {i.dryRun && <Badge variant="outline">{t('importsUi.dryRun')}</Badge>}
          </Group>
          {live && (
            <Button
              variant="default"
              size="xs"
              onClick={() =>
                cancel.mutate(id, { onSuccess: () => notifications.show({ message: t('importsUi.cancelled') }), onError: fail })
              }
              data-testid="import-cancel"
            >
              {t('importsUi.cancel')}
            </Button>
          )}
        </Group>
        <Progress value={percent} mt="md" size="lg" animated={live} data-testid="import-progress" />
        <Group mt="xs" gap="lg">
          <Text size="sm" data-testid="import-processed">
            {t('importsUi.progress', { processed: fmt.number(i.processed), total: fmt.number(i.total) })}
          </Text>
          {pace && <Text size="sm">{t('importsUi.speed', { rate: fmt.number(pace.rate) })}</Text>}
          {pace?.left !== null && pace && <Text size="sm">{t('importsUi.timeLeft', { time: duration(pace.left!, i18n.language) })}</Text>}
        </Group>
        {i.failure && (
          <Alert color="red" mt="md">
            {i.failure}
          </Alert>
        )}
      </Card>
      {!live && (
        <>
          {i.dryRun && (
            <Alert color="blue" data-testid="import-dry-run-report">
              {t('importsUi.dryRunReport')}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 2, sm: 6 }} data-testid="import-counts">
            {(['created', 'updated', 'skipped', 'rejected', 'warnings', 'linkedCreated'] as const).map((k) => (
              <Card withBorder key={k} padding="sm">
                <Text size="xs" c="dimmed">
                  {t(`importsUi.counts.${k}`)}
                  {i.dryRun && k !== 'warnings' ? ` (${t('importsUi.wouldBe')})` : ''}
                </Text>
                <Text fw={700} size="xl" data-testid={`import-count-${k}`}>
                  {fmt.number(k === 'warnings' ? i.warningCount : i[k])}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <IssueTable title={t('importsUi.errors')} issues={i.errors} total={i.rejected} testId="import-errors" />
          {i.rejected > 0 && (
            <Group>
              <Anchor href={rejectedUrl(id, 'csv')} data-testid="import-download-csv">
                <Group gap={4}>
                  <IconDownload size={16} />
                  {t('importsUi.downloadCsv')}
                </Group>
              </Anchor>
              <Anchor href={rejectedUrl(id, 'xlsx')} data-testid="import-download-xlsx">
                <Group gap={4}>
                  <IconDownload size={16} />
                  {t('importsUi.downloadXlsx')}
                </Group>
              </Anchor>
            </Group>
          )}
          <IssueTable title={t('importsUi.warnings')} issues={i.warnings} total={i.warningCount} testId="import-warnings" />
          <Group>
            {i.dryRun && request && (
              <Button onClick={() => void realRun()} loading={start.isPending} data-testid="import-for-real">
                {t('importsUi.runForReal')}
              </Button>
            )}
            {!i.dryRun && !i.undo && i.created + i.updated + i.linkedCreated > 0 && (
              <Button
                color="red"
                variant="light"
                onClick={() =>
                  ask(t('importsUi.undoConfirm'), () => undo.mutate(id, { onError: fail }), { confirmLabel: t('importsUi.undo') })
                }
                data-testid="import-undo"
              >
                {t('importsUi.undo')}
              </Button>
            )}
            {i.undo && (
              <Text size="sm" data-testid="import-undo-status">
                {t(`importsUi.undoStatus.${i.undo.status}`)}
                {i.undo.status === 'done' ? `: ${t('importsUi.undoResult', { reverted: i.undo.reverted, kept: i.undo.kept })}` : ''}
              </Text>
            )}
            <Button variant="default" onClick={onDone} data-testid="import-another">
              {t('importsUi.another')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function IssueTable({ title, issues, total, testId }: { title: string; issues: ImportIssue[]; total: number; testId: string }) {
  const { t } = useTranslation();
  if (!issues.length) return null;
  return (
    <Card withBorder padding={0}>
      <Title order={5} p="sm">
        {title}
      </Title>
      <Table data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>{t('importsUi.row')}</Table.Th>
            <Table.Th w={200}>{t('importsUi.column')}</Table.Th>
            <Table.Th>{t('importsUi.problem')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((e, n) => (
            <Table.Tr key={n}>
              <Table.Td>{e.row}</Table.Td>
              <Table.Td>{e.column ?? '—'}</Table.Td>
              <Table.Td>{e.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {total > issues.length && (
        <Text size="xs" c="dimmed" p="sm">
          {t('importsUi.firstPage', { count: issues.length })}
        </Text>
      )}
    </Card>
  );
}

function RecentImports({ onOpen }: { onOpen: (id: string, request: StartImport | null) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useRecentImports();
  const items = list.data?.items ?? [];
  return (
    <Card withBorder padding={0} mt="lg">
      <Title order={5} p="sm">
        {t('importsUi.recent')}
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed" p="sm" size="sm">
          {t('importsUi.none')}
        </Text>
      ) : (
        <Table data-testid="import-recent">
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id} style={{ cursor: 'pointer' }} onClick={() => onOpen(i.id, null)}>
                <Table.Td>{i.fileName}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`importsUi.statuses.${i.status}`)}</Badge>{' '}
                  {i.dryRun && <Badge variant="outline">{t('importsUi.dryRun')}</Badge>}
                </Table.Td>
                <Table.Td>
                  {fmt.number(i.created)} / {fmt.number(i.rejected)}
                </Table.Td>
                <Table.Td>{fmt.dateTime(i.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
