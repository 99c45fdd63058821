import { expect } from './expect.js';
import type { Journey } from './journeys.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';
import { startAmiServer } from '../server/test/ami-server.js';

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
  {
    name: 'a manager clicks to call a client and sees the phone system ring their phone, or say why it cannot; the admin sets up telephony',
    async run({ page, base, browser }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString().slice(-7);
      const email = `dialer-${stamp}@e2e.test`;
      const manager = await admin.post('/api/v1/users', { email, name: 'Олег Набиров', password: PASSWORD, role: 'manager' });
      const extension = `6${stamp.slice(-3)}`;
      await admin.patch(`/api/v1/users/${manager.id}`, { extension });
      const api = await apiAs(base, email, PASSWORD);
      const number = `+7905${stamp}`;
      const contact = await api.post('/api/v1/contacts', { firstName: 'Вызываемый', lastName: 'Клиент', phones: [{ number }] });
      // A call from a number the PBX's dialplan refuses (the test PBX refuses 000), for the failure.
      await admin.post('/api/v1/telephony/events', {
        providerCallId: `e2e-dial-${stamp}`,
        event: 'ended',
        direction: 'in',
        from: '000',
        to: '+74951234567',
        extension,
        startedAt: minutesAgo(30),
        answeredAt: minutesAgo(29),
        endedAt: minutesAgo(28),
        disposition: 'answered',
      });
      const pbx = await startAmiServer({ username: 'orbita', secret: 'e2e-ami-secret' });
      const connection = await admin.post('/api/v1/telephony/connections', {
        provider: 'asterisk',
        host: '127.0.0.1',
        port: pbx.port,
        username: 'orbita',
        secret: 'e2e-ami-secret',
      });
      try {
        const deadline = Date.now() + 30_000;
        while ((await admin.get(`/api/v1/telephony/connections/${connection.id}`)).status !== 'connected') {
          if (Date.now() > deadline) throw new Error('the PBX connection did not come up');
          await new Promise((r) => setTimeout(r, 200));
        }

        await signInUi(page, base, email, PASSWORD);
        await page.goto(`${base}/contacts/${contact.id}`);
        await page.locator(`[data-testid="call-button"][data-number="${number}"]`).first().click();
        await expect(page.locator('[data-testid="call-progress"][data-status="done"]')).toBeVisible();
        if (!pbx.originates().some((o) => o.Exten === number && o.Channel === `PJSIP/${extension}`))
          throw new Error(`the PBX was not asked to call: ${JSON.stringify(pbx.originates())}`);

        // From the calls page: the PBX refuses the number, and the reason shows.
        await page.getByTestId('nav-calls').click();
        await page.locator('[data-testid="call-button"][data-number="000"]').first().click();
        await expect(page.locator('[data-testid="call-progress"][data-status="failed"]')).toBeVisible();

        // The admin has no extension: no call buttons for them.
        const adminPage = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 860 } })).newPage();
        await signInUi(adminPage, base, ADMIN.email, ADMIN.password);
        await adminPage.goto(`${base}/contacts/${contact.id}`);
        await expect(adminPage.getByTestId('phone').first()).toBeVisible();
        await expect(adminPage.getByTestId('call-button')).toHaveCount(0);

        // The admin's telephony settings: the follower's state, an extension, a line.
        const colleague = await admin.post('/api/v1/users', {
          email: `dialer2-${stamp}@e2e.test`,
          name: `Ева Линейная ${stamp}`,
          password: PASSWORD,
          role: 'manager',
        });
        await adminPage.getByTestId('nav-telephony').click();
        await expect(
          adminPage.locator(`[data-testid="connection-row"][data-connection-id="${connection.id}"][data-status="connected"]`),
        ).toBeVisible();
        const row = adminPage.locator(`[data-testid="extension-row"][data-user-id="${colleague.id}"]`);
        await row.getByTestId('extension-input').fill(`5${stamp.slice(-3)}`);
        await row.getByTestId('extension-save').click();
        const lineNumber = `+7495${stamp}`;
        const line = adminPage.getByTestId('line-new');
        await line.getByTestId('line-number').fill(lineNumber);
        await line.getByTestId('line-name').fill(`Отдел продаж ${stamp}`);
        await line.getByTestId('line-save').click();
        await expect(
          adminPage.getByTestId('line-row').filter({ has: adminPage.locator(`input[value="Отдел продаж ${stamp}"]`) }),
        ).toBeVisible();
        const deadline2 = Date.now() + 10_000;
        while (
          (await admin.get('/api/v1/users')).items.find((u: { id: string }) => u.id === colleague.id)?.extension !== `5${stamp.slice(-3)}`
        ) {
          if (Date.now() > deadline2) throw new Error('the extension was not saved');
          await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        await admin.del(`/api/v1/telephony/connections/${connection.id}`);
        await pbx.stop();
      }
    },
  },
];
