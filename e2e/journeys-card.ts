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
  {
    name: 'a company page shows open deals and plans, plans a call and opens a deal prefilled with the company, History refreshes after an edit',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString(36);
      const email = `cockpit-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Ольга Кабинетова', password: PASSWORD, role: 'manager' });
      const api = await apiAs(base, email, PASSWORD);
      const company = await api.post('/api/v1/companies', { name: `ООО «Кокпит ${stamp}»` });
      const nextDue = new Date(Date.now() + 2 * 86_400_000).toISOString();
      const deal = await api.post('/api/v1/deals', {
        title: `Сервисный контракт ${stamp}`,
        amount: '14254602.00',
        companyId: company.id,
        nextStep: { text: 'Отправить КП', dueAt: nextDue },
      });
      const won = await api.post('/api/v1/deals', { title: `Закрытая ${stamp}`, amount: '5.00', companyId: company.id });
      await api.post(`/api/v1/deals/${won.id}/close`, { outcome: 'won', version: won.version });

      await page.addInitScript(() => localStorage.setItem('orbita.lang', 'ru'));
      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/companies/${company.id}`);
      const row = page.locator(`[data-testid="client-deal"][data-deal-id="${deal.id}"]`);
      await expect(row).toBeVisible();
      await expect(row.getByTestId('client-deal-amount')).toHaveText(/^14\s254\s602,00\s₽$/);
      await expect(row.getByTestId('client-deal-next')).toHaveText(/^Следующий шаг: Отправить КП, /);
      if ((await page.locator(`[data-testid="client-deal"][data-deal-id="${won.id}"]`).count()) !== 0)
        throw new Error('a won deal is listed among the open ones');

      // Plan a call in one click: the dialog opens as a call, linked to the company.
      await page.getByTestId('client-plan-call').click();
      const subject = `Позвонить ${stamp}`;
      await page.getByTestId('activity-subject').fill(subject);
      await page.getByTestId('activity-save').click();
      await expect(page.getByTestId('client-planned').getByText(subject)).toBeVisible();
      const { items } = await api.get(`/api/v1/activities?companyId=${company.id}&done=false`);
      const call = items.find((a: { subject: string }) => a.subject === subject);
      if (!call || call.type !== 'call') throw new Error(`planned: ${JSON.stringify(items)}`);

      // A new deal from the card belongs to the company.
      await page.getByTestId('client-new-deal').click();
      const title = `Новая из карточки ${stamp}`;
      await page.getByTestId('deal-title').fill(title);
      await page.getByTestId('deal-save').click();
      await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
      const created = await api.get(`/api/v1/deals?companyId=${company.id}&q=${encodeURIComponent(title)}`);
      if (created.items.length !== 1) throw new Error(`new deal not on the company: ${JSON.stringify(created.items)}`);

      // An edit shows in History without a reload.
      await page.goto(`${base}/companies/${company.id}`);
      await page.getByTestId('tab-history').click();
      await expect(page.getByTestId('audit-entry').first()).toBeVisible();
      const before = await page.getByTestId('audit-entry').count();
      await page.getByTestId('edit').click();
      await page.getByTestId('company-name').fill(`ООО «Кокпит ${stamp} плюс»`);
      await page.getByTestId('save').click();
      await expect(page.getByTestId('company-title')).toHaveText(`ООО «Кокпит ${stamp} плюс»`);
      await page.getByTestId('tab-history').click();
      await expect(page.getByTestId('audit-entry').nth(before)).toBeVisible();
    },
  },
];
