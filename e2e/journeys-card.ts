import { expect } from './expect.js';
import type { Journey } from './journeys.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

/** The client card: a timeline that says what happened, filtered by kind. */
export const cardJourneys: Journey[] = [
  {
    name: 'a contact timeline says what happened (call with its outcome, deal moved from -> to with the amount) and filters by kind',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString(36);
      const email = `card-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Анна Карточкина', password: PASSWORD, role: 'manager' });
      const api = await apiAs(base, email, PASSWORD);
      const contact = await api.post('/api/v1/contacts', { firstName: 'Пётр', lastName: `Клиентов${stamp}` });
      await api.post('/api/v1/activities', {
        type: 'call',
        subject: 'Уточнить объём',
        contactId: contact.id,
        done: true,
        doneAt: new Date(Date.now() - 3_600_000).toISOString(),
        outcome: 'Договорились о встрече',
      });
      const { items: pipelines } = (await api.get('/api/v1/pipelines')) as {
        items: { isDefault: boolean; stages: { id: string; name: string; kind: string }[] }[];
      };
      const stages = (pipelines.find((p) => p.isDefault) ?? pipelines[0]).stages.filter((s) => s.kind === 'open');
      const deal = await api.post('/api/v1/deals', {
        title: `Поставка ${stamp}`,
        amount: '115900.00',
        contactIds: [contact.id],
        stageId: stages[0].id,
      });
      await api.post(`/api/v1/deals/${deal.id}/move`, { stageId: stages[1].id, version: deal.version });

      await page.addInitScript(() => localStorage.setItem('orbita.lang', 'ru'));
      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/contacts/${contact.id}`);
      const events = page.getByTestId('timeline-event');
      const call = events.filter({ hasText: 'Звонок: Уточнить объём' });
      await expect(call).toBeVisible();
      await expect(call.getByTestId('timeline-detail')).toHaveText('Результат: Договорились о встрече');
      const moved = events.filter({ hasText: `Сделка «Поставка ${stamp}» перешла на другой этап` });
      await expect(moved.getByTestId('timeline-detail')).toHaveText(
        new RegExp(`^${stages[0].name} → ${stages[1].name} · 115\\s900,00\\s₽$`),
      );
      await page.getByTestId('timeline-filter-deal').click();
      await expect(call).toBeHidden();
      await expect(moved).toBeVisible();
      const kinds = await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      if (!kinds.every((k) => k?.startsWith('deal_'))) throw new Error(`deal filter shows ${kinds.join(', ')}`);
      await page.getByTestId('timeline-filter-all').click();
      await expect(call).toBeVisible();
    },
  },
];
