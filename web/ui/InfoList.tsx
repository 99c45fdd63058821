import type { ReactNode } from 'react';
import { ActionIcon, Anchor, CopyButton, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconMail, IconMapPin, IconMessageCircle, IconPhone, IconWorld } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CallButton } from './CallButton';
import { formatPhone, telHref } from './phone';

export type InfoItem = { label: string; value: ReactNode; copy?: string | null; testId?: string };

function Copy({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('ui.actions.copied') : t('ui.actions.copy')}>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label={t('ui.actions.copy')}>
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** Label / value pairs (requisites, details); empty values are left out, copyable ones get a button. */
export function InfoList({ items, cols = 2 }: { items: InfoItem[]; cols?: number }) {
  const shown = items.filter((i) => i.value !== null && i.value !== undefined && i.value !== '');
  if (shown.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, xs: cols }} spacing="md" verticalSpacing="sm">
      {shown.map((i) => (
        <div key={i.label} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed">
            {i.label}
          </Text>
          <Group gap={4} wrap="nowrap">
            <Text component="div" size="sm" className="orbita-num" style={{ overflowWrap: 'anywhere' }} data-testid={i.testId}>
              {i.value}
            </Text>
            {i.copy && <Copy value={i.copy} />}
          </Group>
        </div>
      ))}
    </SimpleGrid>
  );
}

type Channels = {
  phones?: { type: string; number: string }[];
  emails?: { type: string; address: string }[];
  website?: string | null;
  addresses?: { type: string; text: string }[];
  messengers?: { type: string; handle: string }[];
  /** The contact whose phones these are: click-to-call records whom it called. */
  callContactId?: string;
};

/** Phones (formatted, tap to call), emails, messengers, website, addresses. */
export function ChannelList({ phones = [], emails = [], website, addresses = [], messengers = [], callContactId }: Channels) {
  const { t, i18n } = useTranslation();
  const kind = (group: string, type: string) => t(`ui.${group}.${type}`, { defaultValue: type });
  const row = (icon: ReactNode, main: ReactNode, sub: string, copy?: string, action?: ReactNode) => (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <div style={{ opacity: 0.55, paddingTop: 2 }}>{icon}</div>
      <div style={{ minWidth: 0, flex: 1 }}>
        {main}
        {sub && (
          <Text size="xs" c="dimmed">
            {sub}
          </Text>
        )}
      </div>
      {action}
      {copy && <Copy value={copy} />}
    </Group>
  );
  const siteHref = website && (/^https?:\/\//i.test(website) ? website : `https://${website}`);
  if (!phones.length && !emails.length && !website && !addresses.length && !messengers.length) {
    return (
      <Text size="sm" c="dimmed">
        {t('ui.fields.noChannels')}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {phones.map((p, i) => (
        <div key={`p${i}`} data-testid="phone">
          {row(
            <IconPhone size={16} />,
            <Anchor href={telHref(p.number)} size="sm" className="orbita-num">
              {formatPhone(p.number, i18n.language)}
            </Anchor>,
            kind('phoneTypes', p.type),
            p.number,
            <CallButton number={p.number} contactId={callContactId} />,
          )}
        </div>
      ))}
      {emails.map((e, i) => (
        <div key={`e${i}`} data-testid="email">
          {row(
            <IconMail size={16} />,
            <Anchor href={`mailto:${e.address}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {e.address}
            </Anchor>,
            kind('emailTypes', e.type),
            e.address,
          )}
        </div>
      ))}
      {messengers.map((m, i) => (
        <div key={`m${i}`}>
          {row(<IconMessageCircle size={16} />, <Text size="sm">{m.handle}</Text>, kind('messengerTypes', m.type), m.handle)}
        </div>
      ))}
      {siteHref &&
        row(
          <IconWorld size={16} />,
          <Anchor href={siteHref} target="_blank" rel="noopener noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }}>
            {website}
          </Anchor>,
          '',
        )}
      {addresses.map((a, i) => (
        <div key={`a${i}`}>{row(<IconMapPin size={16} />, <Text size="sm">{a.text}</Text>, kind('addressTypes', a.type), a.text)}</div>
      ))}
    </Stack>
  );
}
