import { useState } from 'react';
import { ActionIcon, Badge, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconBookmarkPlus, IconTrash, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { useSession } from '../lib/session';
import { useConfirm } from '../lib/useConfirm';
import { useCreateView, useDeleteView, useSavedViews, type SavedView, type ViewList } from '../lib/views.api';
import { errorText } from './errors';

type Props = {
  list: ViewList;
  /** What "save as view" keeps: the list's filters (as its GET takes them), sort and columns. */
  current: { filters: Record<string, string>; sort: string | null; columns: string[] };
  onApply: (view: SavedView) => void;
};

/** Roles that share views with their team (the server checks it too). */
const SHARERS = ['head_of_sales', 'admin'];

/** The list's saved views: apply one, save the current filters, sort and columns as one, share, delete. */
export function SavedViews({ list, current, onApply }: Props) {
  const { t } = useTranslation();
  const me = useSession();
  const views = useSavedViews(list);
  const create = useCreateView(list);
  const remove = useDeleteView(list);
  const confirm = useConfirm();
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mine = (views.data ?? []).filter((v) => v.mine);
  const team = (views.data ?? []).filter((v) => !v.mine);

  const item = (v: SavedView) => (
    <Menu.Item key={v.id} onClick={() => onApply(v)} data-testid="view-item" data-view-name={v.name}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" truncate>
            {v.name}
          </Text>
          {!v.mine && (
            <Text size="xs" c="dimmed" truncate>
              {t('listsUi.sharedBy', { name: v.ownerName })}
            </Text>
          )}
        </Stack>
        <Group gap={4} wrap="nowrap">
          {v.shared && v.mine && <IconUsers size={14} opacity={0.6} />}
          {v.canEdit && (
            <ActionIcon
              size="sm"
              variant="subtle"
              color="red"
              aria-label={t('listsUi.deleteView')}
              data-testid="view-delete"
              onClick={(e) => {
                e.stopPropagation();
                confirm.ask(t('listsUi.confirmDeleteView', { name: v.name }), () =>
                  remove.mutate(v.id, {
                    onSuccess: () => notifications.show({ color: 'teal', message: t('listsUi.viewDeleted', { name: v.name }) }),
                    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
                  }),
                );
              }}
            >
              <IconTrash size={14} />
            </ActionIcon>
          )}
        </Group>
      </Group>
    </Menu.Item>
  );

  const submit = () => {
    setErrors({});
    create.mutate(
      { name: name.trim(), filters: current.filters, sort: current.sort, columns: current.columns, shared },
      {
        onSuccess: (v) => {
          setSaving(false);
          setName('');
          setShared(false);
          notifications.show({ color: 'teal', message: t('listsUi.viewSaved', { name: v.name }) });
        },
        onError: (err) => {
          const fields = isApiError(err) ? err.fields : [];
          if (fields.some((f) => f.path === 'name' || f.path === 'shared'))
            setErrors(Object.fromEntries(fields.map((f) => [f.path === 'shared' ? 'shared' : 'name', f.message])));
          else notifications.show({ color: 'red', message: errorText(err, t) });
        },
      },
    );
  };

  return (
    <>
      <Menu position="bottom-end" withArrow shadow="md" width={280}>
        <Menu.Target>
          <Button size="compact-sm" variant="subtle" leftSection={<IconBookmark size={14} />} data-testid="views-open">
            {t('listsUi.views')}
            {views.data && views.data.length > 0 && (
              <Badge size="xs" variant="light" ml={6}>
                {views.data.length}
              </Badge>
            )}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {mine.length > 0 && <Menu.Label>{t('listsUi.myViews')}</Menu.Label>}
          {mine.map(item)}
          {team.length > 0 && <Menu.Label>{t('listsUi.teamViews')}</Menu.Label>}
          {team.map(item)}
          {!views.data?.length && (
            <Text size="xs" c="dimmed" px="sm" py={6}>
              {t('listsUi.noViews')}
            </Text>
          )}
          <Menu.Divider />
          <Menu.Item leftSection={<IconBookmarkPlus size={14} />} onClick={() => setSaving(true)} data-testid="view-save-open">
            {t('listsUi.saveView')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('listsUi.saveViewTitle')} size="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Stack>
            <TextInput
              label={t('listsUi.viewName')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              required
              error={errors.name}
              data-autofocus
              data-testid="view-name"
            />
            {SHARERS.includes(me.user.role) && (
              <Checkbox
                label={t('listsUi.shareWithTeam')}
                checked={shared}
                onChange={(e) => setShared(e.currentTarget.checked)}
                error={errors.shared}
                data-testid="view-shared"
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                {t('listsUi.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()} data-testid="view-save">
                {t('listsUi.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {confirm.dialog}
    </>
  );
}
