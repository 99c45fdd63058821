import { Link } from 'react-router';
import { Anchor, Button, Card, Stack, Text } from '@mantine/core';
import { IconAddressBook, IconPlus, IconRestore } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { ListFilters, useListParams } from '../../ui/ListFilters';
import { RecordTable, type Column } from '../../ui/RecordTable';
import { Tags } from '../../ui/Tags';
import { useFormat } from '../../ui/format';
import { formatPhone } from '../../ui/phone';
import { useRestore } from '../../ui/useDeleteWithUndo';
import { contactKeys, displayName, useContactList, type ContactListItem } from './contacts.api';

export function ContactsListPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const restore = useRestore('/contacts', [[...contactKeys.all]]);
  const list = useListParams({ field: 'name', desc: false });
  const query = useContactList(list.value);

  const trash = !!list.value.deleted;
  const columns: Column<ContactListItem>[] = [
    {
      key: 'name',
      header: t('ui.contact.name'),
      sortField: 'name',
      render: (c) => (
        <div style={{ minWidth: 0 }}>
          {trash ? <Text size="sm" fw={500}>{displayName(c)}</Text> : (
            <Anchor component={Link} to={`/contacts/${c.id}`} fw={500} size="sm" c="var(--mantine-color-text)" data-testid="contact-link">
              {displayName(c)}
            </Anchor>
          )}
          {(c.position || c.companyName) && (
            <Text size="xs" c="dimmed" truncate hiddenFrom="md">{[c.position, c.companyName].filter(Boolean).join(' · ')}</Text>
          )}
          {c.phones[0] && (
            <Text size="xs" className="orbita-num" hiddenFrom="sm">{formatPhone(c.phones[0].number, i18n.language)}</Text>
          )}
        </div>
      ),
    },
    {
      key: 'company',
      header: t('ui.contact.company'),
      render: (c) => (
        <div style={{ minWidth: 0 }}>
          {c.companyId && c.companyName ? (
            <Anchor component={Link} to={`/companies/${c.companyId}`} size="sm">{c.companyName}</Anchor>
          ) : null}
          {c.position && <Text size="xs" c="dimmed" truncate>{c.position}</Text>}
        </div>
      ),
      visibleFrom: 'md',
    },
    {
      key: 'phone',
      header: t('ui.fields.phone'),
      render: (c) => <Text size="sm" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>{c.phones[0] ? formatPhone(c.phones[0].number, i18n.language) : ''}</Text>,
      visibleFrom: 'sm',
    },
    { key: 'email', header: t('ui.fields.email'), render: (c) => <Text size="sm" truncate maw={240}>{c.emails[0]?.address ?? ''}</Text>, visibleFrom: 'lg' },
    { key: 'tags', header: t('ui.fields.tags'), render: (c) => <Tags tags={c.tags} max={2} />, visibleFrom: 'xl' },
    { key: 'owner', header: t('ui.fields.owner'), render: (c) => <Text size="sm">{c.ownerName ?? ''}</Text>, visibleFrom: 'sm' },
    {
      key: 'updatedAt',
      header: trash ? t('ui.fields.deletedAt') : t('ui.fields.updatedAt'),
      sortField: 'updatedAt',
      render: (c) => <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{fmt.date(trash ? c.deletedAt : c.updatedAt)}</Text>,
      visibleFrom: 'md',
    },
    ...(trash ? [{
      key: 'restore',
      header: '',
      render: (c: ContactListItem) => (
        <Button size="compact-sm" variant="light" leftSection={<IconRestore size={14} />} onClick={() => void restore(c.id, displayName(c))} data-testid="restore">
          {t('ui.actions.restore')}
        </Button>
      ),
    }] : []),
  ];

  return (
    <>
      <PageHeader
        title={t('ui.nav.contacts')}
        actions={
          <Button component={Link} to="/contacts/new" leftSection={<IconPlus size={16} />} data-testid="new-contact">
            {t('ui.contact.new')}
          </Button>
        }
      />
      <Card p={0}>
        <ListFilters list={list} searchPlaceholder={t('ui.contact.searchPlaceholder')} />
        <RecordTable
          query={query}
          columns={columns}
          href={(c) => (trash ? null : `/contacts/${c.id}`)}
          sort={list.value.sort}
          onSort={(sort) => list.set({ sort })}
          tableTestId="contacts-table"
          rowTestId="contact-row"
          empty={
            <Stack align="center" gap={6}>
              <IconAddressBook size={36} stroke={1.2} style={{ opacity: 0.5 }} />
              <Text c="dimmed" size="sm">{list.active ? t('ui.list.noMatches') : t('ui.contact.empty')}</Text>
            </Stack>
          }
        />
      </Card>
    </>
  );
}
