import { useState } from 'react';
import { Link } from 'react-router';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Center,
  FileButton,
  Group,
  Loader,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconDownload,
  IconFile,
  IconFileTypePdf,
  IconLink,
  IconLinkOff,
  IconPhoto,
  IconRestore,
  IconTrash,
  IconUpload,
  IconVersions,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  documentContentUrl,
  useDeleteDocument,
  useDocuments,
  useLinkDocument,
  useRestoreDocument,
  useUnlinkDocument,
  useUploadDocument,
  useUploadVersion,
  type DocumentItem,
  type DocumentTarget,
} from '../lib/documents.api';
import { useFormat } from '../lib/format';
import { RecordPicker } from '../lib/RecordPicker';
import { pathOf, recordKinds, type RecordKind } from '../lib/records';
import { useConfirm } from '../lib/useConfirm';
import { errorText } from './errors';
import { ErrorState } from './ErrorState';
import { HiddenRecord } from './HiddenRecord';
import { useUserNames } from './users';

/** A size in bytes as the interface language writes it (B, KB, MB). */
function useSize() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (bytes: number) => {
    if (bytes < 1024) return t('documents.size.b', { n: fmt.number(bytes) });
    if (bytes < 1024 * 1024) return t('documents.size.kb', { n: fmt.number(Math.round(bytes / 102.4) / 10) });
    return t('documents.size.mb', { n: fmt.number(Math.round(bytes / 104857.6) / 10) });
  };
}

const iconOf = (mime: string) => (mime === 'application/pdf' ? IconFileTypePdf : mime.startsWith('image/') ? IconPhoto : IconFile);

/**
 * The documents of one record: upload (several files at once), download, new versions, attaching a
 * document to more records, and the trash. What the viewer may do comes from the API (`canEdit`), and
 * the other records a document is attached to are named only when the viewer may open them.
 */
