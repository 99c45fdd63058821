import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { expect } from './expect.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

// The shape of journeys.ts's Journey, repeated so the two files do not import each other.
type Journey = { name: string; run: (ctx: { page: Page; base: string; browser: Browser }) => Promise<void> };

let seq = 0;
async function createUser(base: string, role: string, name: string) {
  const admin = await apiAs(base, ADMIN.email, ADMIN.password);
  const email = `${role}-auth-${Date.now().toString(36)}-${++seq}@e2e.test`;
  await admin.post('/api/v1/users', { email, name, password: PASSWORD, role });
  return { email, password: PASSWORD, admin };
}

async function openProfileTab(page: Page, tab: 'profile-security-tab' | 'profile-tokens-tab') {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('open-profile').click();
  await page.getByTestId(tab).click();
}

/** Sets TOTP up through the profile: QR code shown, the secret read off the page, a code typed. */
async function setUpTotp(page: Page): Promise<string[]> {
  await page.getByTestId('totp-setup').click();
  await expect(page.getByTestId('totp-qr').locator('svg')).toBeVisible();
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
  const code = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
  await page.getByTestId('totp-code').fill(code);
  await page.getByTestId('totp-enable').click();
  await expect(page.getByTestId('recovery-codes')).toBeVisible();
  const codes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
  if (codes.length !== 10) throw new Error(`expected 10 recovery codes, got ${codes.length}`);
  await page.getByTestId('recovery-done').click();
  return codes;
}

export const authJourneys: Journey[] = [
  {
    name: 'two-step sign-in: set up in the profile with a QR code, then sign in with a recovery code; weak passwords show the server message',
    async run({ page, base }) {
      const user = await createUser(base, 'manager', 'Пётр Двухфакторов');
      await signInUi(page, base, user.email, user.password);
      await openProfileTab(page, 'profile-security-tab');

      await page.getByTestId('current-password').fill(user.password);
      await page.getByTestId('new-password').fill('password12');
      await page.getByTestId('change-password').click();
      await expect(
        page
          .getByTestId('field-error')
          .filter({ hasText: /too easy to guess|слишком легко угадать|твърде лесна/i })
          .first(),
      ).toBeVisible();

      const codes = await setUpTotp(page);
      await expect(
        page
          .getByTestId('totp-card')
          .getByText(/two-step sign-in is on|вход в два шага включён|влизането в две стъпки е включено/i)
          .first(),
      ).toBeVisible();

      await page.context().clearCookies();
      await page.goto(`${base}/login`);
      await page.getByTestId('login-email').fill(user.email);
      await page.getByTestId('login-password').fill(user.password);
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('login-totp')).toBeVisible();
      await page.getByTestId('login-totp').fill('000000');
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('field-error').first()).toBeVisible();
      await page.getByTestId('login-totp').fill(codes[0]);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await expect(page.getByTestId('global-search')).toBeVisible();
    },
  },
  {
    name: 'API token: shown once, works as Bearer, listed, revoked',
    async run({ page, base }) {
      const user = await createUser(base, 'manager', 'Анна Токенова');
      await signInUi(page, base, user.email, user.password);
      await openProfileTab(page, 'profile-tokens-tab');
      await page.getByTestId('token-new').click();
      await page.getByTestId('token-name').fill('Выгрузка в 1С');
      await page.getByTestId('token-create').click();
      await expect(page.getByTestId('token-secret')).toBeVisible();
      const token = ((await page.getByTestId('token-secret').textContent()) ?? '').trim();
      if (!token.startsWith('orb_')) throw new Error(`unexpected token ${token}`);
      const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      if (me.status !== 200) throw new Error(`token did not authenticate: ${me.status}`);
      await page.getByTestId('token-done').click();
      await expect(page.getByTestId('token-row').filter({ hasText: 'Выгрузка в 1С' })).toBeVisible();
      await page.getByTestId('token-revoke').first().click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.getByTestId('token-row')).toHaveCount(0);
      const after = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      if (after.status !== 401) throw new Error(`revoked token still works: ${after.status}`);
    },
  },
  {
    name: 'a role that must use TOTP is led to the set-up before anything else',
    async run({ page, base }) {
      const user = await createUser(base, 'marketing', 'Мария Маркетова');
      await user.admin.patch('/api/v1/settings/security', { totpRequiredRoles: ['marketing'] });
      try {
        await signInUi(page, base, user.email, user.password);
        await expect(page.getByTestId('totp-card')).toBeVisible();
        await setUpTotp(page);
        await expect(page.getByTestId('global-search')).toBeVisible();
      } finally {
        await user.admin.patch('/api/v1/settings/security', { totpRequiredRoles: [] });
      }
    },
  },
];
