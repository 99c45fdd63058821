import { Link } from 'react-router';
import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LinkedRecord } from '../../../contracts/records';
import { recordPath } from '../../lib/records';
import { HiddenRecord } from '../../ui/HiddenRecord';

function One({ kind, rec }: { kind: 'contact' | 'company'; rec: LinkedRecord }) {
  if (rec.hidden) return <HiddenRecord />;
  return (
    <Anchor component={Link} to={recordPath(kind, rec.id)} size="sm" data-testid={`call-${kind}`}>
      {rec.name}
    </Anchor>
  );
}

/** The client a call is linked to, named as the viewer may see it; "unknown number" when none. */
export function ClientCell({ contact, company }: { contact: LinkedRecord | null; company: LinkedRecord | null }) {
  const { t } = useTranslation();
  if (!contact && !company)
    return (
      <Text size="sm" c="dimmed" data-testid="call-unknown">
        {t('callsUi.unknown')}
      </Text>
    );
  return (
    <Stack gap={0}>
      {contact && <One kind="contact" rec={contact} />}
      {company && <One kind="company" rec={company} />}
    </Stack>
  );
}