export function DocumentsPanel({ target }: { target: DocumentTarget }) {
  const { t } = useTranslation();
  const [trash, setTrash] = useState(false);
  const query = useDocuments(target, trash);
  const showError = (err: unknown) => notifications.show({ color: 'red', message: errorText(err, t) });
  const upload = useUploadDocument(target, {
    onSuccess: (d) => notifications.show({ color: 'teal', message: t('documents.uploaded', { name: d?.name }) }),
    onError: showError,
  });
  const uploadAll = async (files: File[]) => {
    // One at a time: each is its own document and its own error, and a failed one does not stop the rest.
    for (const f of files) await upload.mutateAsync(f).catch(() => undefined);
  };
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="sm" data-testid="documents-panel">
      <Group justify="space-between">
        {trash ? (
          <Text fw={600}>{t('documents.trash')}</Text>
        ) : (
          <FileButton multiple onChange={(files) => void uploadAll(files)}>
            {(props) => (
              <Button {...props} size="xs" leftSection={<IconUpload size={14} />} loading={upload.isPending} data-testid="document-upload">
                {t('documents.upload')}
              </Button>
            )}
          </FileButton>
        )}
        <Button
          size="xs"
          variant="subtle"
          leftSection={trash ? <IconFile size={14} /> : <IconTrash size={14} />}
          onClick={() => setTrash((v) => !v)}
          data-testid="documents-trash-toggle"
        >
          {trash ? t('documents.backToList') : t('documents.trash')}
        </Button>
      </Group>
      {query.isPending ? (
        <Center py="lg">
          <Loader size="sm" />
        </Center>
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" py="lg">
          {trash ? t('documents.trashEmpty') : t('documents.empty')}
        </Text>
      ) : (
        items.map((d) => <DocumentRow key={d.id} d={d} target={target} trash={trash} onError={showError} />)
      )}
      {query.hasNextPage && (
        <Button variant="subtle" size="xs" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {t('documents.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

type RowProps = { d: DocumentItem; target: DocumentTarget; trash: boolean; onError: (err: unknown) => void };

function DocumentRow({ d, target, trash, onError }: RowProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const size = useSize();
  const users = useUserNames();
  const { ask, dialog } = useConfirm();
  const [showVersions, setShowVersions] = useState(false);
  const [linking, setLinking] = useState(false);
  const version = useUploadVersion({
    onSuccess: (doc) => notifications.show({ color: 'teal', message: t('documents.versionAdded', { n: doc?.version, name: doc?.name }) }),
    onError,
  });
  const remove = useDeleteDocument({ onSuccess: () => notifications.show({ message: t('documents.deleted') }), onError });
  const restore = useRestoreDocument({
    onSuccess: () => notifications.show({ color: 'teal', message: t('documents.restored') }),
    onError,
  });
  const unlink = useUnlinkDocument({ onSuccess: () => notifications.show({ message: t('documents.unlinked') }), onError });
  const Icon = iconOf(d.mimeType);
  const others = d.links.filter((l) => !(l.entity === target.entity && l.entityId === target.entityId));
  const author = (id: string | null) => (id ? (users.get(id) ?? '') : '');

  return (
    <Paper withBorder p="sm" data-testid="document-row" data-document-id={d.id}>
      {dialog}
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <Icon size={28} stroke={1.4} />
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Anchor href={documentContentUrl(d.id)} fw={500} truncate data-testid="document-name">
                {d.name}
              </Anchor>
              {d.version > 1 && (
                <Badge size="xs" variant="light" data-testid="document-version">
                  {t('documents.version', { n: d.version })}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {size(d.size)} ·{' '}
              {t('documents.uploadedBy', { date: fmt.dateTime(d.updatedAt), user: author(d.versions[0]?.createdBy ?? d.createdBy) })}
            </Text>
            {others.length > 0 && (
              <Text size="xs" c="dimmed" data-testid="document-links">
                {t('documents.linkedTo')}:{' '}
                {others.map((l, i) => {
                  const path = pathOf(l.entity, l.entityId);
                  return (
                    <span key={`${l.entity}:${l.entityId}`}>
                      {i > 0 && ', '}
                      {l.hidden ? (
                        <HiddenRecord size="xs" />
                      ) : path ? (
                        <Anchor component={Link} to={path} size="xs">
                          {l.name}
                        </Anchor>
                      ) : (
                        l.name
                      )}
                    </span>
                  );
                })}
              </Text>
            )}
          </Stack>
        </Group>
        {trash ? (
          d.canEdit && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconRestore size={14} />}
              onClick={() => restore.mutate(d.id)}
              loading={restore.isPending}
              data-testid="document-restore"
            >
              {t('documents.restore')}
            </Button>
          )
        ) : (
          <Group gap={4} wrap="nowrap">
            <ActionIcon variant="subtle" component="a" href={documentContentUrl(d.id)} aria-label={t('documents.download')}>
              <IconDownload size={16} />
            </ActionIcon>
            <FileButton onChange={(file) => file && version.mutate({ id: d.id, file })}>
              {(props) => (
                <ActionIcon
                  {...props}
                  variant="subtle"
                  disabled={!d.canEdit}
                  loading={version.isPending}
                  aria-label={t('documents.newVersion')}
                  data-testid="document-new-version"
                >
                  <IconUpload size={16} />
                </ActionIcon>
              )}
            </FileButton>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" aria-label="…" data-testid="document-menu">
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconVersions size={14} />}
                  onClick={() => setShowVersions((v) => !v)}
                  disabled={d.versions.length < 2}
                >
                  {t('documents.versions')} ({d.versions.length})
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconLink size={14} />}
                  onClick={() => setLinking(true)}
                  disabled={!d.canEdit}
                  data-testid="document-link"
                >
                  {t('documents.linkTo')}
                </Menu.Item>
                {d.links.length > 1 && (
                  <Menu.Item
                    leftSection={<IconLinkOff size={14} />}
                    disabled={!d.canEdit}
                    onClick={() => unlink.mutate({ id: d.id, from: target })}
                    data-testid="document-unlink"
                  >
                    {t('documents.unlink')}
                  </Menu.Item>
                )}
                <Menu.Divider />
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  disabled={!d.canEdit}
                  onClick={() => ask(t('documents.confirmDelete', { name: d.name }), () => remove.mutate(d.id))}
                  data-testid="document-delete"
                >
                  {t('documents.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
      {!d.canEdit && !trash && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('documents.readOnly')}
        </Text>
      )}
      {showVersions && (
        <Stack gap={2} mt="xs" ml={40} data-testid="document-versions">
          {d.versions.map((v) => (
            <Group key={v.version} gap="xs">
              <Anchor href={documentContentUrl(d.id, v.version)} size="xs">
                {t('documents.version', { n: v.version })} · {v.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {size(v.size)} · {t('documents.uploadedBy', { date: fmt.dateTime(v.createdAt), user: author(v.createdBy) })}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      {linking && <LinkDialog d={d} onClose={() => setLinking(false)} onError={onError} />}
    </Paper>
  );
}

function LinkDialog({ d, onClose, onError }: { d: DocumentItem; onClose: () => void; onError: (err: unknown) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<RecordKind>('deal');
  const [id, setId] = useState<string | null>(null);
  const link = useLinkDocument({
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('documents.linked') });
      onClose();
    },
    onError,
  });
  const already = d.links.filter((l) => l.entity === kind).map((l) => l.entityId);
  return (
    <Modal opened onClose={onClose} title={t('documents.linkTo')} size="md">
      <Stack>
        <Select
          label={t('documents.linkKind')}
          data={recordKinds.map((k) => ({ value: k, label: t(`documents.kinds.${k}`) }))}
          value={kind}
          onChange={(v) => {
            if (v) setKind(v as RecordKind);
            setId(null);
          }}
          allowDeselect={false}
        />
        <RecordPicker key={kind} kind={kind} value={id} onChange={(v) => setId(v)} exclude={already} data-testid="document-link-picker" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('salesUi.common.cancel')}
          </Button>
          <Button
            disabled={!id}
            loading={link.isPending}
            onClick={() => id && link.mutate({ id: d.id, to: { entity: kind, entityId: id } })}
            data-testid="document-link-save"
          >
            {t('documents.linkTo')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
