import { expect } from './expect.js';
import type { Journey } from './journeys.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

/** The wall clock `HH:MM` of an instant in a zone, as every interface language writes it. */
const hhmm = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));

/** Service: the tickets queue, the new-ticket form. */
export const serviceJourneys: Journey[] = [
  {
    name: 'an operator opens a ticket for a company and sees it in the queue with its SLA due time',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString().slice(-7);
      const email = `service-${stamp}@e2e.test`;
      // A zone far from the server's, so a due time shown in UTC would not pass.
      const timeZone = 'Asia/Vladivostok';
      await admin.post('/api/v1/users', { email, name: 'Анна Сервисова', password: PASSWORD, role: 'operator', timeZone });
      const companyName = `ООО Сервис ${stamp}`;
      await admin.post('/api/v1/companies', { name: companyName });

      await signInUi(page, base, email, PASSWORD);
      await page.getByTestId('nav-tickets').click();
      await expect(page.getByTestId('tickets-title')).toBeVisible();
      await page.getByTestId('ticket-new').click();
      // Without a client the form says what is missing.
      const subject = `Не печатает принтер ${stamp}`;
      await page.getByTestId('ticket-subject').fill(subject);
      await page.getByTestId('ticket-create').click();
      await expect(page.getByTestId('field-error').first()).toBeVisible();
      const picker = page.getByTestId('ticket-company');
      await picker.click();
      await picker.fill(companyName.slice(0, 14));
      await page.getByRole('option', { name: companyName }).click();
      await page.getByTestId('ticket-priority-input').click();
      await page.getByRole('option', { name: /^(Urgent|Срочный|Спешен)$/ }).click();
      await page.getByTestId('ticket-category').fill('Оборудование');
      await page.getByTestId('ticket-create').click();

      const row = page.getByTestId('ticket-row').filter({ hasText: subject });
      await expect(row).toBeVisible();
      await expect(row.getByTestId('ticket-company')).toHaveText(companyName);
      const created = await admin.get(`/api/v1/tickets?status=new&category=${encodeURIComponent('Оборудование')}`);
      const ticket = created.items.find((x: { subject: string }) => x.subject === subject) as {
        id: string;
        dueAt: string;
        priority: string;
      };
      if (!ticket) throw new Error(`the ticket was not created: ${JSON.stringify(created.items)}`);
      if (ticket.priority !== 'urgent') throw new Error(`priority ${ticket.priority}`);
      const due = row.getByTestId('ticket-due');
      if ((await due.getAttribute('data-due-at')) !== ticket.dueAt) throw new Error(`the row shows another due time than ${ticket.dueAt}`);
      await expect(due).toHaveText(new RegExp(hhmm(ticket.dueAt, timeZone)));

      // Filters narrow the queue: another priority hides it, the company shows it.
      await page.getByTestId('tickets-filter-priority').click();
      await page.getByRole('option', { name: /^(Low|Низкий|Нисък)$/ }).click();
      await expect(row).toBeHidden();
      await page.goto(`${base}/tickets?status=all&companyId=${(await admin.get(`/api/v1/tickets/${ticket.id}`)).companyId}`);
      await expect(page.getByTestId('ticket-row')).toHaveCount(1);
      await expect(page.getByTestId('ticket-row').filter({ hasText: subject })).toBeVisible();
    },
  },
];
