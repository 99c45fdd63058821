import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Checkbox, FileButton, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { useFormat } from '../../lib/format';
import { useMoneyFormat } from '../../lib/money';
import { errorText } from '../../ui/errors';
import { useImportStatement, usePreviewStatement, type StatementPreview } from './bank-statements.api';
import { CountBadges, MatchCell, PayerCell, StateBadge } from './StatementParts';

/**
 * Upload, review, confirm: the file is read with a dry run (nothing stored), the proposed matches
 * are shown, the reviewer may untick any of them (they stay in the queue), and only the confirmation
 * imports the statement and books the payments.
 */
export function ImportPanel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const m = useMoneyFormat();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<StatementPreview | null>(null);
  const [held, setHeld] = useState<Set<number>>(new Set());
  const read = usePreviewStatement({
    onSuccess: (p) => {
      setPreview(p);
      setHeld(new Set());
    },
  });
  const confirm = useImportStatement({
    onSuccess: (res) => {
      notifications.show({ color: 'green', message: t('bankStatementsUi.imported', res) });
      setFile(null);
      setPreview(null);
      navigate(`/bank-statements/${res.id}`);
    },
    onError: (err) => notifications.show({ color: 'red', message: errorText(err, t) }),
  });
  const choose = (f: File | null) => {
    setFile(f);
    setPreview(null);
    if (f) read.mutate(f);
  };
  const toBook = preview ? preview.items.filter((d) => d.state === 'matched' && !held.has(d.position)).length : 0;
  const toggle = (position: number) =>
    setHeld((prev) => {
      const next = new Set(prev);
      if (next.has(position)) next.delete(position);
      else next.add(position);
      return next;
    });

  return (
    <Stack>
      <Group>
        <FileButton onChange={choose} accept=".txt,text/plain">
          {(props) => (
            <Button
              {...props}
              leftSection={<IconFileImport size={16} />}
              variant={preview ? 'default' : 'filled'}
              data-testid="statement-file"
            >
              {preview ? t('bankStatementsUi.another') : t('bankStatementsUi.upload')}
            </Button>
          )}
        </FileButton>
        <Text size="sm" c="dimmed">
          {file ? file.name : t('bankStatementsUi.uploadHint')}
        </Text>
      </Group>
      {read.isPending && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">{t('bankStatementsUi.reading')}</Text>
        </Group>
      )}
      {read.isError && (
        <Alert color="red" data-testid="statement-error">
          {errorText(read.error, t)}
          {/* The field message names the line, key and rule. */}
          {isApiError(read.error) &&
            read.error.fields.map((f) => (
              <Text key={f.path + f.code} size="sm">
                {f.message}
              </Text>
            ))}
        </Alert>
      )}
      {preview && (
        <Stack data-testid="statement-review">
          <Text fw={600}>{t('bankStatementsUi.review')}</Text>
          <Text size="sm" c="dimmed">
            {t('bankStatementsUi.reviewHint')}
          </Text>
          <CountBadges counts={preview} />
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('bankStatementsUi.columns.book')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.position')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.date')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.number')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.payer')}</Table.Th>
                  <Table.Th ta="right">{t('bankStatementsUi.columns.amount')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.state')}</Table.Th>
                  <Table.Th>{t('bankStatementsUi.columns.match')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.items.map((d) => (
                  <Table.Tr key={d.position} data-testid="statement-review-row" data-position={d.position}>
                    <Table.Td>
                      {d.state === 'matched' && (
                        <Checkbox
                          checked={!held.has(d.position)}
                          onChange={() => toggle(d.position)}
                          aria-label={t('bankStatementsUi.columns.book')}
                          data-testid="statement-review-book"
                        />
                      )}
                    </Table.Td>
                    <Table.Td>{d.position}</Table.Td>
                    <Table.Td>{fmt.day(d.date)}</Table.Td>
                    <Table.Td>{d.number}</Table.Td>
                    <Table.Td>{d.direction === 'outgoing' ? d.recipient.name || d.recipient.account : <PayerCell doc={d} />}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {m.money(d.amount, d.currency)}
                    </Table.Td>
                    <Table.Td>
                      <StateBadge doc={held.has(d.position) ? { state: 'unmatched', matchRule: null } : d} />
                    </Table.Td>
                    <Table.Td>{!held.has(d.position) && <MatchCell doc={d} />}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Button
              onClick={() => file && confirm.mutate({ file, hold: [...held] })}
              loading={confirm.isPending}
              data-testid="statement-confirm"
            >
              {t('bankStatementsUi.confirm', { count: toBook })}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
