import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import type { TFunction } from 'i18next';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useConfirm } from '../../lib/useConfirm';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { PageLoader } from '../../ui/Loaders';
import { PageHeader } from '../../ui/PageHeader';
import { useUserOptions, useUsers } from '../../ui/users';
import {
  useConnections,
  useCreateConnection,
  useCreateLine,
  useDeleteConnection,
  useDeleteLine,
  useLines,
  useSaveExtension,
  useSaveTelephonySettings,
  useTelephonySettings,
  useUpdateLine,
  type ConnectionBody,
  type ConnectionDto,
  type LineDto,
} from './telephony.api';

/** Field errors under their inputs; anything else as a notification. */
function saveFailed<V>(form: UseFormReturnType<V>, err: unknown, t: TFunction, remap?: (path: string) => string) {
  const message = showSaveError(form, err, (x) => errorText(x, t), remap);
  if (message) notifications.show({ color: 'red', message });
}

const statusColor: Record<ConnectionDto['status'], string> = { pending: 'gray', connecting: 'yellow', connected: 'teal', error: 'red' };

/** Admin: the PBX connections and how each is doing, users' extensions, the lines, the call-back-task switch. */
export function TelephonySettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('callsUi.settings.title')} subtitle={t('callsUi.settings.subtitle')} />
      <Stack gap="lg">
        <ConnectionsCard />
        <ExtensionsCard />
        <LinesCard />
        <SwitchesCard />
      </Stack>
    </>
  );
}

function ConnectionsCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const connections = useConnections();
  const remove = useDeleteConnection();
  const { ask, dialog } = useConfirm();
  const [adding, setAdding] = useState(false);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('callsUi.settings.connections')}</Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)} data-testid="connection-add">
          {t('callsUi.settings.addConnection')}
        </Button>
      </Group>
      {connections.isPending ? (
        <PageLoader />
      ) : connections.error ? (
        <ErrorState error={connections.error} onRetry={() => void connections.refetch()} />
      ) : connections.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('callsUi.settings.noConnections')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('callsUi.settings.provider')}</Table.Th>
                <Table.Th>{t('callsUi.settings.account')}</Table.Th>
                <Table.Th>{t('callsUi.settings.state')}</Table.Th>
                <Table.Th>{t('callsUi.settings.lastEvent')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connections.data.map((c) => (
                <Table.Tr key={c.id} data-testid="connection-row" data-connection-id={c.id} data-status={c.status}>
                  <Table.Td>{t(`callsUi.settings.providers.${c.provider}`)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" className="orbita-num">
                      {c.provider === 'asterisk' ? `${c.username}@${c.host}:${c.port}` : c.apiKey}
                    </Text>
                    {c.webhookUrl && (
                      <Text size="xs" c="dimmed">
                        {t('callsUi.settings.webhookUrl')}: <Code>{c.webhookUrl}</Code>
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[c.status]} variant="light" data-testid="connection-status">
                      {t(`callsUi.settings.status.${c.status}`)}
                    </Badge>
                    {c.error && (
                      <Text size="xs" c="red" data-testid="connection-error">
                        {c.error.message}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {t('callsUi.settings.since', { time: fmt.dateTime(c.statusAt) })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.lastEventAt ? fmt.dateTime(c.lastEventAt) : '—'}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Tooltip label={t('callsUi.settings.delete')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('callsUi.settings.delete')}
                        data-testid="connection-delete"
                        onClick={() =>
                          ask(t('callsUi.settings.deleteConnection'), () =>
                            remove.mutate(c.id, { onError: (e) => notifications.show({ color: 'red', message: errorText(e, t) }) }),
                          )
                        }
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {adding && <ConnectionModal onClose={() => setAdding(false)} />}
      {dialog}
    </Card>
  );
}

type ConnectionForm = {
  provider: ConnectionBody['provider'];
  host: string;
  port: number | string;
  username: string;
  secret: string;
  originateChannel: string;
  originateContext: string;
  apiKey: string;
};

function ConnectionModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateConnection();
  const form = useForm<ConnectionForm>({
    initialValues: {
      provider: 'asterisk',
      host: '',
      port: 5038,
      username: '',
      secret: '',
      originateChannel: '',
      originateContext: '',
      apiKey: '',
    },
  });
  const p = form.getValues().provider;
  const body = (v: ConnectionForm): ConnectionBody =>
    v.provider === 'asterisk'
      ? {
          provider: 'asterisk',
          host: v.host,
          port: Number(v.port),
          username: v.username,
          secret: v.secret,
          ...(v.originateChannel ? { originateChannel: v.originateChannel } : {}),
          ...(v.originateContext ? { originateContext: v.originateContext } : {}),
        }
      : v.provider === 'mango'
        ? { provider: 'mango', apiKey: v.apiKey, apiSalt: v.secret }
        : { provider: 'zadarma', key: v.apiKey, secret: v.secret };
  // The API names the cloud fields apiSalt and key; the form shows them as its own two inputs.
  const remap = (path: string) => (path === 'apiSalt' ? 'secret' : path === 'key' ? 'apiKey' : path);
  return (
    <Modal opened onClose={onClose} title={t('callsUi.settings.addConnection')}>
      <form onSubmit={form.onSubmit((v) => create.mutate(body(v), { onSuccess: onClose, onError: (e) => saveFailed(form, e, t, remap) }))}>
        <Stack>
          <Select
            label={t('callsUi.settings.provider')}
            data={(['asterisk', 'mango', 'zadarma'] as const).map((x) => ({ value: x, label: t(`callsUi.settings.providers.${x}`) }))}
            allowDeselect={false}
            data-testid="connection-provider"
            {...fieldProps(form, 'provider')}
          />
          {p === 'asterisk' ? (
            <>
              <Group grow>
                <TextInput label={t('callsUi.settings.host')} required data-testid="connection-host" {...fieldProps(form, 'host')} />
                <NumberInput
                  label={t('callsUi.settings.port')}
                  min={1}
                  max={65535}
                  required
                  data-testid="connection-port"
                  {...fieldProps(form, 'port')}
                />
              </Group>
              <TextInput
                label={t('callsUi.settings.username')}
                required
                data-testid="connection-username"
                {...fieldProps(form, 'username')}
              />
            </>
          ) : (
            <TextInput
              label={t(p === 'mango' ? 'callsUi.settings.mangoKey' : 'callsUi.settings.zadarmaKey')}
              required
              {...fieldProps(form, 'apiKey')}
            />
          )}
          <PasswordInput
            label={t(
              p === 'asterisk'
                ? 'callsUi.settings.amiSecret'
                : p === 'mango'
                  ? 'callsUi.settings.mangoSalt'
                  : 'callsUi.settings.zadarmaSecret',
            )}
            required
            data-testid="connection-secret"
            {...fieldProps(form, 'secret')}
          />
          {p === 'asterisk' && (
            <Group grow>
              <TextInput
                label={t('callsUi.settings.originateChannel')}
                placeholder="PJSIP/{extension}"
                {...fieldProps(form, 'originateChannel')}
              />
              <TextInput
                label={t('callsUi.settings.originateContext')}
                placeholder="from-internal"
                {...fieldProps(form, 'originateContext')}
              />
            </Group>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending} data-testid="connection-save">
              {t('callsUi.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ExtensionsCard() {
  const { t } = useTranslation();
  const users = useUsers({ fresh: true });
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        {t('callsUi.settings.extensions')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('callsUi.settings.extensionsHint')}
      </Text>
      {users.isPending ? (
        <PageLoader />
      ) : users.error ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table>
          <Table.Tbody>
            {users.data
              .filter((u) => u.isActive)
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((u) => (
                <ExtensionRow key={u.id} id={u.id} name={u.name} extension={u.extension} />
              ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function ExtensionRow({ id, name, extension }: { id: string; name: string; extension: string | null }) {
  const { t } = useTranslation();
  const save = useSaveExtension();
  const [value, setValue] = useState(extension ?? '');
  const [error, setError] = useState<string | null>(null);
  const changed = value.trim() !== (extension ?? '');
  const submit = () =>
    save.mutate(
      { id, extension: value.trim() || null },
      {
        onSuccess: () => {
          setError(null);
          notifications.show({ color: 'teal', message: t('callsUi.settings.saved') });
        },
        onError: (e) => setError(errorText(e, t)),
      },
    );
  return (
    <Table.Tr data-testid="extension-row" data-user-id={id}>
      <Table.Td>{name}</Table.Td>
      <Table.Td w={260}>
        <Group gap={4} wrap="nowrap" align="flex-start">
          <TextInput
            size="xs"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && changed && submit()}
            placeholder={t('callsUi.settings.noExtension')}
            aria-label={t('callsUi.settings.extensionOf', { name })}
            error={error}
            data-testid="extension-input"
          />
          <ActionIcon
            variant="subtle"
            disabled={!changed}
            loading={save.isPending}
            onClick={submit}
            aria-label={t('callsUi.settings.save')}
            data-testid="extension-save"
          >
            <IconDeviceFloppy size={16} />
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function LinesCard() {
  const { t } = useTranslation();
  const lines = useLines();
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        {t('callsUi.settings.lines')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('callsUi.settings.linesHint')}
      </Text>
      {lines.isPending ? (
        <PageLoader />
      ) : lines.error ? (
        <ErrorState error={lines.error} onRetry={() => void lines.refetch()} />
      ) : (
        <Stack gap="xs">
          {lines.data.map((l) => (
            <LineRow key={`${l.id}:${l.updatedAt}`} line={l} />
          ))}
          <LineRow line={null} />
        </Stack>
      )}
    </Card>
  );
}

/** One line to change, or (`line` null) the empty row that adds one. */
function LineRow({ line }: { line: LineDto | null }) {
  const { t } = useTranslation();
  const users = useUserOptions();
  const create = useCreateLine();
  const update = useUpdateLine();
  const remove = useDeleteLine();
  const form = useForm({
    initialValues: { number: line?.number ?? '', name: line?.name ?? '', defaultUserId: line?.defaultUserId ?? null },
  });
  const onError = (e: unknown) => saveFailed(form, e, t);
  return (
    <form
      onSubmit={form.onSubmit((v) =>
        line ? update.mutate({ id: line.id, ...v }, { onError }) : create.mutate(v, { onSuccess: () => form.reset(), onError }),
      )}
      data-testid={line ? 'line-row' : 'line-new'}
    >
      <Group gap="xs" align="flex-start" wrap="wrap">
        <TextInput
          size="xs"
          w={180}
          placeholder={t('callsUi.settings.lineNumber')}
          aria-label={t('callsUi.settings.lineNumber')}
          data-testid="line-number"
          {...fieldProps(form, 'number')}
        />
        <TextInput
          size="xs"
          w={200}
          placeholder={t('callsUi.settings.lineName')}
          aria-label={t('callsUi.settings.lineName')}
          data-testid="line-name"
          {...fieldProps(form, 'name')}
        />
        <Select
          size="xs"
          w={220}
          placeholder={t('callsUi.settings.lineDefaultUser')}
          aria-label={t('callsUi.settings.lineDefaultUser')}
          data={users}
          clearable
          searchable
          {...fieldProps(form, 'defaultUserId')}
        />
        <Button
          size="xs"
          type="submit"
          variant={line ? 'default' : 'filled'}
          loading={create.isPending || update.isPending}
          data-testid="line-save"
        >
          {line ? t('callsUi.settings.save') : t('callsUi.settings.addLine')}
        </Button>
        {line && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('callsUi.settings.delete')}
            onClick={() => remove.mutate(line.id, { onError: (e) => notifications.show({ color: 'red', message: errorText(e, t) }) })}
          >
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>
    </form>
  );
}

function SwitchesCard() {
  const { t } = useTranslation();
  const settings = useTelephonySettings();
  const save = useSaveTelephonySettings();
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('callsUi.settings.switches')}
      </Title>
      {settings.data && (
        <Switch
          checked={settings.data.callBackTasks}
          disabled={save.isPending}
          onChange={(e) =>
            save.mutate(
              { callBackTasks: e.currentTarget.checked },
              { onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }) },
            )
          }
          label={t('callsUi.settings.callBackTasks')}
          description={t('callsUi.settings.callBackTasksHint')}
          data-testid="call-back-tasks"
        />
      )}
    </Card>
  );
}
