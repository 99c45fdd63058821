import { Link } from 'react-router';
import { Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { displayName, useContactList } from '../contacts/contacts.api';
import { CallButton } from '../../ui/CallButton';
import { formatPhone, telHref } from '../../ui/phone';
import { ErrorState } from '../../ui/ErrorState';
import { newRecordPath, recordPath } from '../../lib/records';

/** People who work at the company, with a shortcut to add one. */
export function CompanyPeople({ companyId }: { companyId: string }) {
  const { t, i18n } = useTranslation();
  const query = useContactList({ q: '', ownerId: '', tag: '', segment: '', companyId, sort: { field: 'name', desc: false } });
  const people = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button
          component={Link}
          to={newRecordPath('contact', { companyId })}
          size="xs"
          variant="light"
          leftSection={<IconUserPlus size={14} />}
        >
          {t('ui.contact.new')}
        </Button>
      </Group>
      {query.isPending && (
        <Center py="md">
          <Loader size="sm" />
        </Center>
      )}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && people.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" py="md">
          {t('ui.company.noPeople')}
        </Text>
      )}
      {people.map((p) => (
        <Group key={p.id} justify="space-between" wrap="nowrap" data-testid="company-person">
          <div style={{ minWidth: 0 }}>
            <Anchor component={Link} to={recordPath('contact', p.id)} size="sm" fw={500}>
              {displayName(p)}
            </Anchor>
            {p.position && (
              <Text size="xs" c="dimmed" truncate>
                {p.position}
              </Text>
            )}
          </div>
          {p.phones[0] && (
            <Group gap={4} wrap="nowrap">
              <Anchor href={telHref(p.phones[0].number)} size="sm" className="orbita-num" style={{ whiteSpace: 'nowrap' }}>
                {formatPhone(p.phones[0].number, i18n.language)}
              </Anchor>
              <CallButton number={p.phones[0].number} contactId={p.id} />
            </Group>
          )}
        </Group>
      ))}
      {query.hasNextPage && (
        <Center>
          <Button variant="default" size="xs" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('ui.list.loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
