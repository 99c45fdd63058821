import { expect } from './expect.js';
import type { Journey } from './journeys.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

/** The deal page: closing it asks what becomes of its open activities. */
export const dealJourneys: Journey[] = [
  {
    name: 'winning a deal with a planned call asks what to do with it and completes it with the outcome',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString(36);
      const email = `close-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Игорь Закрывалов', password: PASSWORD, role: 'manager' });
      const api = await apiAs(base, email, PASSWORD);
      const deal = await api.post('/api/v1/deals', { title: `Сделка ${stamp}`, amount: '115900.00' });
      const call = await api.post('/api/v1/activities', {
        type: 'call',
        subject: 'Созвон по договору',
        dealId: deal.id,
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });

      await page.addInitScript(() => localStorage.setItem('orbita.lang', 'ru'));
      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/deals/${deal.id}`);
      await page.getByTestId('deal-won').click();
      const choice = page.getByTestId('close-open-activities');
      await expect(choice).toHaveText(/У сделки 1 незавершённое дело/);
      const outcome = page.getByTestId('close-activities-outcome');
      if ((await outcome.inputValue()) !== 'Сделка выиграна') throw new Error(`outcome prefilled with "${await outcome.inputValue()}"`);
      await outcome.fill('Выиграли, звонок не нужен');
      await page.getByTestId('won-confirm').click();
      await expect(page.getByTestId('won-confirm')).toBeHidden();
      const done = await api.get(`/api/v1/activities/${call.id}`);
      if (!done.done || done.outcome !== 'Выиграли, звонок не нужен') throw new Error(`the call: ${JSON.stringify(done)}`);
      if ((await api.get(`/api/v1/deals/${deal.id}`)).status !== 'won') throw new Error('the deal is not won');
    },
  },
  {
    name: 'deal amounts read in the user’s language, and a quantity that is no number is refused with a message',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString(36);
      const email = `money-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Нина Суммова', password: PASSWORD, role: 'manager' });
      const product = await admin.post('/api/v1/products', { name: `Станок ${stamp}`, prices: [{ currency: 'RUB', amount: '57950.00' }] });
      const api = await apiAs(base, email, PASSWORD);
      const deal = await api.post('/api/v1/deals', {
        title: `Станки ${stamp}`,
        lines: [{ productId: product.id, quantity: '2', unitPrice: '57950.00' }],
      });

      await page.addInitScript(() => localStorage.setItem('orbita.lang', 'ru'));
      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/deals/${deal.id}`);
      const amount = page.getByTestId('deal-amount');
      await amount.waitFor();
      const shown = (await amount.inputValue()).replace(/[\u00a0\u202f]/g, ' ');
      // 2 x 57 950,00 with the product's VAT on top, as the server computed it, written the Russian way.
      const expected = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2 })
        .format(deal.amount as Intl.StringNumericLiteral)
        .replace(/[\u00a0\u202f]/g, ' ');
      if (!/^\d{3} \d{3},\d{2}$/.test(shown) || shown !== expected) throw new Error(`amount ${deal.amount} shown as "${shown}"`);
      const quantity = page.getByTestId('line-quantity').first();
      await quantity.fill('abc');
      await quantity.blur();
      await expect(page.getByTestId('field-error').filter({ hasText: 'Введите количество больше нуля' })).toBeVisible();
      await quantity.fill('1,5');
      await quantity.blur();
      await expect(page.getByTestId('field-error').filter({ hasText: 'Введите количество больше нуля' })).toBeHidden();
      if ((await quantity.inputValue()) !== '1,5') throw new Error(`quantity shown as "${await quantity.inputValue()}"`);
      await page.getByTestId('deal-save').click();
      await expect(page.getByTestId('deal-save')).toBeHidden();
      const saved = await api.get(`/api/v1/deals/${deal.id}`);
      if (saved.lines[0].quantity !== '1.5000' && saved.lines[0].quantity !== '1.5')
        throw new Error(`saved quantity ${saved.lines[0].quantity}`);
      if (Number(saved.lines[0].quantity) !== 1.5 || saved.amount === deal.amount)
        throw new Error(`saved ${JSON.stringify(saved.lines[0])}`);
    },
  },
];
