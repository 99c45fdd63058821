import { useState } from 'react';
import { Badge, Button, Group, Modal, Stack, Text, Textarea, ThemeIcon, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMoneyFormat } from '../../lib/money';
import { hasRole, useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { CREDIT_ROLES, useCredit, useGrantPass, type Credit } from './contracts.api';

/** The reasons of a hold, one line each, as the tooltip and the dialog show them. */
function useReasonLines(credit: Credit | undefined): string[] {
  const { t } = useTranslation();
  const money = useMoneyFormat();
  return (credit?.reasons ?? []).map((r) =>
    r.kind === 'overdue'
      ? t('contractsUi.reasonOverdue', {
          number: r.number ?? t('contractsUi.hiddenInvoice'),
          days: r.daysOverdue,
          amount: money.money(r.balance, r.currency),
        })
      : t('contractsUi.reasonLimit', { amount: money.money(r.balance, r.currency) }),
  );
}

/** The credit-hold badge of a client (company page, deal page); finance may let it through once from here. */
export function CreditBadge({ companyId }: { companyId: string | null | undefined }) {
  const { t } = useTranslation();
  const me = useSession();
  const credit = useCredit(companyId);
  const lines = useReasonLines(credit.data);
  const [granting, setGranting] = useState(false);
  if (!companyId || !credit.data?.onHold) return null;
  const canGrant = hasRole(me, CREDIT_ROLES);
  return (
    <>
      <Tooltip
        label={
          <Stack gap={2}>
            {lines.map((l, i) => (
              <Text key={i} size="xs">
                {l}
              </Text>
            ))}
          </Stack>
        }
        multiline
        w={320}
      >
        <Badge
          color="red"
          variant="filled"
          leftSection={<IconLock size={12} />}
          style={{ cursor: canGrant ? 'pointer' : undefined }}
          onClick={canGrant ? () => setGranting(true) : undefined}
          data-testid="credit-hold-badge"
        >
          {t('contractsUi.onHold')}
        </Badge>
      </Tooltip>
      {granting && <GrantPassModal companyId={companyId} lines={lines} onClose={() => setGranting(false)} />}
    </>
  );
}

/** A small lock beside a client's name on a card or row (the board, lists): the page asked once for all. */
export function CreditHoldMark({ onHold }: { onHold: boolean }) {
  const { t } = useTranslation();
  if (!onHold) return null;
  return (
    <Tooltip label={t('contractsUi.onHold')}>
      <ThemeIcon size={18} variant="light" color="red" data-testid="credit-hold-mark">
        <IconLock size={12} />
      </ThemeIcon>
    </Tooltip>
  );
}

function GrantPassModal({ companyId, lines, onClose }: { companyId: string; lines: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const grant = useGrantPass(companyId, {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('contractsUi.passGranted') });
      onClose();
    },
    onError: (e) => notifications.show({ color: 'red', message: errorText(e, t) }),
  });
  return (
    <Modal opened onClose={onClose} title={t('contractsUi.grantTitle')}>
      <Stack>
        {lines.map((l, i) => (
          <Text key={i} size="sm">
            {l}
          </Text>
        ))}
        <Text size="sm" c="dimmed">
          {t('contractsUi.grantHelp')}
        </Text>
        <Textarea
          label={t('contractsUi.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={1000}
          data-testid="credit-pass-reason"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('salesUi.common.cancel')}
          </Button>
          <Button
            disabled={!reason.trim()}
            loading={grant.isPending}
            onClick={() => grant.mutate(reason.trim())}
            data-testid="credit-pass-grant"
          >
            {t('contractsUi.grant')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
