import { Badge, Center, Group, Loader, Stack, Table, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../lib/records.api';
import { useFormat } from '../lib/format';
import { ErrorState } from './ErrorState';

const actionColors: Record<string, string> = { create: 'teal', update: 'orbit', delete: 'red', restore: 'yellow', merge: 'grape' };

/** Values of any shape (text, lists of phones, tags) as short readable text. */
function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return v
      .map((item) =>
        typeof item === 'object' && item
          ? Object.values(item as object)
              .filter(Boolean)
              .join(' ')
          : String(item),
      )
      .join(', ');
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Who changed what and when; `fieldLabel` names the record's fields in the UI language. */
export function AuditPanel({ entity, id, fieldLabel }: { entity: string; id: string; fieldLabel: (field: string) => string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useAudit(entity, id);
  if (query.isPending)
    return (
      <Center py="lg">
        <Loader size="sm" />
      </Center>
    );
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0)
    return (
      <Text c="dimmed" size="sm" ta="center" py="lg">
        {t('ui.audit.empty')}
      </Text>
    );

  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="audit">
      {query.data.items.map((e) => {
        const changes = Object.entries(e.changes ?? {});
        return (
          <Timeline.Item key={e.id} color={actionColors[e.action] ?? 'gray'} data-testid="audit-entry">
            <Group gap={6}>
              <Badge size="sm" variant="light" color={actionColors[e.action] ?? 'gray'}>
                {t(`ui.audit.actions.${e.action}`, { defaultValue: e.action })}
              </Badge>
              <Text size="sm" fw={500}>
                {e.userName ?? t('ui.audit.system')}
              </Text>
              <Text size="xs" c="dimmed">
                {fmt.dateTime(e.at)}
              </Text>
            </Group>
            {e.action === 'update' && changes.length > 0 && (
              <Table.ScrollContainer minWidth={360} type="native" mt={6}>
                <Table withRowBorders={false} verticalSpacing={2} fz="xs" highlightOnHover={false}>
                  <Table.Tbody>
                    {changes.map(([field, ch]) => (
                      <Table.Tr key={field}>
                        <Table.Td c="dimmed" w="30%">
                          {fieldLabel(field)}
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={0}>
                            <Text size="xs" td="line-through" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                              {show(ch.from)}
                            </Text>
                            <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                              {show(ch.to)}
                            </Text>
                          </Stack>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
