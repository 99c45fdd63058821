import { Document, Packer, Paragraph, TextRun } from 'docx';
import type { Locator, Page } from 'playwright-core';
import { expect } from './expect.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';
import type { Journey } from './journeys.js';

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

/** The digits of a shown amount ("5 491,83 ₽" -> "549183"), whatever the interface language groups and separates with. */
const digitsOf = async (l: Locator) => ((await l.first().textContent()) ?? '').replace(/\D/g, '');

async function expectDigits(l: Locator, digits: string) {
  const until = Date.now() + 10_000;
  for (;;) {
    const got = await digitsOf(l).catch(() => '');
    if (got.includes(digits)) return;
    if (Date.now() > until) throw new Error(`expected ${l} to show ${digits}, got "${got}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A Russian legal entity, a finance user, a client and a deal with one catalogue line (2 × 1 000,00 + 22 % VAT). */
async function arrange(base: string) {
  const admin = await apiAs(base, ADMIN.email, ADMIN.password);
  const entity = await admin.post('/api/v1/legal-entities', {
    name: `ООО «${unique('Продавец')}»`,
    country: 'RU',
    inn: '7707083893',
    vatPayer: true,
    defaultCurrency: 'RUB',
  });
  const email = `${unique('finance')}@e2e.test`;
  await admin.post('/api/v1/users', { email, name: 'Анна Бухгалтерова', password: PASSWORD, role: 'finance' });
  const company = await admin.post('/api/v1/companies', { name: `АО «${unique('Покупатель')}»` });
  const product = await admin.post('/api/v1/products', {
    name: `Насос ${unique('НС')}`,
    unit: 'шт',
    vatRate: '22',
    prices: [{ currency: 'RUB', amount: '1000.00' }],
  });
  const { items: pipelines } = await admin.get('/api/v1/pipelines');
  const pipeline = pipelines.find((p: { isDefault: boolean }) => p.isDefault) ?? pipelines[0];
  const stage = pipeline.stages.find((s: { kind: string }) => s.kind === 'open');
  const deal = await admin.post('/api/v1/deals', {
    title: `Поставка насосов ${unique('deal')}`,
    companyId: company.id,
    pipelineId: pipeline.id,
    stageId: stage.id,
    amount: '2440.00',
    currency: 'RUB',
    lines: [{ productId: product.id, quantity: '2', unitPrice: '1000.00', discountPercent: '0', vatRate: '22' }],
  });
  return { entity, company, deal, user: { email, password: PASSWORD } };
}

/** Clicks "Invoice" on the deal page; with several legal entities of ours, picks the given one in the dialog. */
async function invoiceFromDeal(page: Page, entityName: string) {
  await page.getByTestId('deal-invoice').click();
  const dialog = page.getByTestId('deal-invoice-entity');
  const until = Date.now() + 10_000;
  while (!/\/invoices\//.test(page.url())) {
    if (await dialog.isVisible().catch(() => false)) {
      await dialog.click();
      await page.getByRole('option', { name: entityName }).click();
      await page.getByTestId('deal-invoice-create').click();
      break;
    }
    if (Date.now() > until) throw new Error('no invoice page after "Invoice" on the deal');
    await page.waitForTimeout(100);
  }
  await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
}

export const moneyJourneys: Journey[] = [
  {
    name: 'finance invoices a deal in one click, edits a line, issues it, registers a partial payment and sees the receivable',
    async run({ page, base }) {
      const { entity, company, deal, user } = await arrange(base);
      await signInUi(page, base, user.email, user.password);
      await page.goto(`${base}/deals/${deal.id}`);
      await invoiceFromDeal(page, entity.name);
      await expect(page.getByTestId('invoice-status')).toHaveText(/./);
      await expect(page.getByTestId('invoice-line')).toHaveCount(1);
      await expectDigits(page.getByTestId('invoice-total'), '244000');

      // A wrong quantity is named under its input; a price typed the Russian way (space, comma) is taken.
      await page.getByTestId('invoice-line-quantity').fill('три');
      await page.getByTestId('invoice-save').click();
      await expect(page.getByTestId('field-error').first()).toBeVisible();
      await page.getByTestId('invoice-line-quantity').fill('3');
      await page.getByTestId('invoice-line-price').fill('1 500,50');
      await page.getByTestId('invoice-save').click();
      // 3 × 1 500,50 = 4 501,50 net, VAT 22 % = 990,33: 5 491,83.
      await expectDigits(page.getByTestId('invoice-total'), '549183');

      await page.getByTestId('invoice-issue').click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.locator('[data-testid="invoice-status"][data-status="issued"]')).toBeVisible();
      await expect(page.getByTestId('invoice-title')).toHaveText(/№/);
      // The preview shows the PDF when the server makes one, and says so when it does not.
      await expect(page.locator('[data-testid="invoice-pdf"], [data-testid="invoice-pdf-unavailable"]').first()).toBeVisible(20_000);

      await page.getByTestId('payment-register').click();
      await page.getByTestId('payment-amount').fill('2 000');
      await page.getByTestId('allocation-amount').fill('2000');
      await page.getByTestId('payment-save').click();
      await expect(page.locator('[data-testid="invoice-status"][data-status="partially_paid"]')).toBeVisible();
      await expect(page.getByTestId('invoice-payment')).toHaveCount(1);
      await expectDigits(page.getByTestId('invoice-balance'), '349183');

      await page.getByTestId('nav-receivables').click();
      await expect(page.getByTestId('receivables-title')).toBeVisible();
      const row = page.locator(`[data-testid="receivables-row"][data-company-id="${company.id}"]`);
      await expect(row).toBeVisible();
      await expectDigits(row.getByTestId('receivables-row-total'), '349183');
      await row.getByTestId('receivables-expand').click();
      await expect(page.getByTestId('receivables-detail').getByRole('link').first()).toBeVisible();

      await page.getByTestId('nav-invoices').click();
      await expect(page.locator(`[data-testid="invoice-row"]`).filter({ hasText: company.name })).toBeVisible();

      // Back on the deal, its invoice is listed with what is owed on it.
      await page.goto(`${base}/deals/${deal.id}`);
      await expect(page.getByTestId('deal-invoices-table').locator('[data-status="partially_paid"]')).toBeVisible();
    },
  },
  {
    name: 'an admin previews a built-in invoice template from a deal, and an uploaded DOCX with a wrong placeholder is refused by name',
    async run({ page, base }) {
      const { entity, deal } = await arrange(base);
      await signInUi(page, base, ADMIN.email, ADMIN.password);
      await page.getByTestId('nav-templates').click();
      await expect(page.getByTestId('templates-title')).toBeVisible();
      await page.locator('[data-testid="template-row"][data-builtin="true"]').first().getByTestId('template-preview').click();
      await page.getByTestId('template-preview-deal').click();
      await page.getByTestId('template-preview-deal').fill(deal.title.slice(0, 18));
      await page.getByRole('option', { name: deal.title }).click();
      const entitySelect = page.getByTestId('template-preview-entity');
      if (!(await entitySelect.inputValue())) {
        await entitySelect.click();
        await page.getByRole('option', { name: entity.name }).click();
      }
      await page.getByTestId('template-preview-make').click();
      await expect(page.getByTestId('template-preview-frame')).toBeVisible(20_000);
      await page.keyboard.press('Escape');

      const bad = await Packer.toBuffer(
        new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('Покупатель: {client.name}, {noSuchTag}')] })] }] }),
      );
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('template-file').click();
      await (
        await chooser
      ).setFiles({ name: 'Счёт.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: bad });
      await page.getByTestId('template-upload').click();
      await expect(page.getByTestId('field-error').filter({ hasText: 'noSuchTag' })).toBeVisible();
      await expect(page.locator('[data-testid="template-row"][data-builtin="false"]')).toHaveCount(0);
    },
  },
  {
    name: 'finance reverses a wrong payment and cancels a Russian invoice, and corrects a Bulgarian one by a credit note',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const email = `${unique('finance')}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Пётр Счетоводов', password: PASSWORD, role: 'finance' });
      const company = await admin.post('/api/v1/companies', { name: `ООО «${unique('Клиент')}»` });
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const due = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
      const issue = async (body: Record<string, unknown>) => {
        const d = await admin.post('/api/v1/invoices', { companyId: company.id, issueDate: yesterday, dueDate: due, ...body });
        return admin.post(`/api/v1/invoices/${d.id}/issue`, {});
      };
      const ru = await admin.post('/api/v1/legal-entities', {
        name: `ООО «${unique('Орбита')}»`,
        country: 'RU',
        inn: '7707083893',
        defaultCurrency: 'RUB',
      });
      const bg = await admin.post('/api/v1/legal-entities', {
        name: `${unique('Орбита')} ЕООД`,
        country: 'BG',
        eik: '175074752',
        vatNumber: 'BG175074752',
        defaultCurrency: 'EUR',
      });
      const line = { name: 'Монтаж', quantity: '1', unit: 'ч', price: '500.00' };
      const ruInvoice = await issue({ legalEntityId: ru.id, currency: 'RUB', lines: [{ ...line, vatRate: '22' }] });
      const bgInvoice = await issue({ legalEntityId: bg.id, currency: 'EUR', lines: [{ ...line, vatRate: '20' }] });
      await admin.post('/api/v1/payments', {
        companyId: company.id,
        amount: '610.00',
        currency: 'RUB',
        date: yesterday,
        method: 'bank_transfer',
        reference: 'п/п 17',
        allocations: [{ invoiceId: ruInvoice.id, amount: '610.00' }],
      });

      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/invoices/${ruInvoice.id}`);
      await expect(page.locator('[data-testid="invoice-status"][data-status="paid"]')).toBeVisible();
      await page.getByTestId('payment-reverse').click();
      await page.getByTestId('payment-reverse-confirm').click();
      await expect(page.getByTestId('field-error')).toBeVisible();
      await page.getByTestId('payment-reverse-reason').fill('Платёж другого клиента');
      await page.getByTestId('payment-reverse-confirm').click();
      await expect(page.locator('[data-testid="invoice-payment"][data-reversed="true"]')).toBeVisible();
      await expect(page.locator('[data-testid="invoice-status"][data-status="issued"]')).toBeVisible();
      await page.getByTestId('invoice-cancel').click();
      await page.getByTestId('invoice-cancel-reason').fill('Выставлен по ошибке');
      await page.getByTestId('invoice-cancel-confirm').click();
      await expect(page.locator('[data-testid="invoice-status"][data-status="cancelled"]')).toBeVisible();
      await expect(page.getByTestId('invoice-credit-note')).toHaveCount(0);

      await page.goto(`${base}/invoices/${bgInvoice.id}`);
      await expect(page.getByTestId('invoice-cancel')).toHaveCount(0);
      await page.getByTestId('invoice-credit-note').click();
      await page.getByTestId('invoice-credit-reason').fill('Върната стока');
      await page.getByTestId('invoice-credit-confirm').click();
      await page.waitForURL((u) => u.pathname.startsWith('/invoices/') && !u.pathname.endsWith(bgInvoice.id));
      await expect(page.locator('[data-testid="invoice-status"][data-status="draft"]')).toBeVisible();
      await expectDigits(page.getByTestId('invoice-total'), '60000');
      await page.getByTestId('invoice-issue').click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.locator('[data-testid="invoice-status"][data-status="issued"]')).toBeVisible();
      await expect(page.getByTestId('invoice-title')).toHaveText(/\d{10}/);
    },
  },
];
