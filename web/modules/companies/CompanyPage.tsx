import { useState } from 'react';
import { useParams } from 'react-router';
import { Badge, Card, Grid, Stack, Text } from '@mantine/core';
import { IconFileCertificate, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/Loaders';
import { ErrorState } from '../../ui/ErrorState';
import { ChannelList, InfoList } from '../../ui/InfoList';
import { countryName } from '../../ui/countries';
import { RecordActions, RecordSideCards, RecordTabs } from '../../ui/RecordPage';
import { MergeModal } from '../../ui/MergeModal';
import { ClientPanels } from '../../ui/ClientPanels';
import { companyKeys, useCompany } from './companies.api';
import { CompanyPeople } from './CompanyPeople';
import { CompanyContracts } from '../contracts/CompanyContracts';
import { CreditBadge } from '../contracts/CreditBadge';
import { recordPath, sectionPath } from '../../lib/records';

/** IBANs are read in groups of four characters. */
const groupsOf4 = (s: string) => s.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

/** A company: requisites, how to reach it, its people, timeline and history. */
export function CompanyPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [merging, setMerging] = useState(false);
  const query = useCompany(id);

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;

  return (
    <>
      <PageHeader
        title={c.name}
        titleTestId="company-title"
        back={{ to: sectionPath('company'), label: t('ui.nav.companies') }}
        badges={
          <>
            {c.legalForm && (
              <Badge variant="light" color="gray">
                {c.legalForm}
              </Badge>
            )}
            {c.segment && <Badge variant="light">{c.segment}</Badge>}
            <CreditBadge companyId={c.id} />
          </>
        }
        subtitle={[c.industry, countryName(c.country, i18n.language)].filter(Boolean).join(' · ') || undefined}
        actions={
          <RecordActions
            kind="company"
            id={c.id}
            title={c.name}
            queryKeys={[companyKeys.all as unknown as unknown[]]}
            onMerge={() => setMerging(true)}
          />
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Card>
              <Text fw={600} mb="sm">
                {t('ui.company.requisites')}
              </Text>
              {[c.inn, c.kpp, c.ogrn, c.eik, c.vatNumber, c.bik, c.settlementAccount, c.corrAccount, c.iban, c.bankName].some(Boolean) ? (
                <InfoList
                  items={[
                    { label: t('ui.company.inn'), value: c.inn, copy: c.inn, testId: 'company-inn-value' },
                    { label: t('ui.company.kpp'), value: c.kpp, copy: c.kpp },
                    { label: t('ui.company.ogrn'), value: c.ogrn, copy: c.ogrn },
                    { label: t('ui.company.eik'), value: c.eik, copy: c.eik },
                    { label: t('ui.company.vatNumber'), value: c.vatNumber, copy: c.vatNumber },
                    { label: t('ui.company.bankName'), value: c.bankName },
                    { label: t('ui.company.bik'), value: c.bik, copy: c.bik },
                    { label: t('ui.company.settlementAccount'), value: c.settlementAccount, copy: c.settlementAccount },
                    { label: t('ui.company.corrAccount'), value: c.corrAccount, copy: c.corrAccount },
                    { label: t('ui.company.iban'), value: c.iban && groupsOf4(c.iban), copy: c.iban?.replace(/\s+/g, '') },
                  ]}
                />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('ui.company.noRequisites')}
                </Text>
              )}
            </Card>
            <Card>
              <Text fw={600} mb="sm">
                {t('ui.company.contactsSection')}
              </Text>
              <ChannelList phones={c.phones} emails={c.emails} website={c.website} addresses={c.addresses} />
            </Card>
            <RecordSideCards kind="company" record={c} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <ClientPanels client={{ kind: 'company', id: c.id, name: c.name, companyId: c.id }} />
            <RecordTabs
              kind="company"
              id={c.id}
              extra={[
                {
                  value: 'people',
                  label: t('ui.tabs.people'),
                  icon: IconUsers,
                  testId: 'tab-people',
                  panel: <CompanyPeople companyId={c.id} />,
                },
                {
                  value: 'contracts',
                  label: t('contractsUi.tab'),
                  icon: IconFileCertificate,
                  testId: 'tab-contracts',
                  panel: <CompanyContracts companyId={c.id} />,
                },
              ]}
            />
          </Stack>
        </Grid.Col>
      </Grid>
      <MergeModal
        opened={merging}
        onClose={() => setMerging(false)}
        kind="company"
        id={c.id}
        title={c.name}
        invalidate={[[...companyKeys.all], ['timeline', recordPath('company', c.id)]]}
      />
    </>
  );
}
