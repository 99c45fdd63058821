import { expect } from './expect.js';
import type { Journey } from './journeys.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

/** The lists' power tools: selection, bulk actions, the total, case-insensitive tag filter. */
export const listsJourneys: Journey[] = [
  {
    name: 'a manager selects 3 contacts, tags them, and filters by the tag in lower case: 3 rows, total 3',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString(36);
      const email = `lists-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Ирина Списочная', password: PASSWORD, role: 'manager', language: 'en' });
      const api = await apiAs(base, email, PASSWORD);
      const surname = `Выборова${stamp}`;
      for (const firstName of ['Анна', 'Вера', 'Галина', 'Дарья']) await api.post('/api/v1/contacts', { firstName, lastName: surname });

      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/contacts?q=${encodeURIComponent(surname)}`);
      const rows = page.getByTestId('contact-row');
      await expect(rows.nth(3)).toBeVisible();
      await expect(page.getByTestId('list-total')).toHaveText('Total: 4');

      // Three of the four, row by row.
      for (const name of ['Анна', 'Вера', 'Галина']) await rows.filter({ hasText: name }).getByTestId('select-row').check();
      await expect(page.getByTestId('bulk-count')).toHaveText('Selected: 3');
      const tag = `VIP-${stamp}`.toUpperCase();
      await page.getByTestId('bulk-add-tag').click();
      await page.getByTestId('bulk-tag-input').fill(tag);
      await page.getByTestId('bulk-add-tag-apply').click();
      await expect(page.getByText('Changed: 3 of 3').first()).toBeVisible();
      await expect(page.getByTestId('bulk-bar')).toBeHidden();

      // The tag typed in lower case finds the three.
      await page.getByTestId('list-search').fill('');
      await page.getByTestId('filter-tag').fill(tag.toLowerCase());
      await page.waitForURL((u) => u.searchParams.get('tag') === tag.toLowerCase() && !u.searchParams.get('q'));
      await expect(page.getByTestId('list-total')).toHaveText('Total: 3');
      await expect(rows.nth(2)).toBeVisible();
      await expect(rows.nth(3)).toBeHidden();
      for (const name of ['Анна', 'Вера', 'Галина']) await expect(rows.filter({ hasText: name }).first()).toBeVisible();

      // "Select all on the page", delete, and the undo brings them back.
      await page.getByTestId('select-page').check();
      await expect(page.getByTestId('bulk-count')).toHaveText('Selected: 3');
      await page.getByTestId('bulk-delete').click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.getByTestId('list-total')).toHaveText('Total: 0');
      await page.getByTestId('undo-bulk-delete').click();
      await expect(page.getByTestId('list-total')).toHaveText('Total: 3');
      await expect(rows.nth(2)).toBeVisible();
    },
  },
  {
    name: 'a head of sales chooses the columns, saves a filtered view shared with the team, and a manager of the team applies it',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString(36);
      const headEmail = `head-${stamp}@e2e.test`;
      const managerEmail = `member-${stamp}@e2e.test`;
      const head = await admin.post('/api/v1/users', {
        email: headEmail,
        name: 'Глеб Руководов',
        password: PASSWORD,
        role: 'head_of_sales',
        language: 'en',
      });
      const team = await admin.post('/api/v1/teams', { name: `Отдел ${stamp}`, leadId: head.id });
      await admin.post('/api/v1/users', {
        email: managerEmail,
        name: 'Инга Командная',
        password: PASSWORD,
        role: 'manager',
        language: 'en',
        teamId: team.id,
      });
      const tag = `key-${stamp}`;

      await signInUi(page, base, headEmail, PASSWORD);
      await page.goto(`${base}/contacts`);
      await expect(page.getByTestId('contacts-table')).toBeVisible();
      const header = page.getByTestId('contacts-table').locator('thead');
      await expect(header.getByText('Email', { exact: true })).toBeVisible();
      // Email off, segment on: the table follows, and the choice survives a reload.
      await page.getByTestId('columns-open').click();
      // Clicked, then judged by the table: each click saves, and the list follows the saved choice.
      await page.getByTestId('column-email').click();
      await expect(header.getByText('Email', { exact: true })).toBeHidden();
      await page.getByTestId('column-segment').click();
      await expect(header.getByText('Email', { exact: true })).toBeHidden();
      await expect(header.getByText('Segment', { exact: true })).toBeVisible();
      await page.reload();
      await expect(header.getByText('Segment', { exact: true })).toBeVisible();
      await expect(header.getByText('Email', { exact: true })).toBeHidden();

      // The filtered, sorted list saved as a view for the team.
      await page.goto(`${base}/contacts?tag=${tag}&sort=-updatedAt`);
      await page.getByTestId('views-open').click();
      await page.getByTestId('view-save-open').click();
      await page.getByTestId('view-name').fill('Ключевые клиенты');
      await page.getByTestId('view-shared').check();
      await page.getByTestId('view-save').click();
      await expect(page.getByText('View "Ключевые клиенты" saved').first()).toBeVisible();

      // A manager of the team finds it among the team's views and applies it.
      await page.context().clearCookies();
      await signInUi(page, base, managerEmail, PASSWORD);
      await page.goto(`${base}/contacts`);
      await page.getByTestId('views-open').click();
      await page.locator('[data-testid="view-item"][data-view-name="Ключевые клиенты"]').click();
      await page.waitForURL((u) => u.searchParams.get('tag') === tag && u.searchParams.get('sort') === '-updatedAt');
      await expect(page.getByTestId('filter-tag')).toHaveValue(tag);
      // Its columns came with it; the manager cannot delete the head's view.
      await expect(header.getByText('Segment', { exact: true })).toBeVisible();
      await page.getByTestId('views-open').click();
      await expect(page.locator('[data-testid="view-item"][data-view-name="Ключевые клиенты"] [data-testid="view-delete"]')).toBeHidden();
    },
  },
  {
    name: 'a manager hides a deals column, saves the won deals as a view and applies it from a clear list',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString(36);
      const email = `deals-view-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Роман Сделкин', password: PASSWORD, role: 'manager', language: 'en' });
      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/deals/list`);
      const header = page.locator('thead');
      await expect(header.getByText('Weighted', { exact: true })).toBeVisible();
      await page.getByTestId('columns-open').click();
      await page.getByTestId('column-weighted').uncheck();
      await expect(header.getByText('Weighted', { exact: true })).toBeHidden();
      await page.keyboard.press('Escape');

      await page.getByTestId('status-filter').getByText('Won', { exact: true }).click();
      await page.waitForURL((u) => u.searchParams.get('status') === 'won');
      await page.getByTestId('views-open').click();
      await page.getByTestId('view-save-open').click();
      await page.getByTestId('view-name').fill('Выигранные');
      await page.getByTestId('view-save').click();
      await expect(page.getByText('View "Выигранные" saved').first()).toBeVisible();

      await page.goto(`${base}/deals/list`);
      await page.waitForURL((u) => u.searchParams.get('status') !== 'won');
      await page.getByTestId('views-open').click();
      await page.locator('[data-testid="view-item"][data-view-name="Выигранные"]').click();
      await page.waitForURL((u) => u.searchParams.get('status') === 'won' && !!u.searchParams.get('pipeline'));
      await expect(header.getByText('Weighted', { exact: true })).toBeHidden();
    },
  },
];
