import { useEffect, useState } from 'react';
import { Alert, Badge, Box, Button, Code, CopyButton, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api';
import { useSession } from '../../lib/session';
import { errorText } from '../../ui/errors';
import { errorTestProps } from '../../ui/forms';
import { useRefreshMe, useTotpDisable, useTotpEnable, useTotpSetup } from './security.api';

/** The QR code of an otpauth:// URL as inline SVG (no data: image, so the CSP needs no exception). */
function QrCode({ value }: { value: string }) {
  const [svg, setSvg] = useState('');
  useEffect(() => {
    let alive = true;
    void QRCode.toString(value, { type: 'svg', margin: 1, width: 180, errorCorrectionLevel: 'M' }).then((s) => alive && setSvg(s));
    return () => {
      alive = false;
    };
  }, [value]);
  return <Box w={180} h={180} data-testid="totp-qr" dangerouslySetInnerHTML={{ __html: svg }} />;
}

/** The recovery codes, shown once after TOTP is turned on. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Text fw={600}>{t('ui.security.recoveryTitle')}</Text>
      <Text size="sm" c="dimmed">
        {t('ui.security.recoveryHint')}
      </Text>
      <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
        {codes.map((c) => (
          <Code key={c} fz="sm" ta="center">
            {c}
          </Code>
        ))}
      </SimpleGrid>
      <Group justify="flex-end">
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t('ui.security.copied') : t('ui.security.copy')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone} data-testid="recovery-done">
          {t('ui.security.done')}
        </Button>
      </Group>
    </Stack>
  );
}

const codeError = (err: unknown, t: Parameters<typeof errorText>[1]) =>
  isApiError(err) && err.fields.length ? err.fields.map((f) => f.message).join('; ') : errorText(err, t);

/** Two-step sign-in of the signed-in user: set up with QR code and a code, show recovery codes once, turn off. */
export function TotpCard() {
  const { t } = useTranslation();
  const me = useSession();
  const setup = useTotpSetup();
  const enable = useTotpEnable();
  const disable = useTotpDisable();
  const refreshMe = useRefreshMe();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);

  if (recovery) {
    return (
      <RecoveryCodes
        codes={recovery}
        onDone={() => {
          setRecovery(null);
          setup.reset();
          void refreshMe();
        }}
      />
    );
  }

  const start = () => {
    setError(null);
    setCode('');
    setup.mutate(undefined, { onError: (e) => setError(errorText(e, t)) });
  };
  const confirm = () => {
    setError(null);
    enable.mutate(code.trim(), { onSuccess: (r) => setRecovery(r.recoveryCodes), onError: (e) => setError(codeError(e, t)) });
  };
  const turnOff = () => {
    setError(null);
    disable.mutate(code.trim(), {
      onSuccess: () => {
        setCode('');
      },
      onError: (e) => setError(codeError(e, t)),
    });
  };

  const enabled = me.user.totpEnabled;
  return (
    <Stack gap="sm" data-testid="totp-card">
      <Group justify="space-between">
        <Text fw={600}>{t('ui.security.totpTitle')}</Text>
        <Badge
          color={enabled ? 'teal' : 'gray'}
          variant="light"
          leftSection={enabled ? <IconShieldCheck size={14} /> : <IconShieldOff size={14} />}
        >
          {enabled ? t('ui.security.enabled') : t('ui.security.disabled')}
        </Badge>
      </Group>
      {me.totpSetupRequired && (
        <Alert color="orange" variant="light">
          {t('ui.security.totpRequired')}
        </Alert>
      )}
      {enabled ? (
        <>
          <Text size="sm" c="dimmed">
            {t('ui.security.totpOn')} {t('ui.security.disableHint')}
          </Text>
          <Group align="flex-start">
            <TextInput
              label={t('ui.security.code')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={error}
              errorProps={errorTestProps}
              autoComplete="one-time-code"
              data-testid="totp-code"
              style={{ flex: 1 }}
            />
            <Button color="red" variant="light" mt={25} onClick={turnOff} loading={disable.isPending} disabled={!code.trim()}>
              {t('ui.security.disable')}
            </Button>
          </Group>
        </>
      ) : setup.data ? (
        <>
          <Text size="sm">{t('ui.security.scan')}</Text>
          <Group align="flex-start" wrap="wrap">
            <QrCode value={setup.data.otpauthUrl} />
            <Stack gap={4} style={{ flex: 1, minWidth: 180 }}>
              <Text size="xs" c="dimmed">
                {t('ui.security.secretLabel')}
              </Text>
              <Code fz="sm" style={{ wordBreak: 'break-all' }} data-testid="totp-secret">
                {setup.data.secret}
              </Code>
            </Stack>
          </Group>
          <Group align="flex-start">
            <TextInput
              label={t('ui.security.code')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={error}
              errorProps={errorTestProps}
              inputMode="numeric"
              autoComplete="one-time-code"
              data-testid="totp-code"
              style={{ flex: 1 }}
            />
            <Button mt={25} onClick={confirm} loading={enable.isPending} disabled={!code.trim()} data-testid="totp-enable">
              {t('ui.security.confirm')}
            </Button>
          </Group>
        </>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('ui.security.totpOff')}
          </Text>
          {error && (
            <Text c="red" size="sm">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button onClick={start} loading={setup.isPending} data-testid="totp-setup">
              {t('ui.security.setUp')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
