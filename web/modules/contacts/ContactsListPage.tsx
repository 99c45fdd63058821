import { Link } from 'react-router';
import { Anchor, Text } from '@mantine/core';
import { IconAddressBook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useListParams } from '../../ui/ListFilters';
import { RecordListPage, useRecordColumns } from '../../ui/RecordListPage';
import type { Column } from '../../ui/RecordTable';
import { Tags } from '../../ui/Tags';
import { formatPhone } from '../../ui/phone';
import { contactKeys, contactListQuery, displayName, useContactList, type ContactListItem } from './contacts.api';
import { ExportButton } from '../../ui/ExportButton';
import { recordPath } from '../../lib/records';
import { useFormat } from '../../lib/format';

export function ContactsListPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const list = useListParams({ field: 'name', desc: false });
  const query = useContactList(list.value);

  const trash = !!list.value.deleted;
  const shared = useRecordColumns<ContactListItem>('contact', [[...contactKeys.all]], trash, displayName);
  const columns: Column<ContactListItem>[] = [
    {
      key: 'name',
      header: t('ui.contact.name'),
      sortField: 'name',
      render: (c) => (
        <div style={{ minWidth: 0 }}>
          {trash ? (
            <Text size="sm" fw={500}>
              {displayName(c)}
            </Text>
          ) : (
            <Anchor
              component={Link}
              to={recordPath('contact', c.id)}
              fw={500}
              size="sm"
              c="var(--mantine-color-text)"
              data-testid="contact-link"
            >
              {displayName(c)}
            </Anchor>
          )}
          {(c.position || c.companyName) && (
            <Text size="xs" c="dimmed" truncate hiddenFrom="md">
              {[c.position, c.companyName].filter(Boolean).join(' · ')}
            </Text>
          )}
          {c.phones[0] && (
            <Text size="xs" className="orbita-num" hiddenFrom="sm">
              {formatPhone(c.phones[0].number, i18n.language)}
            </Text>
          )}
        </div>
      ),
    },
    {
      key: 'company',
      header: t('ui.contact.company'),
      sortField: 'company',
      render: (c) => (
        <div style={{ minWidth: 0 }}>
          {c.companyId && c.companyName ? (
            <Anchor component={Link} to={recordPath('company', c.companyId)} size="sm">
              {c.companyName}
            </Anchor>
          ) : null}
          {c.position && (
            <Text size="xs" c="dimmed" truncate>
              {c.position}
            </Text>
          )}
        </div>
      ),
      visibleFrom: 'md',
    },
    {
      key: 'position',
      header: t('ui.contact.position'),
      render: (c) => (
        <Text size="sm" truncate maw={200}>
          {c.position ?? ''}
        </Text>
      ),
      visibleFrom: 'md',
    },
    shared.phone,
    {
      key: 'email',
      header: t('ui.fields.email'),
      render: (c) => (
        <Text size="sm" truncate maw={240}>
          {c.emails[0]?.address ?? ''}
        </Text>
      ),
      visibleFrom: 'lg',
    },
    { key: 'tags', header: t('ui.fields.tags'), render: (c) => <Tags tags={c.tags} max={2} />, visibleFrom: 'xl' },
    { key: 'segment', header: t('ui.fields.segment'), render: (c) => <Text size="sm">{c.segment ?? ''}</Text>, visibleFrom: 'lg' },
    {
      key: 'lastContact',
      header: t('listsUi.lastContact'),
      sortField: 'lastContact',
      render: (c) => (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {c.lastContactAt ? fmt.date(c.lastContactAt) : t('listsUi.neverContacted')}
        </Text>
      ),
      visibleFrom: 'md',
    },
    ...shared.tail,
  ];

  return (
    <RecordListPage
      kind="contact"
      title={t('ui.nav.contacts')}
      newRecord={{ label: t('ui.contact.new'), testId: 'new-contact' }}
      searchPlaceholder={t('ui.contact.searchPlaceholder')}
      list={list}
      query={query}
      columns={columns}
      tableTestId="contacts-table"
      rowTestId="contact-row"
      emptyIcon={IconAddressBook}
      emptyText={t('ui.contact.empty')}
      listQuery={contactListQuery(list.value)}
      extraActions={<ExportButton entity="contacts" query={contactListQuery(list.value)} formats={['csv', 'xlsx', 'vcf']} />}
    />
  );
}
