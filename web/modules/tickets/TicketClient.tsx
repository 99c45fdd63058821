import { Link } from 'react-router';
import { Anchor, Stack, Text } from '@mantine/core';
import type { LinkedRecord } from '../../../contracts/records';
import { recordPath } from '../../lib/records';
import { HiddenRecord } from '../../ui/HiddenRecord';

function One({ kind, rec, linked }: { kind: 'contact' | 'company'; rec: LinkedRecord; linked: boolean }) {
  if (rec.hidden) return <HiddenRecord />;
  if (!linked)
    return (
      <Text size="sm" truncate data-testid={`ticket-${kind}`}>
        {rec.name}
      </Text>
    );
  return (
    <Anchor component={Link} to={recordPath(kind, rec.id)} size="sm" data-testid={`ticket-${kind}`}>
      {rec.name}
    </Anchor>
  );
}

/**
 * A ticket's client as the API names it for the viewer: the contact, then the company; hidden
 * ones shown as such. `linked`: names open the records (not inside a clickable row).
 */
export function TicketClient({
  company,
  contact,
  linked = true,
}: {
  company: LinkedRecord | null;
  contact: LinkedRecord | null;
  linked?: boolean;
}) {
  return (
    <Stack gap={0}>
      {contact && <One kind="contact" rec={contact} linked={linked} />}
      {company && <One kind="company" rec={company} linked={linked} />}
    </Stack>
  );
}
