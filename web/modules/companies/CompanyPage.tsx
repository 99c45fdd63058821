import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ActionIcon, Badge, Button, Card, Grid, Menu, Stack, Tabs, Text } from '@mantine/core';
import { IconArrowMerge, IconDots, IconHistory, IconMessage2, IconPencil, IconTrash, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/Loaders';
import { ErrorState } from '../../ui/ErrorState';
import { ChannelList, InfoList } from '../../ui/InfoList';
import { ClassificationInfo } from '../../ui/RecordSide';
import { TimelinePanel } from '../../ui/TimelinePanel';
import { AuditPanel } from '../../ui/AuditPanel';
import { countryName } from '../../ui/countries';
import { useDeleteWithUndo } from '../../ui/useDeleteWithUndo';
import { SharingCard } from '../../ui/SharingCard';
import { MergeModal } from '../../ui/MergeModal';
import { companyKeys, useCompany } from './companies.api';
import { CompanyPeople } from './CompanyPeople';

/** IBANs are read in groups of four characters. */
const groupsOf4 = (s: string) => s.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');

/** A company: requisites, how to reach it, its people, timeline and history. */
export function CompanyPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [merging, setMerging] = useState(false);
  const query = useCompany(id);
  const remove = useDeleteWithUndo('/companies', [companyKeys.all as unknown as unknown[]]);

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;

  const fieldLabel = (field: string) => t(`ui.company.${field}`, { defaultValue: t(`ui.fields.${field}`, { defaultValue: field }) });

  return (
    <>
      <PageHeader
        title={c.name}
        titleTestId="company-title"
        back={{ to: '/companies', label: t('ui.nav.companies') }}
        badges={<>{c.legalForm && <Badge variant="light" color="gray">{c.legalForm}</Badge>}{c.segment && <Badge variant="light">{c.segment}</Badge>}</>}
        subtitle={[c.industry, countryName(c.country, i18n.language)].filter(Boolean).join(' · ') || undefined}
        actions={
          <>
            <Button component={Link} to={`/companies/${c.id}/edit`} variant="default" leftSection={<IconPencil size={16} />} data-testid="edit">
              {t('ui.actions.edit')}
            </Button>
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              data-testid="delete"
              onClick={() => void remove(c.id, c.name, () => void navigate('/companies'), () => void navigate(`/companies/${c.id}`))}
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
                <Menu.Item leftSection={<IconArrowMerge size={16} />} onClick={() => setMerging(true)} data-testid="merge">
                  {t('ui.merge.title')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Card>
              <Text fw={600} mb="sm">{t('ui.company.requisites')}</Text>
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
                <Text size="sm" c="dimmed">{t('ui.company.noRequisites')}</Text>
              )}
            </Card>
            <Card>
              <Text fw={600} mb="sm">{t('ui.company.contactsSection')}</Text>
              <ChannelList phones={c.phones} emails={c.emails} website={c.website} addresses={c.addresses} />
            </Card>
            <Card>
              <Text fw={600} mb="sm">{t('ui.fields.classification')}</Text>
              <ClassificationInfo ownerId={c.ownerId} segment={c.segment} source={c.source} tags={c.tags} createdAt={c.createdAt} updatedAt={c.updatedAt} />
            </Card>
            <SharingCard resource={`/companies/${c.id}`} ownerId={c.ownerId} />
            {c.notes && (
              <Card>
                <Text fw={600} mb="xs">{t('ui.fields.notes')}</Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</Text>
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card>
            <Tabs defaultValue="timeline" keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="timeline" leftSection={<IconMessage2 size={16} />}>{t('ui.tabs.timeline')}</Tabs.Tab>
                <Tabs.Tab value="people" leftSection={<IconUsers size={16} />} data-testid="tab-people">{t('ui.tabs.people')}</Tabs.Tab>
                <Tabs.Tab value="history" leftSection={<IconHistory size={16} />} data-testid="tab-history">{t('ui.tabs.history')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="timeline"><TimelinePanel resource={`/companies/${c.id}`} /></Tabs.Panel>
              <Tabs.Panel value="people"><CompanyPeople companyId={c.id} /></Tabs.Panel>
              <Tabs.Panel value="history"><AuditPanel entity="company" id={c.id} fieldLabel={fieldLabel} /></Tabs.Panel>
            </Tabs>
          </Card>
        </Grid.Col>
      </Grid>
      <MergeModal
        opened={merging}
        onClose={() => setMerging(false)}
        resource="/companies"
        id={c.id}
        title={c.name}
        labelOf={(x) => String(x.name)}
        invalidate={[[...companyKeys.all], ['timeline', `/companies/${c.id}`]]}
      />
    </>
  );
}
