import { useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, MultiSelect, Progress, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileExport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { csvDelimiters, csvEncodings, exportColumns, type ExportEntity, type ExportFormat } from '../../contracts/export-columns';
import type { ExportJob } from '../../contracts/exports';
import type { Query } from '../api';
import { requestExport, useExportJob } from '../lib/exports.api';
import { errorText } from './errors';

type Props = {
  entity: ExportEntity;
  /** The list's current filters and sort, as its own GET takes them (paging left out). */
  query: Query;
  /** vCard is offered on contacts only. */
  formats?: ExportFormat[];
};

/** Hands a downloaded Blob to the browser as a file. */
function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Export" on a list: the current filter, the format, the columns. A small list downloads at once;
 * a large one comes back as a job whose progress is shown until its file can be downloaded.
 */
export function ExportButton({ entity, query, formats = ['csv', 'xlsx'] }: Props) {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [encoding, setEncoding] = useState<(typeof csvEncodings)[number]>('utf-8');
  const [delimiter, setDelimiter] = useState<(typeof csvDelimiters)[number]>(i18n.language === 'en' ? 'comma' : 'semicolon');
  const all = exportColumns[entity] as readonly string[];
  const [columns, setColumns] = useState<string[]>([...all]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<ExportJob | null>(null);
  const followed = useExportJob(started);
  const job = started ? (followed.data ?? started) : null;

  const close = () => {
    setOpened(false);
    setStarted(null);
    setError(null);
  };

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const table = format !== 'vcf';
      const answer = await requestExport(entity, {
        ...query,
        format,
        columns: table && columns.length !== all.length ? columns.join(',') : undefined,
        encoding: format === 'csv' ? encoding : undefined,
        delimiter: format === 'csv' ? delimiter : undefined,
      });
      if (answer.kind === 'accepted') setStarted(answer.body);
      else {
        saveBlob(answer.blob, answer.fileName);
        close();
      }
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const label = (key: string) => t(`exports.columns.${entity}.${key}`);
  return (
    <>
      <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={() => setOpened(true)} data-testid="export-open">
        {t('exports.ui.button')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('exports.ui.title')} size="lg">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('exports.ui.hint')}
          </Text>
          {job ? (
            <Stack gap="xs" data-testid="export-job">
              {job.status === 'failed' ? (
                <Alert color="red">{t('exports.ui.failed', { error: job.error ?? '' })}</Alert>
              ) : job.status === 'done' && job.downloadUrl ? (
                <>
                  <Text size="sm">{t('exports.ui.ready', { fileName: job.fileName })}</Text>
                  <Group>
                    <Button component="a" href={job.downloadUrl} leftSection={<IconDownload size={16} />} data-testid="export-download">
                      {t('exports.ui.download')}
                    </Button>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('exports.ui.keptUntil', { date: new Date(job.expiresAt).toLocaleString(i18n.language) })}
                  </Text>
                </>
              ) : (
                <>
                  <Text size="sm">{t('exports.ui.background')}</Text>
                  <Progress value={job.total ? (100 * job.processed) / job.total : 0} animated />
                  <Text size="xs" c="dimmed">
                    {t('exports.ui.progress', { processed: job.processed, total: job.total })}
                  </Text>
                </>
              )}
            </Stack>
          ) : (
            <>
              <SegmentedControl
                value={format}
                onChange={(v) => setFormat(v as ExportFormat)}
                data={formats.map((f) => ({ value: f, label: t(`exports.ui.formats.${f}`) }))}
                data-testid="export-format"
              />
              {format === 'csv' && (
                <Group grow>
                  <Select
                    label={t('exports.ui.encoding')}
                    value={encoding}
                    onChange={(v) => v && setEncoding(v as typeof encoding)}
                    data={csvEncodings.map((e) => ({ value: e, label: t(`exports.ui.encodings.${e}`) }))}
                    allowDeselect={false}
                  />
                  <Select
                    label={t('exports.ui.delimiter')}
                    value={delimiter}
                    onChange={(v) => v && setDelimiter(v as typeof delimiter)}
                    data={csvDelimiters.map((d) => ({ value: d, label: t(`exports.ui.delimiters.${d}`) }))}
                    allowDeselect={false}
                  />
                </Group>
              )}
              {format !== 'vcf' && (
                <Stack gap={4}>
                  <MultiSelect
                    label={t('exports.ui.columns')}
                    value={columns}
                    onChange={setColumns}
                    data={all.map((c) => ({ value: c, label: label(c) }))}
                    searchable
                    data-testid="export-columns"
                  />
                  {columns.length !== all.length && (
                    <Anchor size="xs" component="button" type="button" onClick={() => setColumns([...all])} w="fit-content">
                      {t('exports.ui.allColumns')}
                    </Anchor>
                  )}
                </Stack>
              )}
              {error && <Alert color="red">{error}</Alert>}
              <Group justify="flex-end">
                <Button
                  onClick={() => void start()}
                  loading={busy}
                  disabled={format !== 'vcf' && columns.length === 0}
                  leftSection={<IconDownload size={16} />}
                  data-testid="export-start"
                >
                  {t('exports.ui.download')}
                </Button>
              </Group>
            </>
          )}
          {job && followed.error && <Alert color="red">{errorText(followed.error, t)}</Alert>}
        </Stack>
      </Modal>
    </>
  );
}
