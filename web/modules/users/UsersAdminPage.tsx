import { useMemo, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconUserPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { roles } from '../../lib/kinds';
import { api } from '../../api';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/Loaders';
import { ErrorState } from '../../ui/ErrorState';
import { errorText } from '../../ui/errors';
import { fieldProps, showSaveError } from '../../ui/forms';
import { useTeams, useUsers, type UserItem } from '../../ui/users';
import { useSession, type Role } from '../../lib/session';
import { SecurityRolesCard } from './SecurityRolesCard';

function useRoleOptions() {
  const { t } = useTranslation();
  return roles.map((r) => ({ value: r, label: t(`ui.roles.${r}`) }));
}

type UserFormValues = { email: string; name: string; password: string; role: Role; teamId: string | null; isActive: boolean };

/** Create a user, or change one (role, team, name, active, new password). */
function UserModal({ user, onClose }: { user: UserItem | null | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { data: teams } = useTeams();
  const roleOptions = useRoleOptions();
  const editing = user !== 'new' && user !== null ? user : null;
  const [error, setError] = useState<string | null>(null);
  const form = useForm<UserFormValues>({
    initialValues: {
      email: editing?.email ?? '',
      name: editing?.name ?? '',
      password: '',
      role: editing?.role ?? 'manager',
      teamId: editing?.teamId ?? null,
      isActive: editing?.isActive ?? true,
    },
  });

  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      if (editing) {
        await api.patch(`/users/${editing.id}`, {
          name: v.name.trim(),
          role: v.role,
          teamId: v.teamId,
          isActive: v.isActive,
          ...(v.password ? { password: v.password } : {}),
        });
      } else {
        await api.post('/users', {
          email: v.email.trim(),
          name: v.name.trim(),
          password: v.password,
          role: v.role,
          ...(v.teamId ? { teamId: v.teamId } : {}),
        });
      }
      await qc.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'teal', message: editing ? t('ui.users.updated') : t('ui.users.created', { name: v.name }) });
      onClose();
    } catch (err) {
      setError(showSaveError(form, err, (e) => errorText(e, t)));
    }
  });

  return (
    <Modal opened={user !== null} onClose={onClose} title={editing ? t('ui.users.editTitle') : t('ui.users.newTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" variant="light" style={{ whiteSpace: 'pre-line' }}>
              {error}
            </Alert>
          )}
          <TextInput label={t('ui.users.name')} required {...fieldProps(form, 'name')} data-autofocus />
          <TextInput label={t('ui.auth.email')} type="email" required disabled={!!editing} {...fieldProps(form, 'email')} />
          <PasswordInput
            label={editing ? t('ui.users.newPassword') : t('ui.auth.password')}
            description={t('ui.setup.passwordHint')}
            required={!editing}
            autoComplete="new-password"
            {...fieldProps(form, 'password')}
          />
          <Select label={t('ui.users.role')} data={roleOptions} allowDeselect={false} {...fieldProps(form, 'role')} />
          <Select
            label={t('ui.users.team')}
            data={(teams ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
            clearable
            placeholder={t('ui.users.noTeam')}
            {...fieldProps(form, 'teamId')}
          />
          {editing && <Switch label={t('ui.users.active')} {...fieldProps(form, 'isActive', { type: 'checkbox' })} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ui.actions.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting} data-testid="save">
              {t('ui.actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TeamModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { data: users } = useUsers();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', leadId: null as string | null } });
  const leads = (users ?? []).filter((u) => u.isActive && ['head_of_sales', 'director', 'admin'].includes(u.role));

  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      await api.post('/teams', { name: v.name.trim(), ...(v.leadId ? { leadId: v.leadId } : {}) });
      await qc.invalidateQueries({ queryKey: ['teams'] });
      notifications.show({ color: 'teal', message: t('ui.teams.created', { name: v.name }) });
      form.reset();
      onClose();
    } catch (err) {
      setError(showSaveError(form, err, (e) => errorText(e, t)));
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={t('ui.teams.newTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" variant="light">
              {error}
            </Alert>
          )}
          <TextInput label={t('ui.teams.name')} required {...fieldProps(form, 'name')} data-autofocus />
          <Select
            label={t('ui.teams.lead')}
            description={t('ui.teams.leadHint')}
            data={leads.map((u) => ({ value: u.id, label: u.name }))}
            clearable
            searchable
            {...fieldProps(form, 'leadId')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ui.actions.cancel')}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {t('ui.actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Admin: the workspace's people and teams. */
export function UsersAdminPage() {
  const { t } = useTranslation();
  const me = useSession();
  const users = useUsers();
  const teams = useTeams();
  const [editing, setEditing] = useState<UserItem | null | 'new'>(null);
  const [teamOpen, setTeamOpen] = useState(false);
  const [filter, setFilter] = useState('');

  const teamNames = useMemo(() => new Map((teams.data ?? []).map((tm) => [tm.id, tm.name])), [teams.data]);
  const userNames = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (users.data ?? [])
      .filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q))
      .sort((a, b) => Number(b.isActive) - Number(a.isActive) || a.name.localeCompare(b.name));
  }, [users.data, filter]);

  if (users.isPending) return <PageLoader />;
  if (users.error) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('ui.nav.users')}
        subtitle={t('ui.users.subtitle', { workspace: me.workspace.name })}
        actions={
          <>
            <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setTeamOpen(true)}>
              {t('ui.teams.new')}
            </Button>
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-user">
              {t('ui.users.new')}
            </Button>
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card p={0}>
            <Group p="sm">
              <TextInput
                placeholder={t('ui.users.filter')}
                value={filter}
                onChange={(e) => setFilter(e.currentTarget.value)}
                w={280}
                maw="100%"
              />
            </Group>
            <Table.ScrollContainer minWidth={640}>
              <Table data-testid="users-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('ui.users.name')}</Table.Th>
                    <Table.Th>{t('ui.users.role')}</Table.Th>
                    <Table.Th>{t('ui.users.team')}</Table.Th>
                    <Table.Th>{t('ui.users.status')}</Table.Th>
                    <Table.Th w={48} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((u) => (
                    <Table.Tr key={u.id} data-testid="user-row" style={{ opacity: u.isActive ? 1 : 0.55 }}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {u.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {u.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Badge variant="light" color={u.role === 'admin' ? 'grape' : 'orbit'}>
                            {t(`ui.roles.${u.role}`)}
                          </Badge>
                          {u.totpEnabled && (
                            <Badge variant="outline" color="teal" data-testid="user-totp">
                              {t('ui.users.totp')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{u.teamId ? (teamNames.get(u.teamId) ?? '—') : '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={u.isActive ? undefined : 'dimmed'}>
                          {u.isActive ? t('ui.users.isActive') : t('ui.users.inactive')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label={t('ui.actions.edit')}>
                          <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(u)} aria-label={t('ui.actions.edit')}>
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card>
            <Text fw={600} mb="sm">
              {t('ui.teams.title')}
            </Text>
            {(teams.data ?? []).length === 0 && (
              <Text size="sm" c="dimmed">
                {t('ui.teams.empty')}
              </Text>
            )}
            <Stack gap="xs">
              {(teams.data ?? []).map((tm) => {
                const count = (users.data ?? []).filter((u) => u.teamId === tm.id && u.isActive).length;
                return (
                  <Group key={tm.id} justify="space-between" wrap="nowrap" data-testid="team-row">
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={500} truncate>
                        {tm.name}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {tm.leadId ? t('ui.teams.leadIs', { name: userNames.get(tm.leadId) ?? '—' }) : t('ui.teams.noLead')}
                      </Text>
                    </div>
                    <Badge variant="default">{t('ui.teams.members', { count })}</Badge>
                  </Group>
                );
              })}
            </Stack>
          </Card>
          <Box mt="md">
            <SecurityRolesCard />
          </Box>
        </Grid.Col>
      </Grid>
      {editing !== null && <UserModal user={editing} onClose={() => setEditing(null)} />}
      <TeamModal opened={teamOpen} onClose={() => setTeamOpen(false)} />
    </>
  );
}
