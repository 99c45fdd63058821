import type { Page } from 'playwright-core';
import { expect } from './expect.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';
import type { Journey } from './journeys.js';

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Opens a Mantine select by its test id and picks the option with this text. */
async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

export const contractJourneys: Journey[] = [
  {
    name: 'finance signs a contract with a credit limit, the client falls on credit hold, the badge shows it and finance issues once with a reason',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const entity = await admin.post('/api/v1/legal-entities', {
        name: `ООО «${unique('Поставщик')}»`,
        country: 'RU',
        inn: '7707083893',
        vatPayer: true,
        defaultCurrency: 'RUB',
      });
      const email = `${unique('finance')}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Ирина Кредитова', password: PASSWORD, role: 'finance' });
      const company = await admin.post('/api/v1/companies', { name: `АО «${unique('Должник')}»` });
      const number = unique('Д');

      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/companies/${company.id}`);
      await page.getByTestId('tab-contracts').click();
      await page.getByTestId('contract-new').click();
      await pick(page, 'contract-seller', entity.name);
      await page.getByTestId('contract-number').fill(number);
      await page.getByTestId('contract-terms').fill('10');
      await page.getByTestId('contract-limit').fill('5 000,00');
      await page.getByTestId('contract-save').click();
      const table = page.getByTestId('contracts-table');
      await expect(table.getByRole('link', { name: number })).toBeVisible();
      await expect(page.getByTestId('credit-hold-badge')).toHaveCount(0);

      // An invoice under the contract, 30 days past its due date: the client is on hold.
      const finance = await apiAs(base, email, PASSWORD);
      const { items } = await finance.get(`/api/v1/contracts?companyId=${company.id}`);
      const contractId = items[0].id;
      const line = { name: 'Насос', quantity: '1', unit: 'шт', price: '1000.00', vatRate: '22' };
      const body = (issueDate: string, dueDate: string) => ({
        legalEntityId: entity.id,
        companyId: company.id,
        contractId,
        currency: 'RUB',
        issueDate,
        dueDate,
        lines: [line],
      });
      const late = await finance.post('/api/v1/invoices', body(day(-40), day(-30)));
      const issued = await finance.post(`/api/v1/invoices/${late.id}/issue`, {});
      await page.reload();
      await expect(page.getByTestId('credit-hold-badge')).toBeVisible();

      // Issuing the next invoice asks finance for a reason, then goes through once.
      const next = await finance.post('/api/v1/invoices', body(day(0), day(10)));
      await page.goto(`${base}/invoices/${next.id}`);
      await page.getByTestId('invoice-issue').click();
      await page.getByTestId('confirm-yes').click();
      const modal = page.getByRole('dialog');
      await expect(modal).toHaveText(new RegExp(escape(issued.number)));
      await page.getByTestId('invoice-credit-override-reason').fill('Гарантийное письмо директора');
      await page.getByTestId('invoice-credit-override-confirm').click();
      await expect(page.locator('[data-testid="invoice-status"][data-status="issued"]')).toBeVisible();

      // The pass is in the client's history; the contract page lists its terms.
      await page.goto(`${base}/companies/${company.id}`);
      await page.getByTestId('tab-contracts').click();
      await page.getByTestId('contracts-table').getByRole('link', { name: number }).click();
      await expect(page.getByTestId('contract-title')).toHaveText(new RegExp(escape(number)));
      await expect(page.getByTestId('credit-hold-badge')).toBeVisible();
    },
  },
];
