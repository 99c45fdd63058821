import { expect } from './expect.js';
import type { Journey } from './journeys.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** Calls: the calls page, the unsorted queue, the lost-call report with its drill-down, the team's lost-call rate. */
export const callsJourneys: Journey[] = [
  {
    name: 'a manager sorts an unknown caller from the queue and drills into their lost calls',
    async run({ page, base, browser }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString().slice(-7);
      const email = `calls-${stamp}@e2e.test`;
      const manager = await admin.post('/api/v1/users', { email, name: 'Ирина Звонкова', password: PASSWORD, role: 'manager' });
      const extension = `7${stamp.slice(-3)}`;
      await admin.patch(`/api/v1/users/${manager.id}`, { extension });
      const api = await apiAs(base, email, PASSWORD);
      const knownNumber = `+7903${stamp}`;
      const unknownNumber = `+7904${stamp}`;
      await api.post('/api/v1/contacts', { firstName: 'Постоянный', lastName: 'Клиент', phones: [{ number: knownNumber }] });
      // An answered call from a number nobody has, and a missed call of the manager's client nobody returned.
      await admin.post('/api/v1/telephony/events', [
        {
          providerCallId: `e2e-answered-${stamp}`,
          event: 'ended',
          direction: 'in',
          from: unknownNumber,
          to: '+74951234567',
          extension,
          startedAt: minutesAgo(120),
          answeredAt: minutesAgo(119),
          endedAt: minutesAgo(115),
          disposition: 'answered',
        },
        {
          providerCallId: `e2e-missed-${stamp}`,
          event: 'ended',
          direction: 'in',
          from: knownNumber,
          to: '+74951234567',
          startedAt: minutesAgo(90),
          endedAt: minutesAgo(89),
          disposition: 'no_answer',
        },
      ]);

      await signInUi(page, base, email, PASSWORD);
      await page.getByTestId('nav-calls').click();
      await expect(page.getByTestId('call-row')).toHaveCount(2);
      await expect(page.getByTestId('call-unknown').first()).toBeVisible();
      await expect(page.getByTestId('call-contact').filter({ hasText: 'Постоянный' }).first()).toBeVisible();

      // The unknown number in the queue: create the contact from it in one step.
      await page.getByTestId('tab-unsorted').click();
      const row = page.locator(`[data-testid="unsorted-row"][data-number="${unknownNumber}"]`);
      await expect(row).toBeVisible();
      await row.getByTestId('unsorted-sort').click();
      await page.getByTestId('sort-first-name').fill('Новый');
      await page.getByTestId('sort-save').click();
      await expect(row).toBeHidden();
      const sorted = await api.get('/api/v1/calls?direction=in&status=answered');
      if (!sorted.items.some((c: { contact: { name: string } | null }) => c.contact?.name?.includes('Новый')))
        throw new Error(`the call was not moved to the new contact: ${JSON.stringify(sorted.items)}`);

      // The lost-call report: the manager's own row, and its calls.
      await page.getByTestId('tab-lost-calls').click();
      const group = page.locator(`[data-testid="lost-group"][data-key="${manager.id}"]`);
      await expect(group).toBeVisible();
      await group.getByTestId('lost-drill').click();
      await expect(page.getByTestId('lost-drill-clear')).toBeVisible();
      await expect(page.getByTestId('lost-call')).toHaveCount(2);
      await expect(
        page
          .getByTestId('lost-outcome-badge')
          .filter({ hasText: /Not called back|Не перезвонили|Не е върнато/i })
          .first(),
      ).toBeVisible();
      await expect(page.getByTestId('lost-call-task').first()).toBeVisible();
      // With a window of four hours the contact made from the queue counts as the follow-up, and the
      // missed call's four hours are not over yet: nothing is lost, one call was followed up.
      await page.getByTestId('lost-within').fill('240');
      await expect(page.getByTestId('lost-call')).toHaveCount(0);
      await page
        .getByTestId('lost-outcome')
        .getByText(/Followed up|Отработанные|Обработени/)
        .click();
      await expect(page.getByTestId('lost-call')).toHaveCount(1);

      // The admin's team dashboard shows the lost-call rate beside overdue follow-ups.
      const adminPage = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 860 } })).newPage();
      await signInUi(adminPage, base, ADMIN.email, ADMIN.password);
      await adminPage.goto(`${base}/team`);
      const teamRow = adminPage.locator(`[data-testid="team-row"][data-user-id="${manager.id}"]`);
      await expect(teamRow.getByTestId('team-lost-calls')).toHaveText(/2/);
    },
  },
];
