import type { Browser, Page } from 'playwright-core';
import { expect } from './expect.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';
import { exchange, innOf, keyedAccount } from '../server/modules/bank-statements/bank-statements.fixtures.js';

// The shape of journeys.ts's Journey, repeated so the two files do not import each other.
type Journey = { name: string; run: (ctx: { page: Page; base: string; browser: Browser }) => Promise<void> };

const BIK = '044525225';
const OURS = '40702810938120061991';
const stamp = Date.now().toString(36);

export const statementJourneys: Journey[] = [
  {
    name: 'finance imports a bank statement: reviews the proposed match, confirms, then settles the unknown payer by creating the client',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const email = `finance-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Анна Бухгалтерова', password: PASSWORD, role: 'finance' });
      const entity = await admin.post('/api/v1/legal-entities', {
        name: 'ООО «Орбита»',
        country: 'RU',
        inn: '7707083893',
        bik: BIK,
        settlementAccount: OURS,
      });
      const clientInn = innOf(`77${String(Date.now()).slice(-7)}`);
      const company = await admin.post('/api/v1/companies', { name: `ООО «Выписка ${stamp}»`, inn: clientInn });
      const draft = await admin.post('/api/v1/invoices', {
        legalEntityId: entity.id,
        companyId: company.id,
        currency: 'RUB',
        issueDate: '2026-11-02',
        dueDate: '2026-11-12',
        lines: [{ name: 'Насос', quantity: '1', unit: 'шт', price: '1000.00', vatRate: '22' }],
      });
      const invoice = await admin.post(`/api/v1/invoices/${draft.id}/issue`, {});
      const newInn = innOf(`78${String(Date.now()).slice(-7)}`);
      const newName = `АО «Новый ${stamp}»`;
      const text = exchange(OURS, [
        {
          number: '501',
          date: '20.11.2026',
          amount: '1220.00',
          payerAccount: keyedAccount(BIK, '40702810000000000501'),
          payerInn: clientInn,
          payerName: company.name,
          recipientAccount: OURS,
          purpose: `Оплата по счёту № ${invoice.number} от 02.11.2026`,
        },
        {
          number: '502',
          date: '21.11.2026',
          amount: '700.00',
          payerAccount: keyedAccount(BIK, '40702810000000000502'),
          payerInn: newInn,
          payerKpp: '770101001',
          payerName: newName,
          recipientAccount: OURS,
          purpose: 'Предоплата по договору',
        },
      ]);

      await signInUi(page, base, email, PASSWORD);
      await page.getByTestId('nav-bank-statements').click();
      await expect(page.getByTestId('bank-statements-title')).toBeVisible();
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('statement-file').click();
      await (await chooser).setFiles({ name: 'kl_to_1c.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
      // The review: the proposed match names the invoice; nothing is booked yet.
      const review = page.getByTestId('statement-review');
      await expect(review.getByTestId('statement-count-matched')).toHaveText(/: 1$/);
      await expect(review.getByTestId('statement-count-unmatched')).toHaveText(/: 1$/);
      await expect(review.getByTestId('statement-doc-invoice').filter({ hasText: invoice.number })).toBeVisible();
      if ((await admin.get(`/api/v1/invoices/${invoice.id}`)).status !== 'issued') throw new Error('the review booked a payment');

      await page.getByTestId('statement-confirm').click();
      await expect(page.getByTestId('statement-title')).toBeVisible();
      await expect(page.locator('[data-testid="statement-document-row"][data-state="matched"]')).toHaveCount(1);
      if ((await admin.get(`/api/v1/invoices/${invoice.id}`)).status !== 'paid')
        throw new Error('the confirmed import did not pay the invoice');

      // The unknown payer waits in the queue: create the client from its requisites.
      await page.getByTestId('statement-settle').click();
      await expect(page.getByTestId('client-name')).toHaveValue(newName);
      await page.getByTestId('settle-create-client').click();
      await expect(page.locator('[data-testid="statement-document-row"][data-state="matched"]')).toHaveCount(2);
      await page.goto(`${base}/bank-statements?tab=queue`);
      await expect(page.getByTestId('queue-empty')).toBeVisible();
      const found = await admin.get(`/api/v1/companies?q=${encodeURIComponent(newName)}`);
      const created = found.items.find((c: { name: string }) => c.name === newName);
      if (!created || created.inn !== newInn) throw new Error(`the client was not created with its INN: ${JSON.stringify(found.items)}`);
      const advance = await admin.get(`/api/v1/companies/${created.id}/advance`);
      if (advance.items[0]?.amount !== '700.00') throw new Error(`the payment is not the new client's advance: ${JSON.stringify(advance)}`);
    },
  },
];
