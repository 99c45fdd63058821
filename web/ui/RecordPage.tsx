import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { ActionIcon, Button, Card, Menu, Tabs, Text } from '@mantine/core';
import { IconArrowMerge, IconDots, IconFiles, IconHistory, IconMessage2, IconPencil, IconTrash, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AuditPanel } from './AuditPanel';
import { ClassificationInfo } from './RecordSide';
import { SharingCard } from './SharingCard';
import { TimelinePanel } from './TimelinePanel';
import { DocumentsPanel } from './DocumentsPanel';
import { useDeleteWithUndo } from './useDeleteWithUndo';
import { recordEditPath, recordPath, sectionPath, type RecordKind } from '../lib/records';

type ActionsProps = {
  kind: RecordKind;
  id: string;
  /** How the record is named in the delete and undo notices. */
  title: string;
  /** Queries refreshed after a delete or its undo. */
  queryKeys: readonly unknown[][];
  onMerge: () => void;
};

/** Edit, delete (with undo) and the "more" menu with merge, as in the header of a counterparty page. */
export function RecordActions({ kind, id, title, queryKeys, onMerge }: ActionsProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const remove = useDeleteWithUndo(sectionPath(kind), queryKeys);
  return (
    <>
      <Button component={Link} to={recordEditPath(kind, id)} variant="default" leftSection={<IconPencil size={16} />} data-testid="edit">
        {t('ui.actions.edit')}
      </Button>
      <Button
        variant="subtle"
        color="red"
        leftSection={<IconTrash size={16} />}
        data-testid="delete"
        onClick={() =>
          void remove(
            id,
            title,
            () => void navigate(sectionPath(kind)),
            () => void navigate(recordPath(kind, id)),
          )
        }
      >
        {t('ui.actions.delete')}
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label={t('ui.merge.more')} data-testid="more-actions">
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconArrowMerge size={16} />} onClick={onMerge} data-testid="merge">
            {t('ui.merge.title')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}

type CardsProps = {
  kind: RecordKind;
  record: {
    id: string;
    ownerId: string | null;
    segment: string | null;
    source: string | null;
    tags: string[];
    createdAt: string;
    updatedAt: string;
    notes: string | null;
  };
};

/** The cards that close the side column of a counterparty page: classification, sharing, notes. */
export function RecordSideCards({ kind, record: r }: CardsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Card>
        <Text fw={600} mb="sm">
          {t('ui.fields.classification')}
        </Text>
        <ClassificationInfo
          ownerId={r.ownerId}
          segment={r.segment}
          source={r.source}
          tags={r.tags}
          createdAt={r.createdAt}
          updatedAt={r.updatedAt}
        />
      </Card>
      <SharingCard resource={recordPath(kind, r.id)} ownerId={r.ownerId} />
      {r.notes && (
        <Card>
          <Text fw={600} mb="xs">
            {t('ui.fields.notes')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {r.notes}
          </Text>
        </Card>
      )}
    </>
  );
}

type Tab = { value: string; label: string; icon: Icon; testId?: string; panel: ReactNode };

type TabsProps = {
  /** The audit entity, also the translation group of its field names (`ui.company.inn`). */
  kind: 'company' | 'contact';
  id: string;
  /** The entity's own tabs, between the timeline and the history. */
  extra?: Tab[];
};

/** The main column of a counterparty page: its timeline, its own tabs, its documents and its change history. */
export function RecordTabs({ kind, id, extra = [] }: TabsProps) {
  const { t } = useTranslation();
  const fieldLabel = (field: string) => t(`ui.${kind}.${field}`, { defaultValue: t(`ui.fields.${field}`, { defaultValue: field }) });
  return (
    <Card>
      <Tabs defaultValue="timeline" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="timeline" leftSection={<IconMessage2 size={16} />}>
            {t('ui.tabs.timeline')}
          </Tabs.Tab>
          {extra.map(({ value, label, icon: TabIcon, testId }) => (
            <Tabs.Tab key={value} value={value} leftSection={<TabIcon size={16} />} data-testid={testId}>
              {label}
            </Tabs.Tab>
          ))}
          <Tabs.Tab value="documents" leftSection={<IconFiles size={16} />} data-testid="tab-documents">
            {t('documents.title')}
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />} data-testid="tab-history">
            {t('ui.tabs.history')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="timeline">
          <TimelinePanel resource={recordPath(kind, id)} filters />
        </Tabs.Panel>
        {extra.map(({ value, panel }) => (
          <Tabs.Panel key={value} value={value}>
            {panel}
          </Tabs.Panel>
        ))}
        <Tabs.Panel value="documents">
          <DocumentsPanel target={{ entity: kind, entityId: id }} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <AuditPanel entity={kind} id={id} fieldLabel={fieldLabel} />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
