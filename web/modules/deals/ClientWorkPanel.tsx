import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconCalendarEvent, IconChecklist, IconPhone, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ClientRef } from '../../lib/clientPanels';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { recordPath } from '../../lib/records';
import { useActivityList, type ActivityType } from '../activities/activities.api';
import { ActivityItem } from '../activities/ActivityItem';
import { useActivityActions } from '../activities/useActivityActions';
import { DealFlags } from './DealFlags';
import { NewDealModal } from './NewDealModal';
import { useDealList } from './deals.api';

// A client has a handful of open deals and plans; the first ones in time order, the count beyond.
const SHOWN = 20;

/**
 * The top of a contact's or company's page: the client's open deals (stage, amount, next step) and
 * planned activities, with one-click buttons to plan a call, a meeting or a task and to open a deal,
 * prefilled with the client.
 */
export function ClientWorkPanel({ client }: { client: ClientRef }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const actions = useActivityActions();
  const [newDeal, setNewDeal] = useState(false);
  const by = client.kind === 'contact' ? { contactId: client.id } : { companyId: client.id };
  const deals = useDealList({ ...by, status: 'open', sort: 'nextStepDueAt', limit: SHOWN });
  const planned = useActivityList({ ...by, done: 'false', order: 'asc', limit: SHOWN });
  const links = { contactId: client.kind === 'contact' ? client.id : undefined, companyId: client.companyId ?? undefined };
  const plan = (type: ActivityType) => actions.create({ type, ...links });

  const openDeals = deals.data?.items ?? [];
  const activities = planned.data?.items ?? [];
  return (
    <Card data-testid="client-work">
      <Group gap="xs" mb="sm" wrap="wrap">
        <Button size="xs" variant="light" leftSection={<IconPhone size={14} />} onClick={() => plan('call')} data-testid="client-plan-call">
          {t('salesUi.client.planCall')}
        </Button>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconCalendarEvent size={14} />}
          onClick={() => plan('meeting')}
          data-testid="client-plan-meeting"
        >
          {t('salesUi.client.planMeeting')}
        </Button>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconChecklist size={14} />}
          onClick={() => plan('task')}
          data-testid="client-plan-task"
        >
          {t('salesUi.client.task')}
        </Button>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setNewDeal(true)} data-testid="client-new-deal">
          {t('salesUi.client.newDeal')}
        </Button>
      </Group>

      <Text fw={600} size="sm" mb={6}>
        {t('salesUi.client.openDeals')}
        {deals.data && openDeals.length > 0 && (
          <Badge ml={6} size="sm" variant="light">
            {deals.data.nextCursor ? `${SHOWN}+` : openDeals.length}
          </Badge>
        )}
      </Text>
      <Stack gap={6} mb="md" data-testid="client-deals">
        {deals.isSuccess && openDeals.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('salesUi.client.noOpenDeals')}
          </Text>
        )}
        {openDeals.map((d) => (
          <Group key={d.id} gap="xs" wrap="nowrap" align="flex-start" data-testid="client-deal" data-deal-id={d.id}>
            <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
              <Group gap={6} wrap="wrap">
                <Anchor component={Link} to={recordPath('deal', d.id)} size="sm" fw={600} truncate>
                  {d.title}
                </Anchor>
                <Badge size="xs" variant="light" color="gray">
                  {d.stageName}
                </Badge>
                <Text size="sm" className="orbita-num" data-testid="client-deal-amount">
                  {money.money(d.amount, d.currency)}
                </Text>
              </Group>
              <Text size="xs" c={d.flags.overdueNextStep ? 'red.7' : 'dimmed'} data-testid="client-deal-next">
                {d.nextStep
                  ? t('salesUi.client.nextStep', { text: d.nextStep.text, when: fmt.dateTime(d.nextStep.dueAt) })
                  : t('sales.flags.noNextStep')}
              </Text>
            </Stack>
            <DealFlags flags={d.flags} size={20} />
          </Group>
        ))}
      </Stack>

      <Text fw={600} size="sm" mb={6}>
        {t('salesUi.client.planned')}
      </Text>
      <Stack gap={6} data-testid="client-planned">
        {planned.isSuccess && activities.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('salesUi.client.nothingPlanned')}
          </Text>
        )}
        {activities.map((a) => (
          <ActivityItem
            key={a.id}
            activity={a}
            fmt={fmt}
            timeStyle="dateTime"
            except={client.id}
            onComplete={actions.complete}
            onEdit={actions.edit}
            onPostpone={actions.postpone}
            onDelete={actions.remove}
          />
        ))}
      </Stack>
      <NewDealModal
        opened={newDeal}
        onClose={() => setNewDeal(false)}
        companyId={client.companyId}
        contactId={client.kind === 'contact' ? client.id : null}
        openAfter
      />
      {actions.dialogs}
    </Card>
  );
}
