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
];
