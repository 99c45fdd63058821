import { Link } from 'react-router';
import { Anchor, Button, Card, Stack, Text } from '@mantine/core';
import { IconBuildingSkyscraper, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { ListFilters, useListParams } from '../../ui/ListFilters';
import { RecordTable, type Column } from '../../ui/RecordTable';
import { Tags } from '../../ui/Tags';
import { useFormat } from '../../ui/format';
import { formatPhone } from '../../ui/phone';
import { useUserNames } from '../../ui/users';
import { useCompanyList, type Company } from './companies.api';

export function CompaniesListPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const owners = useUserNames();
  const list = useListParams({ field: 'name', desc: false });
  const query = useCompanyList(list.value);

  const columns: Column<Company>[] = [
    {
      key: 'name',
      header: t('ui.company.name'),
      sortField: 'name',
      render: (c) => (
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/companies/${c.id}`} fw={500} size="sm" c="var(--mantine-color-text)" data-testid="company-link">
            {c.name}
          </Anchor>
          {(c.legalForm || c.industry) && (
            <Text size="xs" c="dimmed" truncate>{[c.legalForm, c.industry].filter(Boolean).join(' · ')}</Text>
          )}
        </div>
      ),
    },
    {
      key: 'ids',
      header: t('ui.company.registration'),
      render: (c) => <Text size="sm" className="orbita-num">{c.inn ?? c.eik ?? c.vatNumber ?? '—'}</Text>,
      visibleFrom: 'md',
    },
    { key: 'segment', header: t('ui.fields.segment'), render: (c) => <Text size="sm">{c.segment ?? ''}</Text>, visibleFrom: 'lg' },
    { key: 'tags', header: t('ui.fields.tags'), render: (c) => <Tags tags={c.tags} max={2} />, visibleFrom: 'lg' },
    {
      key: 'phone',
      header: t('ui.fields.phone'),
      render: (c) => <Text size="sm" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>{c.phones[0] ? formatPhone(c.phones[0].number, i18n.language) : ''}</Text>,
      visibleFrom: 'sm',
    },
    { key: 'owner', header: t('ui.fields.owner'), render: (c) => <Text size="sm">{c.ownerId ? owners.get(c.ownerId) ?? '' : ''}</Text>, visibleFrom: 'sm' },
    {
      key: 'updatedAt',
      header: t('ui.fields.updatedAt'),
      sortField: 'updatedAt',
      render: (c) => <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{fmt.date(c.updatedAt)}</Text>,
      visibleFrom: 'md',
    },
  ];

  return (
    <>
      <PageHeader
        title={t('ui.nav.companies')}
        actions={
          <Button component={Link} to="/companies/new" leftSection={<IconPlus size={16} />} data-testid="new-company">
            {t('ui.company.new')}
          </Button>
        }
      />
      <Card p={0}>
        <ListFilters list={list} searchPlaceholder={t('ui.company.searchPlaceholder')} />
        <RecordTable
          query={query}
          columns={columns}
          href={(c) => `/companies/${c.id}`}
          sort={list.value.sort}
          onSort={(sort) => list.set({ sort })}
          tableTestId="companies-table"
          rowTestId="company-row"
          empty={
            <Stack align="center" gap={6}>
              <IconBuildingSkyscraper size={36} stroke={1.2} style={{ opacity: 0.5 }} />
              <Text c="dimmed" size="sm">{list.active ? t('ui.list.noMatches') : t('ui.company.empty')}</Text>
            </Stack>
          }
        />
      </Card>
    </>
  );
}
