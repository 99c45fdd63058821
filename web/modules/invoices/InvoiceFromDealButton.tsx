import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Group, Modal, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileInvoice } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { hasRole, useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { useLegalEntities } from '../legal-entities/legal-entities.api';
import { useInvoiceFromDeal } from './invoices.api';
import { INVOICE_ROLES, LEGAL_ENTITY_READERS } from './roles';

/**
 * "Invoice" on the deal page: one click makes a draft from the deal's lines and opens it. With
 * several legal entities of ours the server asks which one issues it; those who may read them
 * choose in a small dialog, anyone else sees the server's message.
 */
export function InvoiceFromDealButton({ dealId }: { dealId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useSession();
  const [choosing, setChoosing] = useState(false);
  const [entityId, setEntityId] = useState<string | null>(null);
  const entities = useLegalEntities(choosing);
  const create = useInvoiceFromDeal(dealId, {
    onSuccess: (inv) => {
      setChoosing(false);
      notifications.show({ color: 'teal', message: t('moneyUi.fromDeal.created') });
      void navigate(`/invoices/${inv.id}`);
    },
    onError: (err) => {
      const needsEntity = isApiError(err) && err.fields.some((f) => f.path === 'legalEntityId');
      if (needsEntity && !choosing && hasRole(me, LEGAL_ENTITY_READERS)) setChoosing(true);
      else notifications.show({ color: 'red', message: isApiError(err) && err.fields.length ? err.fields[0].message : errorText(err, t) });
    },
  });
  if (!hasRole(me, INVOICE_ROLES)) return null;
  return (
    <>
      <Button
        variant="light"
        leftSection={<IconFileInvoice size={16} />}
        loading={create.isPending && !choosing}
        onClick={() => create.mutate({})}
        data-testid="deal-invoice"
      >
        {t('moneyUi.fromDeal.button')}
      </Button>
      <Modal opened={choosing} onClose={() => setChoosing(false)} title={t('moneyUi.fromDeal.chooseEntity')} size="sm">
        <Stack>
          <Select
            label={t('moneyUi.fields.legalEntity')}
            data={(entities.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
            value={entityId}
            onChange={setEntityId}
            data-testid="deal-invoice-entity"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setChoosing(false)}>
              {t('salesUi.common.cancel')}
            </Button>
            <Button
              disabled={!entityId}
              loading={create.isPending}
              onClick={() => entityId && create.mutate({ legalEntityId: entityId })}
              data-testid="deal-invoice-create"
            >
              {t('moneyUi.list.create')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
