import { useMemo, useState } from 'react';
import { Autocomplete, Button, Group, Paper, Popover, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconRestore, IconTag, IconTagOff, IconTrash, IconUserShare, IconCategory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Query } from '../api';
import { bulkFilterOf, useBulkAction, useFacets, type BulkBody, type BulkResource, type BulkResult } from '../lib/lists.api';
import { useSession } from '../lib/session';
import { useConfirm } from '../lib/useConfirm';
import { errorText } from './errors';
import type { RowSelection } from './RecordTable';
import { useTeams, useUsers } from './users';

/**
 * The list's bulk selection: ids picked row by row (or the rows shown), or "everything matching the
 * filter", which the server then chooses itself. Starts over whenever the filters change.
 */
export function useBulkSelection(filterKey: string) {
  const [state, setState] = useState<{ key: string; ids: Set<string>; all: boolean }>({ key: filterKey, ids: new Set(), all: false });
  // A new filter is a new list: what was picked under the old one is dropped (during render, no effect).
  const current = state.key === filterKey ? state : { key: filterKey, ids: new Set<string>(), all: false };
  if (current !== state) setState(current);
  const selection: RowSelection = {
    isSelected: (id) => current.all || current.ids.has(id),
    toggle: (id) =>
      setState((s) => {
        const ids = new Set(s.ids);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { ...s, ids, all: false };
      }),
    setRows: (rowIds, on) =>
      setState((s) => {
        const ids = new Set(s.all ? [] : s.ids);
        for (const id of rowIds) {
          if (on) ids.add(id);
          else ids.delete(id);
        }
        return { ...s, ids, all: false };
      }),
  };
  return {
    selection,
    ids: [...current.ids],
    all: current.all,
    count: current.ids.size,
    selectAll: () => setState((s) => ({ ...s, all: true })),
    clear: () => setState((s) => ({ ...s, ids: new Set(), all: false })),
  };
}

/** Users the caller may hand records to: everyone for admins and directors, the teams of a head. */
function useAssignableOwners() {
  const me = useSession();
  const users = useUsers();
  const teams = useTeams();
  return useMemo(() => {
    const role = me.user.role;
    if (!['admin', 'director', 'head_of_sales'].includes(role)) return null;
    const led = new Set((teams.data ?? []).filter((t) => t.leadId === me.user.id).map((t) => t.id));
    if (me.user.teamId) led.add(me.user.teamId);
    return (users.data ?? [])
      .filter((u) => u.isActive && (role !== 'head_of_sales' || u.id === me.user.id || (u.teamId && led.has(u.teamId))))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((u) => ({ value: u.id, label: u.name }));
  }, [me, users.data, teams.data]);
}

