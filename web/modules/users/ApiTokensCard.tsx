import { useState } from 'react';
import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconKey, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useConfirm } from '../../lib/useConfirm';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useApiTokens, useCreateApiToken, useRevokeApiToken, type CreatedApiToken } from './security.api';

const LIFETIMES = ['never', '30', '90', '365'] as const;

function CreateTokenModal({ onClose, onCreated }: { onClose: () => void; onCreated: (t: CreatedApiToken) => void }) {
  const { t } = useTranslation();
  const create = useCreateApiToken();
  const fmt = useFormat();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', expiresAt: '90' as (typeof LIFETIMES)[number] } });
  const lifetimeLabel = (v: (typeof LIFETIMES)[number]) =>
    v === 'never' ? t('ui.apiTokens.never') : fmt.date(new Date(Date.now() + Number(v) * 86_400_000).toISOString());

  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      const expiresAt = v.expiresAt === 'never' ? undefined : new Date(Date.now() + Number(v.expiresAt) * 86_400_000).toISOString();
      onCreated(await create.mutateAsync({ name: v.name.trim(), ...(expiresAt ? { expiresAt } : {}) }));
    } catch (err) {
      setError(showSaveError(form, err, (e) => errorText(e, t)));
    }
  });

  return (
    <Modal opened onClose={onClose} title={t('ui.apiTokens.createTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
              {error}
            </Alert>
          )}
          <TextInput label={t('ui.apiTokens.name')} required {...fieldProps(form, 'name')} data-autofocus data-testid="token-name" />
          <Select
            label={t('ui.apiTokens.expiresAt')}
            data={LIFETIMES.map((v) => ({ value: v, label: lifetimeLabel(v) }))}
            allowDeselect={false}
            {...fieldProps(form, 'expiresAt')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ui.actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="token-create">
              {t('ui.actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The token, once: it cannot be shown again after this dialog closes. */
function CreatedTokenModal({ token, onClose }: { token: CreatedApiToken; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('ui.apiTokens.createdTitle')} closeOnClickOutside={false}>
      <Stack>
        <Text size="sm">{t('ui.apiTokens.createdHint')}</Text>
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="token-secret">
          {token.token}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={token.token}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('ui.security.copied') : t('ui.security.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose} data-testid="token-done">
            {t('ui.security.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The signed-in user's API tokens: create (shown once), list, revoke. */
export function ApiTokensCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const { ask, dialog } = useConfirm();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  return (
    <Stack gap="sm" data-testid="api-tokens">
      <Group justify="space-between">
        <Text fw={600}>{t('ui.apiTokens.title')}</Text>
        <Button size="xs" leftSection={<IconKey size={14} />} onClick={() => setCreating(true)} data-testid="token-new">
          {t('ui.apiTokens.create')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('ui.apiTokens.hint')}
      </Text>
      {tokens.error ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (tokens.data?.items ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          {tokens.isPending ? '…' : t('ui.apiTokens.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={460}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ui.apiTokens.name')}</Table.Th>
                <Table.Th>{t('ui.apiTokens.createdAt')}</Table.Th>
                <Table.Th>{t('ui.apiTokens.expiresAt')}</Table.Th>
                <Table.Th>{t('ui.apiTokens.lastUsedAt')}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data!.items.map((tk) => (
                <Table.Tr key={tk.id} data-testid="token-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {tk.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fmt.date(tk.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{tk.expiresAt ? fmt.date(tk.expiresAt) : t('ui.apiTokens.never')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{tk.lastUsedAt ? fmt.relative(tk.lastUsedAt) : t('ui.apiTokens.notUsed')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={t('ui.apiTokens.revoke')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('ui.apiTokens.revoke')}
                        data-testid="token-revoke"
                        onClick={() =>
                          ask(
                            t('ui.apiTokens.revokeConfirm', { name: tk.name }),
                            () =>
                              revoke.mutate(tk.id, {
                                onSuccess: () => notifications.show({ color: 'teal', message: t('ui.apiTokens.revoked') }),
                                onError: (e) => notifications.show({ color: 'red', message: errorText(e, t) }),
                              }),
                            { confirmLabel: t('ui.apiTokens.revoke') },
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
      {creating && (
        <CreateTokenModal
          onClose={() => setCreating(false)}
          onCreated={(tk) => {
            setCreating(false);
            setCreated(tk);
          }}
        />
      )}
      {created && <CreatedTokenModal token={created} onClose={() => setCreated(null)} />}
      {dialog}
    </Stack>
  );
}
