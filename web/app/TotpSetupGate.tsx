import { Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../lib/session';
import { TotpCard } from '../modules/users/TotpCard';
import { AuthFrame } from './AuthFrame';

/**
 * Shown instead of the app while the user's role requires two-step sign-in and it is not set up:
 * the API answers 403 TOTP_SETUP_REQUIRED to everything else until then.
 */
export function TotpSetupGate() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <AuthFrame title={t('ui.security.totpTitle')}>
      <Stack>
        <TotpCard />
        <Button variant="subtle" color="gray" onClick={() => void signOut()}>
          {t('ui.auth.logout')}
        </Button>
      </Stack>
    </AuthFrame>
  );
}