/** A button opening a small form: one value (picked or typed) and "apply". */
function ValueAction({
  label,
  icon,
  testId,
  field,
  onApply,
  allowEmpty = false,
}: {
  label: string;
  icon: React.ReactNode;
  testId: string;
  field: (value: string, set: (v: string) => void) => React.ReactNode;
  onApply: (value: string) => Promise<boolean>;
  allowEmpty?: boolean;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" withArrow trapFocus>
      <Popover.Target>
        <Button size="compact-sm" variant="light" leftSection={icon} onClick={() => setOpened((o) => !o)} data-testid={testId}>
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={240}>
          {field(value, setValue)}
          <Button
            size="compact-sm"
            loading={busy}
            disabled={!allowEmpty && !value.trim()}
            data-testid={`${testId}-apply`}
            onClick={() => {
              setBusy(true);
              void onApply(value.trim()).then((ok) => {
                setBusy(false);
                if (ok) {
                  setOpened(false);
                  setValue('');
                }
              });
            }}
          >
            {t('listsUi.apply')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** A text box with the tags or segments in use as suggestions. */
function FacetInput({
  resource,
  facet,
  value,
  onChange,
  label,
  description,
  testId,
}: {
  resource: BulkResource;
  facet: 'tags' | 'segments';
  value: string;
  onChange: (v: string) => void;
  label: string;
  description?: string;
  testId: string;
}) {
  const [q] = useDebouncedValue(value, 200);
  const facets = useFacets(resource, q.trim());
  const data = [...new Set((facets.data?.[facet] ?? []).map((f) => f.value))];
  return (
    <Autocomplete
      size="sm"
      label={label}
      description={description}
      value={value}
      onChange={onChange}
      data={data}
      maxLength={facet === 'tags' ? 50 : 100}
      comboboxProps={{ withinPortal: false }}
      data-testid={testId}
      data-autofocus
    />
  );
}

type BarProps = {
  resource: BulkResource;
  sel: ReturnType<typeof useBulkSelection>;
  /** The list's query as its GET takes it (the filter of "everything matching"). */
  listQuery: Query;
  /** Rows loaded so far, and the total the filter matches. */
  shown: number;
  total: number | undefined;
  trash: boolean;
};

/** The bar over a list while records are selected: assign, tags, segment, delete (undo) or restore. */
export function BulkBar({ resource, sel, listQuery, shown, total, trash }: BarProps) {
  const { t } = useTranslation();
  const owners = useAssignableOwners();
  const bulk = useBulkAction(resource);
  const confirm = useConfirm();
  const count = sel.all ? (total ?? 0) : sel.count;
  if (!sel.all && sel.count === 0) return null;

  const selectionBody = (): Pick<BulkBody, 'ids' | 'filter'> => (sel.all ? { filter: bulkFilterOf(listQuery) } : { ids: sel.ids });
  const report = (r: BulkResult) => {
    notifications.show({
      color: r.changed ? 'teal' : 'gray',
      message: [
        t('listsUi.done', { changed: r.changed, matched: r.matched }),
        r.skipped ? t('listsUi.skipped', { skipped: r.skipped }) : '',
      ]
        .filter(Boolean)
        .join('. '),
    });
  };
  const run = async (body: Omit<BulkBody, 'ids' | 'filter'>, after: (r: BulkResult) => void = report): Promise<boolean> => {
    try {
      const r = await bulk.mutateAsync({ ...body, ...selectionBody() } as BulkBody);
      sel.clear();
      after(r);
      return true;
    } catch (err) {
      notifications.show({ color: 'red', message: errorText(err, t) });
      return false;
    }
  };
  const undoDelete = (r: BulkResult) => {
    const id = `bulk-deleted-${Date.now()}`;
    notifications.show({
      id,
      autoClose: 10_000,
      title: t('listsUi.deleted', { changed: r.changed }),
      message: r.ids.length ? (
        <Button
          size="compact-sm"
          variant="light"
          mt={6}
          data-testid="undo-bulk-delete"
          onClick={() => {
            notifications.hide(id);
            bulk.mutate(
              { action: 'restore', ids: r.ids },
              {
                onSuccess: (back) => notifications.show({ color: 'teal', message: t('listsUi.restored', { changed: back.changed }) }),
                onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
              },
            );
          }}
        >
          {t('listsUi.undo')}
        </Button>
      ) : undefined,
    });
  };

  return (
    <Paper withBorder radius={0} px="sm" py={6} bg="var(--mantine-color-blue-light)" data-testid="bulk-bar">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} data-testid="bulk-count">
          {sel.all ? t('listsUi.allMatching', { total: total ?? 0 }) : t('listsUi.selected', { count: sel.count })}
        </Text>
        {!sel.all && total !== undefined && total > sel.count && sel.count >= shown && (
          <Button size="compact-sm" variant="subtle" onClick={sel.selectAll} data-testid="select-all-matching">
            {t('listsUi.selectAllMatching', { total })}
          </Button>
        )}
        <Button size="compact-sm" variant="subtle" color="gray" onClick={sel.clear} data-testid="clear-selection">
          {t('listsUi.clearSelection')}
        </Button>
        <Group gap={6} ml="auto" wrap="wrap">
          {trash ? (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconRestore size={14} />}
              loading={bulk.isPending}
              onClick={() => void run({ action: 'restore' })}
              data-testid="bulk-restore"
            >
              {t('listsUi.restore')}
            </Button>
          ) : (
            <>
              {owners && (
                <ValueAction
                  label={t('listsUi.assign')}
                  icon={<IconUserShare size={14} />}
                  testId="bulk-assign"
                  field={(v, set) => (
                    <Select
                      size="sm"
                      label={t('listsUi.newOwner')}
                      data={owners}
                      value={v || null}
                      onChange={(x) => set(x ?? '')}
                      searchable
                      comboboxProps={{ withinPortal: false }}
                      data-testid="bulk-assign-owner"
                    />
                  )}
                  onApply={(ownerId) => run({ action: 'assign', ownerId })}
                />
              )}
              <ValueAction
                label={t('listsUi.addTag')}
                icon={<IconTag size={14} />}
                testId="bulk-add-tag"
                field={(v, set) => (
                  <FacetInput resource={resource} facet="tags" value={v} onChange={set} label={t('listsUi.tag')} testId="bulk-tag-input" />
                )}
                onApply={(tag) => run({ action: 'addTag', tag })}
              />
              <ValueAction
                label={t('listsUi.removeTag')}
                icon={<IconTagOff size={14} />}
                testId="bulk-remove-tag"
                field={(v, set) => (
                  <FacetInput
                    resource={resource}
                    facet="tags"
                    value={v}
                    onChange={set}
                    label={t('listsUi.tag')}
                    testId="bulk-untag-input"
                  />
                )}
                onApply={(tag) => run({ action: 'removeTag', tag })}
              />
              <ValueAction
                label={t('listsUi.setSegment')}
                icon={<IconCategory size={14} />}
                testId="bulk-segment"
                allowEmpty
                field={(v, set) => (
                  <FacetInput
                    resource={resource}
                    facet="segments"
                    value={v}
                    onChange={set}
                    label={t('listsUi.setSegment')}
                    description={t('listsUi.segmentHint')}
                    testId="bulk-segment-input"
                  />
                )}
                onApply={(segment) => run({ action: 'setSegment', segment: segment || null })}
              />
              <Button
                size="compact-sm"
                variant="light"
                color="red"
                leftSection={<IconTrash size={14} />}
                loading={bulk.isPending}
                onClick={() =>
                  confirm.ask(t('listsUi.confirmDelete', { count }), () => void run({ action: 'delete' }, undoDelete), {
                    confirmLabel: t('listsUi.delete'),
                  })
                }
                data-testid="bulk-delete"
              >
                {t('listsUi.delete')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      {confirm.dialog}
    </Paper>
  );
}
