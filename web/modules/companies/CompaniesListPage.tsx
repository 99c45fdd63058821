import { Link } from 'react-router';
import { Anchor, Button, Card, Stack, Text } from '@mantine/core';
import { IconBuildingSkyscraper, IconPlus, IconRestore } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { ListFilters, useListParams } from '../../ui/ListFilters';
import { RecordTable, type Column } from '../../ui/RecordTable';
import { Tags } from '../../ui/Tags';
import { useFormat } from '../../ui/format';
import { formatPhone } from '../../ui/phone';
import { useRestore } from '../../ui/useDeleteWithUndo';
import { companyKeys, useCompanyList, type CompanyListItem } from './companies.api';

export function CompaniesListPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const restore = useRestore('/companies', [[...companyKeys.all]]);
  const list = useListParams({ field: 'name', desc: false });
  const query = useCompanyList(list.value);

  const trash = !!list.value.deleted;
  const columns: Column<CompanyListItem>[] = [
    {
      key: 'name',
      header: t('ui.company.name'),
      sortField: 'name',
      render: (c) => (
        <div style={{ minWidth: 0 }}>
          {trash ? <Text size="sm" fw={500}>{c.name}</Text> : (
            <Anchor component={Link} to={`/companies/${c.id}`} fw={500} size="sm" c="var(--mantine-color-text)" data-testid="company-link">
              {c.name}
            </Anchor>
          )}
          {(c.legalForm || c.industry) && (
            <Text size="xs" c="dimmed" truncate>{[c.legalForm, c.industry].filter(Boolean).join(' · ')}</Text>
          )}
        </div>
      ),
    },
    {
      key: 'ids',
      header: t('ui.company.registration'),
      render: (c) => <Text size="sm" className="orbita-num">{c.inn ?? c.eik ?? '—'}</Text>,
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
      render: (c: CompanyListItem) => (
        <Button size="compact-sm" variant="light" leftSection={<IconRestore size={14} />} onClick={() => void restore(c.id, c.name)} data-testid="restore">
          {t('ui.actions.restore')}
        </Button>
      ),
    }] : []),
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
          href={(c) => (trash ? null : `/companies/${c.id}`)}
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
