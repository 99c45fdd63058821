import type { Request } from 'playwright-core';
import { expect } from './expect.js';
import type { Journey } from './journeys.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

/** The agenda page: today first, the overdue ones counted and loaded on demand, linked names from the one request. */
export const agendaJourneys: Journey[] = [
  {
    name: 'the agenda opens with one request: today first, overdue collapsed with its count, linked names without lookups',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString(36);
      const email = `agenda-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Мария Повесткина', password: PASSWORD, role: 'manager' });
      const api = await apiAs(base, email, PASSWORD);
      const company = await api.post('/api/v1/companies', { name: `ООО «Повестка ${stamp}»` });
      const contact = await api.post('/api/v1/contacts', { firstName: 'Олег', lastName: `Связной${stamp}`, companyId: company.id });
      const deal = await api.post('/api/v1/deals', { title: `Поставка ${stamp}`, amount: '1000.00', companyId: company.id });
      const links = { contactId: contact.id, companyId: company.id, dealId: deal.id };
      const overdue = [];
      for (const h of [1, 2, 3])
        overdue.push(
          await api.post('/api/v1/activities', { type: 'call', subject: `Пропущено ${h}`, dueAt: inMinutes(-60 * h), ...links }),
        );
      // Soon: in today or, just before midnight, the first upcoming day; listed either way.
      const soon = await api.post('/api/v1/activities', { type: 'meeting', subject: `Встреча ${stamp}`, dueAt: inMinutes(5), ...links });

      const requests: string[] = [];
      page.on('request', (r: Request) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/api/v1/')) requests.push(path);
      });
      await signInUi(page, base, email, PASSWORD);
      requests.length = 0;
      await page.getByTestId('nav-agenda').click();
      const item = page.locator(`[data-testid="agenda-item"][data-activity-id="${soon.id}"]`);
      await expect(item).toBeVisible();
      await expect(item.getByTestId('agenda-link-contact')).toHaveText(new RegExp(`Связной${stamp}`));
      await expect(item.getByTestId('agenda-link-company')).toHaveText(new RegExp(`Повестка ${stamp}`));
      await expect(item.getByTestId('agenda-link-deal')).toHaveText(new RegExp(`Поставка ${stamp}`));
      await expect(page.getByTestId('agenda-overdue-count')).toHaveText('3');
      await page.waitForLoadState('networkidle');
      // Today's section comes before the overdue one, whose items wait for the click.
      const order = await page.evaluate(() => {
        const today = document.querySelector('[data-testid="agenda-today"]');
        const late = document.querySelector('[data-testid="agenda-overdue"]');
        return !!today && !!late && !!(today.compareDocumentPosition(late) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      if (!order) throw new Error('the overdue section is not below today');
      if ((await page.locator(`[data-testid="agenda-item"][data-activity-id="${overdue[0].id}"]`).count()) !== 0)
        throw new Error('the overdue ones are listed before expanding');
      const agendaCalls = requests.filter((p) => p.startsWith('/api/v1/agenda'));
      const lookups = requests.filter((p) => /^\/api\/v1\/(contacts|companies|deals)\/[0-9a-f-]{36}$/.test(p));
      if (agendaCalls.length !== 1 || lookups.length)
        throw new Error(`expected one agenda request and no record lookups, got ${JSON.stringify(requests)}`);

      await page.getByTestId('agenda-overdue-toggle').click();
      for (const a of overdue) await expect(page.locator(`[data-testid="agenda-item"][data-activity-id="${a.id}"]`)).toBeVisible();
      const late = page.locator(`[data-testid="agenda-item"][data-activity-id="${overdue[0].id}"]`);
      await expect(late.getByTestId('agenda-link-deal')).toHaveText(new RegExp(`Поставка ${stamp}`));
      if (requests.filter((p) => /^\/api\/v1\/(contacts|companies|deals)\/[0-9a-f-]{36}$/.test(p)).length)
        throw new Error(`record lookups after expanding: ${JSON.stringify(requests)}`);
    },
  },
];
