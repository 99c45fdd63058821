import { ActionIcon, Loader, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoneOutgoing } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { callRequest, startCall, useClickToCall, type OriginateDto } from '../lib/calls.api';
import { errorText } from './errors';
import { formatPhone } from './phone';

/** How often, and how long, a request the PBX has not answered yet is looked at again. */
const FOLLOW_MS = 1_000;
const FOLLOW_FOR_MS = 30_000;

function progress(t: TFunction, r: OriginateDto, shown: string) {
  const text =
    r.status === 'done'
      ? t('callsUi.call.ringing', { extension: r.extension, number: shown })
      : r.status === 'failed'
        ? t('callsUi.call.failed', { reason: r.error?.message ?? '' })
        : t('callsUi.call.waiting', { extension: r.extension });
  return (
    <Text size="sm" data-testid="call-progress" data-status={r.status}>
      {text}
    </Text>
  );
}

/**
 * Click-to-call beside a phone number: the PBX rings the user's phone, then dials the number.
 * Shown only when the user can call; the way the request goes (waiting, ringing, refused and why)
 * shows in a notification that follows it until the PBX has answered.
 */
export function CallButton({ number, contactId }: { number: string; contactId?: string | null }) {
  const { t, i18n } = useTranslation();
  const can = useClickToCall();
  const [busy, setBusy] = useState(false);
  if (!can.data?.available) return null;
  const shown = formatPhone(number, i18n.language);

  const call = async () => {
    setBusy(true);
    const id = `call-${Date.now()}`;
    notifications.show({
      id,
      loading: true,
      autoClose: false,
      withCloseButton: true,
      message: t('callsUi.call.sending', { number: shown }),
    });
    try {
      let r = await startCall(number, contactId);
      const until = Date.now() + FOLLOW_FOR_MS;
      const show = () =>
        notifications.update({
          id,
          loading: r.status === 'queued' || r.status === 'sent',
          color: r.status === 'failed' ? 'red' : r.status === 'done' ? 'teal' : 'blue',
          autoClose: r.status === 'done' ? 8_000 : false,
          message: progress(t, r, shown),
        });
      show();
      while ((r.status === 'queued' || r.status === 'sent') && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
        r = await callRequest(r.id);
        show();
      }
    } catch (e) {
      notifications.update({
        id,
        loading: false,
        color: 'red',
        autoClose: false,
        message: (
          <Text size="sm" data-testid="call-progress" data-status="failed">
            {errorText(e, t)}
          </Text>
        ),
      });
    } finally {
      setBusy(false);
    }
  };

  const label = t('callsUi.call.action', { number: shown });
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="subtle"
        color="teal"
        size="sm"
        onClick={(e) => {
          // Rows of lists open their record on click: the call is not a click on the row.
          e.stopPropagation();
          void call();
        }}
        disabled={busy}
        aria-label={label}
        data-testid="call-button"
        data-number={number}
      >
        {busy ? <Loader size={12} /> : <IconPhoneOutgoing size={14} />}
      </ActionIcon>
    </Tooltip>
  );
}
