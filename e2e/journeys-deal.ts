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
];
