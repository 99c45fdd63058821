import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Affix, Anchor, Badge, Button, CloseButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPhoneCall, IconPhoneIncoming, IconPhoneOutgoing } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ScreenPop as Pop } from '../../../contracts/calls';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { recordPath } from '../../lib/records';
import { HiddenRecord } from '../../ui/HiddenRecord';
import { CallButton } from '../../ui/CallButton';
import { formatPhone } from '../../ui/phone';

// Sits in the always-loaded shell beside the reminder listener, which hands it the `call` events
// of the user's stream as `orbita:call` window events: types only from the contracts here.

export const CALL_EVENT = 'orbita:call';

/** Which pops stay on screen: a ringing call, and the user's own conversation until they close it. */
function keep(p: Pop): boolean {
  return p.status === 'ringing' || (p.status === 'answered' && p.mine);
}

/** Who is calling, while it rings on this user's phone: one card per call, newest on top. */
export function ScreenPop() {
  const [pops, setPops] = useState<Pop[]>([]);
  const [closed, setClosed] = useState<Set<string>>(new Set());
  useEffect(() => {
    const on = (e: Event) => {
      const pop = (e as CustomEvent<Pop>).detail;
      setPops((all) => [pop, ...all.filter((p) => p.callId !== pop.callId)].filter(keep).slice(0, 3));
    };
    window.addEventListener(CALL_EVENT, on);
    return () => window.removeEventListener(CALL_EVENT, on);
  }, []);
  const shown = pops.filter((p) => !closed.has(p.callId));
  if (!shown.length) return null;
  return (
    <Affix position={{ bottom: 16, right: 16 }} zIndex={300}>
      <Stack gap="xs" w={340} maw="calc(100vw - 32px)">
        {shown.map((p) => (
          <PopCard key={p.callId} pop={p} onClose={() => setClosed((s) => new Set(s).add(p.callId))} />
        ))}
      </Stack>
    </Affix>
  );
}

function PopCard({ pop, onClose }: { pop: Pop; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const money = useMoneyFormat();
  const Icon = pop.status === 'answered' ? IconPhoneCall : pop.direction === 'out' ? IconPhoneOutgoing : IconPhoneIncoming;
  const title =
    pop.status === 'answered' ? t('screenPop.answered') : pop.direction === 'out' ? t('screenPop.outgoing') : t('screenPop.incoming');
  const number = pop.number ? formatPhone(pop.number, i18n.language) : '';
  return (
    <Paper shadow="lg" p="sm" radius="md" withBorder role="alertdialog" aria-label={`${title} ${number}`} data-testid="screen-pop">
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Group gap={6} wrap="nowrap">
          <Icon size={18} />
          <Text fw={600} size="sm">
            {title}
          </Text>
        </Group>
        <CloseButton size="sm" aria-label={t('screenPop.close')} onClick={onClose} />
      </Group>
      <Group gap={4} wrap="nowrap">
        <Text fw={700}>{number}</Text>
        {/* Once it no longer rings, the caller can be called back from here. */}
        {pop.number && pop.status !== 'ringing' && <CallButton number={pop.number} contactId={pop.contacts.find((c) => !c.hidden)?.id} />}
      </Group>
      {pop.line && (
        <Text size="xs" c="dimmed">
          {t('screenPop.line', { line: formatPhone(pop.line, i18n.language) })}
        </Text>
      )}
      {pop.unknown ? (
        <Stack gap={6} mt="xs">
          <Text size="sm" c="dimmed">
            {t('screenPop.unknown')}
          </Text>
          <Button size="xs" component={Link} to={`/contacts/new?phone=${encodeURIComponent(pop.number ?? '')}`} onClick={onClose}>
            {t('screenPop.createContact')}
          </Button>
        </Stack>
      ) : (
        <Stack gap={4} mt="xs">
          {[...pop.contacts.map((r) => ['contact', r] as const), ...pop.companies.map((r) => ['company', r] as const)].map(([kind, r]) =>
            r.hidden ? (
              <HiddenRecord key={r.id} />
            ) : (
              <Anchor key={r.id} component={Link} to={recordPath(kind, r.id)} fw={kind === 'contact' ? 600 : 400} size="sm">
                {r.name}
              </Anchor>
            ),
          )}
          {pop.ownerName && (
            <Text size="xs" c="dimmed">
              {t('screenPop.owner')}: {pop.ownerName}
            </Text>
          )}
          {pop.openDeals.length > 0 && (
            <Stack gap={2}>
              <Text size="xs" fw={600}>
                {t('screenPop.openDeals')}
              </Text>
              {pop.openDeals.map((d) => (
                <Group key={d.id} gap={6} wrap="nowrap" justify="space-between">
                  <Anchor component={Link} to={recordPath('deal', d.id)} size="xs" lineClamp={1}>
                    {d.title}
                  </Anchor>
                  <Badge size="xs" variant="light">
                    {d.stageName}
                  </Badge>
                  <Text size="xs" ff="monospace">
                    {money.money(d.amount, d.currency)}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
          {pop.lastActivity && (
            <Text size="xs">
              <Text span fw={600}>
                {t('screenPop.lastActivity')}:
              </Text>{' '}
              {pop.lastActivity.subject} · {fmt.dateTime(pop.lastActivity.at)}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
