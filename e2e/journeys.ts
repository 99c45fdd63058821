import { expect } from './expect.js';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

export type Journey = { name: string; run: (ctx: { page: Page; base: string; browser: Browser }) => Promise<void> };

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

/** Creates a user through the API as the admin. */
async function createUser(base: string, role: string, name: string) {
  const admin = await apiAs(base, ADMIN.email, ADMIN.password);
  const email = `${unique(role)}@e2e.test`;
  await admin.post('/api/v1/users', { email, name, password: PASSWORD, role });
  return { email, password: PASSWORD };
}

export const journeys: Journey[] = [
  {
    name: 'login',
    async run({ page, base }) {
      await page.goto(`${base}/`);
      await page.waitForURL(/\/login/);
      await page.getByTestId('login-email').fill(ADMIN.email);
      await page.getByTestId('login-password').fill('wrong password');
      await page.getByTestId('login-submit').click();
      await expect(page.getByText(/wrong email or password|неверный email или пароль|грешен имейл или парола/i).first()).toBeVisible();
      await page.getByTestId('login-password').fill(ADMIN.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await expect(page.getByTestId('global-search')).toBeVisible();
    },
  },
  {
    name: 'create a company with an invalid, then a valid INN, and find it by search',
    async run({ page, base }) {
      const user = await createUser(base, 'manager', 'Елена Смирнова');
      await signInUi(page, base, user.email, user.password);
      await page.getByTestId('nav-companies').click();
      await page.getByTestId('new-company').click();
      const name = `ООО Ромашка ${unique('e2e')}`;
      await page.getByTestId('company-name').fill(name);
      await page.getByTestId('company-inn').fill('7707083894');
      await page.getByTestId('save').click();
      const error = page.getByTestId('field-error').filter({ hasText: /INN|ИНН/ });
      await expect(error.first()).toBeVisible();
      await page.getByTestId('company-inn').fill('7707083893');
      await page.getByTestId('save').click();
      await expect(page.getByTestId('company-title')).toHaveText(name);

      await page.getByTestId('global-search').fill(name.slice(0, 20));
      const hit = page.getByTestId('search-result').filter({ hasText: name });
      await expect(hit.first()).toBeVisible();
      await page.goto(`${base}/`);
      await page.getByTestId('global-search').fill('7707083893');
      await expect(page.getByTestId('search-result').filter({ hasText: name }).first()).toBeVisible();
      await page.getByTestId('search-result').filter({ hasText: name }).first().click();
      await expect(page.getByTestId('company-title')).toHaveText(name);
    },
  },
  {
    name: "a manager cannot see another manager's contact",
    async run({ page, base }) {
      const owner = await createUser(base, 'manager', 'Иван Петров');
      const other = await createUser(base, 'manager', 'Мария Иванова');
      const ownerApi = await apiAs(base, owner.email, owner.password);
      const lastName = unique('Скрытов');
      const secret = await ownerApi.post('/api/v1/contacts', { firstName: 'Пётр', lastName, phones: [{ type: 'mobile', number: '+7 916 555-12-34' }] });
      const mine = await (await apiAs(base, other.email, other.password)).post('/api/v1/contacts', { firstName: 'Анна', lastName: unique('Видимова') });

      await signInUi(page, base, other.email, other.password);
      await page.getByTestId('nav-contacts').click();
      await expect(page.getByTestId('contact-row').filter({ hasText: mine.lastName }).first()).toBeVisible();
      await expect(page.getByTestId('contact-row').filter({ hasText: lastName })).toHaveCount(0);
      await page.getByTestId('global-search').fill(lastName);
      await page.waitForTimeout(800);
      await expect(page.getByTestId('search-result').filter({ hasText: lastName })).toHaveCount(0);
      await page.goto(`${base}/contacts/${secret.id}`);
      await expect(page.getByTestId('not-found')).toBeVisible();
      await expect(page.getByText(lastName)).toHaveCount(0);
    },
  },
];
