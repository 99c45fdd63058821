import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Reminder } from '../../../contracts/activities';
import { fetchDueReminders, reminderStreamUrl } from './reminders.api';
import { useMeQuery } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { recordPath } from '../../lib/records';

// This component sits in the always-loaded shell: it must not import the activities module's
// runtime code (and with it zod contracts), only types.

const POLL_MS = 30_000;
const SEEN_KEY = 'orbita.reminders.seen';

// A reconnecting stream (or a reload) replays the last minute's reminders: remember what this tab
// has already shown so nobody gets the same reminder twice.
function loadSeen(): Set<string> {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(SEEN_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}
function saveSeen(ids: Set<string>) {
  try {
    sessionStorage.setItem(SEEN_KEY, JSON.stringify([...ids].slice(-200)));
  } catch {
    // Storage may be unavailable (private mode); the in-memory set still dedupes this page.
  }
}
// After this many stream failures in a row the browser or a proxy evidently cannot keep SSE open.
const MAX_STREAM_ERRORS = 3;

/**
 * Mounted once in the signed-in layout: listens to the reminder stream (Server-Sent Events) and
 * shows a notification when one of the user's planned activities falls due, without a reload.
 * Falls back to polling /reminders/due where the stream cannot stay open.
 */
export function ReminderListener() {
  const { t } = useTranslation();
  const { data: me } = useMeQuery();
  const fmt = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const seen = useRef<Set<string>>(loadSeen());
  // The latest render's helpers, for handlers created once per connection.
  const ctx = useRef({ t, fmt, navigate });
  ctx.current = { t, fmt, navigate };
  const userId = me?.user.id;

  useEffect(() => {
    if (!userId) return;
    let closed = false;
    let source: EventSource | null = null;
    let pollTimer: ReturnType<typeof setTimeout> | null = null;
    let since: string | undefined;
    let errors = 0;

    const show = (r: Reminder) => {
      if (seen.current.has(r.id)) return;
      seen.current.add(r.id);
      saveSeen(seen.current);
      const { t: tr, fmt: f, navigate: nav } = ctx.current;
      const target = r.dealId ? recordPath('deal', r.dealId) : '/agenda';
      notifications.show({
        id: `reminder-${r.id}`,
        color: 'orange',
        icon: <IconBell size={18} />,
        autoClose: false,
        title: tr('salesUi.reminders.title', { type: tr(`salesUi.activityTypes.${r.type}`) }),
        message: (
          <Stack gap={4} data-testid="reminder-notification" data-activity-id={r.id}>
            <Text size="sm" fw={600}>
              {r.subject}
            </Text>
            <Text size="xs" c="dimmed">
              {f.dateTime(r.dueAt)}
            </Text>
            <Group gap={6} mt={4}>
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => {
                  notifications.hide(`reminder-${r.id}`);
                  nav(target);
                }}
              >
                {tr('salesUi.reminders.open')}
              </Button>
            </Group>
          </Stack>
        ),
      });
      // The activity just became overdue in every list that shows it.
      void qc.invalidateQueries({ queryKey: ['activities'] });
    };

    const poll = async () => {
      pollTimer = null;
      if (closed) return;
      try {
        const res = await fetchDueReminders(since);
        since = res.now;
        res.items.forEach(show);
      } catch {
        // A failed poll is retried on the next tick; signing out stops the loop through `closed`.
      }
      if (!closed) pollTimer = setTimeout(() => void poll(), POLL_MS);
    };

    const startPolling = () => {
      source?.close();
      source = null;
      if (!pollTimer) void poll();
    };

    if (typeof EventSource === 'undefined') startPolling();
    else {
      source = new EventSource(reminderStreamUrl(), { withCredentials: true });
      source.addEventListener('reminder', (e) => {
        errors = 0;
        try {
          show(JSON.parse((e as MessageEvent<string>).data) as Reminder);
        } catch {
          // A malformed event is dropped; the next one still arrives.
        }
      });
      // The same stream carries the screen pop of calls ringing on this user's phone (modules/screenpop).
      source.addEventListener('call', (e) => {
        try {
          window.dispatchEvent(new CustomEvent('orbita:call', { detail: JSON.parse((e as MessageEvent<string>).data) as unknown }));
        } catch {
          // A malformed event is dropped.
        }
      });
      source.onopen = () => {
        errors = 0;
      };
      source.onerror = () => {
        errors += 1;
        // EventSource reconnects by itself; after repeated failures (or a closed stream, such as a 401) switch to polling.
        if (closed) return;
        if (errors >= MAX_STREAM_ERRORS || source?.readyState === EventSource.CLOSED) startPolling();
      };
    }

    return () => {
      closed = true;
      source?.close();
      if (pollTimer) clearTimeout(pollTimer);
    };
  }, [userId, qc]);

  return null;
}
