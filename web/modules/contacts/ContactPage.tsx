import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Avatar, Badge, Button, Card, Grid, Group, Stack, Text } from '@mantine/core';
import { IconAddressBook, IconBuildingSkyscraper, IconCake, IconCalendarHeart, IconHeart } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/Loaders';
import { ErrorState } from '../../ui/ErrorState';
import { ChannelList } from '../../ui/InfoList';
import { initials, nextAnniversary, useFormat } from '../../lib/format';
import { RecordActions, RecordSideCards, RecordTabs } from '../../ui/RecordPage';
import { contactVcardUrl } from '../../lib/exports.api';
import { MergeModal } from '../../ui/MergeModal';
import { ClientPanels } from '../../ui/ClientPanels';
import { contactKeys, displayName, useContact, type Contact } from './contacts.api';
import { recordPath, sectionPath } from '../../lib/records';

/** "in 5 days", "today!" next to a date that comes back every year. */
function Upcoming({ ymd }: { ymd: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const next = nextAnniversary(ymd, fmt.today());
  if (!next || next.days > 30) return null;
  return (
    <Badge size="sm" variant="light" color={next.days === 0 ? 'pink' : 'orange'}>
      {next.days === 0 ? t('ui.contact.today') : t('ui.contact.inDays', { count: next.days })}
    </Badge>
  );
}

/** Birthday, dates to remember, preferences: what a good manager keeps in mind. */
function PersonalMemory({ c }: { c: Contact }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const age = c.birthday ? nextAnniversary(c.birthday, fmt.today()) : null;
  const empty = !c.birthday && c.importantDates.length === 0 && c.preferences.length === 0;
  if (empty)
    return (
      <Text size="sm" c="dimmed">
        {t('ui.contact.memoryEmpty')}
      </Text>
    );
  return (
    <Stack gap="sm">
      {c.birthday && (
        <Group gap="sm" wrap="nowrap" data-testid="birthday">
          <IconCake size={18} style={{ opacity: 0.6, flexShrink: 0 }} />
          <div>
            <Group gap={6}>
              <Text size="sm">{fmt.day(c.birthday)}</Text>
              <Upcoming ymd={c.birthday} />
            </Group>
            {age && age.years > 0 && (
              <Text size="xs" c="dimmed">
                {t('ui.contact.turns', { count: age.years })}
              </Text>
            )}
          </div>
        </Group>
      )}
      {c.importantDates.map((d, i) => (
        <Group key={i} gap="sm" wrap="nowrap">
          <IconCalendarHeart size={18} style={{ opacity: 0.6, flexShrink: 0 }} />
          <div>
            <Group gap={6}>
              <Text size="sm">{fmt.day(d.date)}</Text>
              <Upcoming ymd={d.date} />
            </Group>
            <Text size="xs" c="dimmed">
              {d.label}
            </Text>
          </div>
        </Group>
      ))}
      {c.preferences.map((p, i) => (
        <Group key={`p${i}`} gap="sm" wrap="nowrap" align="flex-start">
          <IconHeart size={18} style={{ opacity: 0.6, flexShrink: 0, marginTop: 2 }} />
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {t(`ui.preferenceKinds.${p.kind}`, { defaultValue: p.kind })}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {p.text}
            </Text>
          </div>
        </Group>
      ))}
    </Stack>
  );
}

function Relations({ c }: { c: Contact }) {
  const { t } = useTranslation();
  // The primary company first; a company the caller may not see has no name and no link.
  const companies = [...c.companies].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  if (companies.length === 0 && c.links.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('ui.contact.noRelations')}
      </Text>
    );
  return (
    <Stack gap="sm">
      {companies.map((m) => (
        <Group key={m.companyId} gap="sm" wrap="nowrap" data-testid="contact-company">
          <IconBuildingSkyscraper size={18} style={{ opacity: 0.6, flexShrink: 0 }} />
          <div style={{ minWidth: 0 }}>
            <Group gap={6}>
              {m.companyName ? (
                <Anchor component={Link} to={recordPath('company', m.companyId)} size="sm" fw={500}>
                  {m.companyName}
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('ui.contact.hiddenCompany')}
                </Text>
              )}
              {m.isPrimary && companies.length > 1 && (
                <Badge size="xs" variant="light">
                  {t('ui.contact.primary')}
                </Badge>
              )}
            </Group>
            {m.position && (
              <Text size="xs" c="dimmed">
                {m.position}
              </Text>
            )}
          </div>
        </Group>
      ))}
      {c.links.map((l) => (
        <Group key={`${l.kind}:${l.contactId}`} gap="sm" wrap="nowrap" data-testid="contact-link-item">
          <Avatar size={24} radius="xl">
            {initials(l.contactName)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {t(`ui.contact.linkKinds.${l.kind}`)}
            </Text>
            <Anchor component={Link} to={recordPath('contact', l.contactId)} size="sm">
              {l.contactName}
            </Anchor>
            {l.note && (
              <Text size="xs" c="dimmed">
                {l.note}
              </Text>
            )}
          </div>
        </Group>
      ))}
    </Stack>
  );
}

/** A person: how to reach them, what to remember, where they work, their timeline and history. */
export function ContactPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [merging, setMerging] = useState(false);
  const query = useContact(id);

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const name = displayName(c);

  return (
    <>
      <PageHeader
        title={name}
        titleTestId="contact-title"
        back={{ to: sectionPath('contact'), label: t('ui.nav.contacts') }}
        badges={c.segment ? <Badge variant="light">{c.segment}</Badge> : undefined}
        subtitle={[c.position, c.companyName].filter(Boolean).join(' · ') || undefined}
        actions={
          <Group gap="xs">
            <Button
              variant="default"
              component="a"
              href={contactVcardUrl(c.id)}
              leftSection={<IconAddressBook size={16} />}
              data-testid="contact-vcard"
            >
              {t('exports.ui.vcard')}
            </Button>
            <RecordActions
              kind="contact"
              id={c.id}
              title={name}
              queryKeys={[contactKeys.all as unknown as unknown[]]}
              onMerge={() => setMerging(true)}
            />
          </Group>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Card>
              <Text fw={600} mb="sm">
                {t('ui.contact.channels')}
              </Text>
              <ChannelList phones={c.phones} emails={c.emails} messengers={c.messengers} addresses={c.addresses} callContactId={c.id} />
            </Card>
            <Card>
              <Text fw={600} mb="sm">
                {t('ui.contact.memory')}
              </Text>
              <PersonalMemory c={c} />
            </Card>
            <Card>
              <Text fw={600} mb="sm">
                {t('ui.contact.relations')}
              </Text>
              <Relations c={c} />
            </Card>
            <RecordSideCards kind="contact" record={c} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <ClientPanels client={{ kind: 'contact', id: c.id, name, companyId: c.companyName ? c.companyId : null }} />
            <RecordTabs kind="contact" id={c.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <MergeModal
        opened={merging}
        onClose={() => setMerging(false)}
        kind="contact"
        id={c.id}
        title={name}
        invalidate={[[...contactKeys.all], ['timeline', recordPath('contact', c.id)]]}
      />
    </>
  );
}
