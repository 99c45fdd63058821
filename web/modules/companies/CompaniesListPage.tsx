import { Link } from 'react-router';
import { Anchor, Text } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useListParams } from '../../ui/ListFilters';
import { RecordListPage, useRecordColumns } from '../../ui/RecordListPage';
import type { Column } from '../../ui/RecordTable';
import { Tags } from '../../ui/Tags';
import { companyKeys, listQuery, useCompanyList, type CompanyListItem } from './companies.api';
import { ExportButton } from '../../ui/ExportButton';
import { recordPath } from '../../lib/records';

export function CompaniesListPage() {
  const { t } = useTranslation();
  const list = useListParams({ field: 'name', desc: false });
  const query = useCompanyList(list.value);

  const trash = !!list.value.deleted;
  const shared = useRecordColumns<CompanyListItem>('company', [[...companyKeys.all]], trash, (c) => c.name);
  const columns: Column<CompanyListItem>[] = [
    {
      key: 'name',
      header: t('ui.company.name'),
      sortField: 'name',
      render: (c) => (
        <div style={{ minWidth: 0 }}>
          {trash ? (
            <Text size="sm" fw={500}>
              {c.name}
            </Text>
          ) : (
            <Anchor
              component={Link}
              to={recordPath('company', c.id)}
              fw={500}
              size="sm"
              c="var(--mantine-color-text)"
              data-testid="company-link"
            >
              {c.name}
            </Anchor>
          )}
          {(c.legalForm || c.industry) && (
            <Text size="xs" c="dimmed" truncate>
              {[c.legalForm, c.industry].filter(Boolean).join(' · ')}
            </Text>
          )}
        </div>
      ),
    },
    {
      key: 'ids',
      header: t('ui.company.registration'),
      render: (c) => (
        <Text size="sm" className="orbita-num">
          {c.inn ?? c.eik ?? '—'}
        </Text>
      ),
      visibleFrom: 'md',
    },
    { key: 'segment', header: t('ui.fields.segment'), render: (c) => <Text size="sm">{c.segment ?? ''}</Text>, visibleFrom: 'lg' },
    { key: 'tags', header: t('ui.fields.tags'), render: (c) => <Tags tags={c.tags} max={2} />, visibleFrom: 'lg' },
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
    {
      key: 'industry',
      header: t('ui.fields.industry'),
      render: (c) => (
        <Text size="sm" truncate maw={200}>
          {c.industry ?? ''}
        </Text>
      ),
      visibleFrom: 'lg',
    },
    ...shared.tail,
  ];

  return (
    <RecordListPage
      kind="company"
      title={t('ui.nav.companies')}
      newRecord={{ label: t('ui.company.new'), testId: 'new-company' }}
      searchPlaceholder={t('ui.company.searchPlaceholder')}
      list={list}
      query={query}
      columns={columns}
      tableTestId="companies-table"
      rowTestId="company-row"
      emptyIcon={IconBuildingSkyscraper}
      emptyText={t('ui.company.empty')}
      listQuery={listQuery(list.value)}
      extraActions={<ExportButton entity="companies" query={listQuery(list.value)} />}
    />
  );
}
