import type { Page } from 'playwright-core';
import { expect } from './expect.js';
import type { Journey } from './journeys.js';

/**
 * How far the page is wider than the window, once it has had its chance to re-lay itself out
 * after a resize (Mantine's media queries switch layouts on the next render): polled for up to 5 s.
 */
async function overflowOf(page: Page): Promise<number> {
  const until = Date.now() + 5_000;
  for (;;) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow <= 0 || Date.now() > until) return overflow;
    await page.waitForTimeout(200);
  }
}
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

/** The wall clock `HH:MM` of an instant in a zone, as every interface language writes it. */
const hhmm = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));

/** Service: the tickets queue, the new-ticket form, the ticket page; the knowledge base; SLA settings and the tickets report. */
export const serviceJourneys: Journey[] = [
  {
    name: 'an operator opens a ticket for a company, sees it in the queue with its SLA due time, answers, resolves, rates and edits it',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString().slice(-7);
      const email = `service-${stamp}@e2e.test`;
      // A zone far from the server's, so a due time shown in UTC would not pass.
      const timeZone = 'Asia/Vladivostok';
      await admin.post('/api/v1/users', { email, name: 'Анна Сервисова', password: PASSWORD, role: 'operator', timeZone });
      const companyName = `ООО Сервис ${stamp}`;
      await admin.post('/api/v1/companies', { name: companyName });
      // An article the ticket page offers for the subject's words.
      const articleTitle = `Принтер не печатает: что проверить ${stamp}`;
      await admin.post('/api/v1/kb/articles', {
        title: articleTitle,
        body: 'Проверьте **кабель** и очередь печати.',
        language: 'ru',
        status: 'published',
      });

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

      // On a phone the queue and the ticket page are stacked, nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(page.getByTestId('ticket-row').filter({ hasText: subject }).getByTestId('ticket-due')).toBeVisible();
      const queueOverflow = await overflowOf(page);
      if (queueOverflow > 0) throw new Error(`the queue is ${queueOverflow}px wider than a 390px screen`);
      await page.getByTestId('ticket-row').filter({ hasText: subject }).click();
      await expect(page.getByTestId('ticket-title')).toHaveText(subject);
      await expect(page.getByTestId('ticket-kb-article').filter({ hasText: articleTitle })).toBeVisible();
      const overflow = await overflowOf(page);
      if (overflow > 0) throw new Error(`the ticket page is ${overflow}px wider than a 390px screen`);

      // An internal note and an answer to the client, shown apart; the answer is the first response.
      await page.getByTestId('ticket-comment-body').fill('Проверить драйвер на месте');
      await page.getByTestId('ticket-comment-send').click();
      await expect(page.locator('[data-testid="ticket-comment"][data-internal="true"]')).toHaveCount(1);
      await page.getByTestId('ticket-comment-internal').click();
      await page.getByTestId('ticket-comment-body').fill('Здравствуйте! Мастер приедет сегодня.');
      await page.getByTestId('ticket-comment-send').click();
      await expect(page.locator('[data-testid="ticket-comment"][data-internal="false"]')).toHaveCount(1);
      const answered = await admin.get(`/api/v1/tickets/${ticket.id}`);
      if (!answered.firstResponseAt) throw new Error('the comment to the client did not set the first response');
      const forClient = await admin.get(`/api/v1/tickets/${ticket.id}/comments?internal=false`);
      if (forClient.items.length !== 1) throw new Error(`comments to the client: ${JSON.stringify(forClient.items)}`);

      // Resolved, then the client's score.
      await page.getByTestId('ticket-status-input').click();
      await page.getByRole('option', { name: /^(Resolved|Решено|Решена)$/ }).click();
      await expect(page.getByTestId('ticket-status').first()).toHaveText(/Resolved|Решено|Решена/);
      const four = await page.getByTestId('ticket-rating').locator('input[value="4"]').getAttribute('id');
      await page.locator(`label[for="${four}"]`).click();
      await page.getByTestId('ticket-rating-comment').fill('Быстро помогли');
      await page.getByTestId('ticket-rating-save').click();
      await expect(page.getByTestId('ticket-satisfaction-score')).toHaveText('4/5');
      const rated = await admin.get(`/api/v1/tickets/${ticket.id}`);
      if (rated.status !== 'resolved' || rated.satisfaction?.score !== 4) throw new Error(`not rated: ${JSON.stringify(rated)}`);

      // A due time set by hand (here through the API) shows as such; the edit form puts it back to the SLA rule and renames the ticket.
      const byHand = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16) + ':00.000Z';
      await admin.patch(`/api/v1/tickets/${ticket.id}`, { dueAt: byHand, version: rated.version });
      await page.reload();
      await expect(page.getByTestId('ticket-due').first()).toHaveText(new RegExp(hhmm(byHand, timeZone)));
      await page.getByTestId('ticket-edit').click();
      await page.getByTestId('ticket-edit-subject').fill(`${subject} (картридж)`);
      await page.getByTestId('ticket-edit-due-manual').click();
      await page.getByTestId('ticket-edit-save').click();
      await expect(page.getByTestId('ticket-title')).toHaveText(`${subject} (картридж)`);
      const edited = await admin.get(`/api/v1/tickets/${ticket.id}`);
      if (edited.dueAtManual || edited.dueAt !== ticket.dueAt)
        throw new Error(`the due time is not the SLA rule's again: ${JSON.stringify(edited)}`);
    },
  },
  {
    name: 'an editor writes, publishes and edits a knowledge-base article, restores its first text; a manager finds it as they type, then is made a writer',
    async run({ page, base, browser }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString().slice(-7);
      const email = `kb-reader-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Олег Читатель', password: PASSWORD, role: 'manager' });

      await signInUi(page, base, ADMIN.email, ADMIN.password);
      await page.getByTestId('nav-kb').click();
      await expect(page.getByTestId('kb-title')).toBeVisible();
      await page.getByTestId('kb-new').click();
      const title = `Возврат оборудования ${stamp}`;
      await page.getByTestId('kb-editor-title').fill(title);
      await page.getByTestId('kb-editor-category').fill(`Склад ${stamp}`);
      await page.getByTestId('kb-editor-tags').fill('возврат');
      await page.getByTestId('kb-editor-tags').press('Enter');
      await page
        .getByTestId('kb-editor-body')
        .fill('Примите **упакованное** оборудование.\n\n- проверьте комплект\n- <img src=x onerror=alert(1)>');
      await page
        .getByTestId('kb-editor-status')
        .getByText(/^(Published|Опубликована|Публикувана)$/)
        .click();
      await page.getByTestId('kb-editor-save').click();
      await expect(page.getByTestId('kb-article-title')).toHaveText(title);
      // Markdown rendered as elements; the HTML in the text stays text.
      await expect(page.getByTestId('markdown').locator('strong')).toHaveText('упакованное');
      await expect(page.getByTestId('markdown').locator('li')).toHaveCount(2);
      if ((await page.getByTestId('markdown').locator('img').count()) !== 0) throw new Error('raw HTML of an article reached the page');
      await expect(page.getByTestId('markdown').getByText('<img src=x onerror=alert(1)>')).toBeVisible();

      // A second save of the published article keeps the first as a version; restoring brings it back.
      await page.getByTestId('kb-edit').click();
      await page.getByTestId('kb-editor-body').fill('Новый порядок возврата.');
      await page.getByTestId('kb-editor-save').click();
      await expect(page.getByTestId('markdown')).toHaveText('Новый порядок возврата.');
      await expect(page.getByTestId('kb-version')).toHaveCount(1);
      await page.getByTestId('kb-version-view').click();
      await page.getByTestId('kb-version-restore').click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.getByTestId('markdown').locator('strong')).toHaveText('упакованное');
      await expect(page.getByTestId('kb-version')).toHaveCount(2);

      // A manager (who reads, not writes) types another form of the word and sees the match marked, on a phone-sized screen.
      const reader = await (await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } })).newPage();
      await signInUi(reader, base, email, PASSWORD);
      await reader.goto(`${base}/kb`);
      await reader.getByTestId('kb-search').fill(`оборудованием ${stamp}`);
      const hit = reader.getByTestId('kb-hit').filter({ hasText: title });
      await expect(hit).toBeVisible();
      await expect(hit.getByTestId('kb-mark').first()).toBeVisible();
      if ((await reader.getByTestId('kb-new').count()) !== 0) throw new Error('a reader was offered to write articles');
      await hit.getByTestId('kb-hit-title').click();
      await expect(reader.getByTestId('kb-article-title')).toHaveText(title);
      const overflow = await overflowOf(reader);
      if (overflow > 0) throw new Error(`the article page is ${overflow}px wider than a 390px screen`);

      // The admin lets managers write: the manager is offered a new article.
      const settingsBefore = await admin.get('/api/v1/kb/settings');
      try {
        await page.goto(`${base}/kb`);
        await page.getByTestId('kb-writers-open').click();
        await page.getByTestId('kb-writers').locator('xpath=../..').click();
        await page.getByRole('option', { name: /^(Sales manager|Manager|Менеджер|Мениджър|Търговец)/ }).click();
        await page.getByTestId('kb-writers').press('Escape');
        await page.getByTestId('kb-writers-save').click();
        await expect(page.getByTestId('kb-writers')).toBeHidden();
        const settings = await admin.get('/api/v1/kb/settings');
        if (!settings.editorRoles.includes('manager')) throw new Error(`managers were not made writers: ${JSON.stringify(settings)}`);
        await reader.goto(`${base}/kb`);
        await expect(reader.getByTestId('kb-new')).toBeVisible();
      } finally {
        await admin.put('/api/v1/kb/settings', { editorRoles: settingsBefore.editorRoles });
      }
    },
  },
  {
    name: 'an admin sets the working week, a holiday and an SLA rule; the tickets report counts a category and drills into the queue',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString().slice(-7);
      // Journeys share one server: put the settings back as they were at the end.
      const hoursBefore = await admin.get('/api/v1/sla/working-hours');
      const rulesBefore = await admin.get('/api/v1/sla/rules');
      try {
        await signInUi(page, base, ADMIN.email, ADMIN.password);
        await page.getByTestId('nav-sla').click();
        await expect(page.getByTestId('sla-title')).toBeVisible();
        const saturday = page.locator('[data-testid="sla-day"][data-day="5"]');
        const sunday = page.locator('[data-testid="sla-day"][data-day="6"]');
        await saturday.getByTestId('sla-add-interval').click();
        await saturday.getByTestId('sla-from').fill('10:00');
        await saturday.getByTestId('sla-to').fill('14:00');
        // An interval that ends before it starts: the server's message under the field.
        await sunday.getByTestId('sla-add-interval').click();
        await sunday.getByTestId('sla-from').fill('18:00');
        await sunday.getByTestId('sla-to').fill('09:00');
        await page.getByTestId('sla-save-hours').click();
        await expect(sunday.getByTestId('field-error')).toBeVisible();
        await sunday.getByTestId('sla-remove-interval').click();
        await page.getByTestId('sla-add-holiday').click();
        await page.locator('table button').filter({ hasText: /^15$/ }).first().click();
        await expect(page.getByTestId('sla-holiday')).toHaveCount(hoursBefore.holidays.length + 1);
        await page.getByTestId('sla-save-hours').click();
        const hours = await admin.get('/api/v1/sla/working-hours');
        const deadline = Date.now() + 10_000;
        let saved = hours;
        while (JSON.stringify(saved.week[5]) !== JSON.stringify([{ from: '10:00', to: '14:00' }]) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          saved = await admin.get('/api/v1/sla/working-hours');
        }
        if (JSON.stringify(saved.week[5]) !== JSON.stringify([{ from: '10:00', to: '14:00' }]) || saved.week[6].length !== 0)
          throw new Error(`working hours not saved: ${JSON.stringify(saved.week)}`);
        if (saved.holidays.length !== hoursBefore.holidays.length + 1)
          throw new Error(`holiday not saved: ${JSON.stringify(saved.holidays)}`);

        // The urgent rule of segment A: a response longer than the resolution is refused, then 45 and 240 minutes.
        const rule = page.locator('[data-testid="sla-priority"][data-priority="urgent"] [data-testid="sla-rule"][data-segment="A"]');
        await rule.getByTestId('sla-response').fill('500');
        await rule.getByTestId('sla-resolution').fill('240');
        await page.getByTestId('sla-save-rules').click();
        await expect(rule.getByTestId('field-error')).toBeVisible();
        await rule.getByTestId('sla-response').fill('45');
        await page.getByTestId('sla-save-rules').click();
        await expect(rule.getByTestId('field-error')).toBeHidden();
        let rules = await admin.get('/api/v1/sla/rules');
        const until = Date.now() + 10_000;
        const urgentA = () => rules.items.find((r: { priority: string; segment: string }) => r.priority === 'urgent' && r.segment === 'A');
        while ((urgentA()?.responseMinutes !== 45 || urgentA()?.resolutionMinutes !== 240) && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 200));
          rules = await admin.get('/api/v1/sla/rules');
        }
        if (urgentA()?.responseMinutes !== 45 || urgentA()?.resolutionMinutes !== 240)
          throw new Error(`rule not saved: ${JSON.stringify(urgentA())}`);

        // The settings on a phone: stacked, nothing wider than the screen.
        await page.setViewportSize({ width: 390, height: 844 });
        await expect(page.getByTestId('sla-rules')).toBeVisible();
        const overflow = await overflowOf(page);
        if (overflow > 0) throw new Error(`the SLA settings are ${overflow}px wider than a 390px screen`);
        await page.setViewportSize({ width: 1366, height: 860 });

        // The report: two tickets of a new category, one resolved and rated 5.
        const company = await admin.post('/api/v1/companies', { name: `ООО Отчётная ${stamp}` });
        const category = `Доставка ${stamp}`;
        await admin.post('/api/v1/tickets', { subject: 'Где заказ?', companyId: company.id, category });
        const done = await admin.post('/api/v1/tickets', { subject: 'Привезли не то', companyId: company.id, category });
        const resolved = await admin.patch(`/api/v1/tickets/${done.id}`, { status: 'resolved', version: done.version });
        await admin.post(`/api/v1/tickets/${resolved.id}/satisfaction`, { score: 5 });
        await page.getByTestId('nav-forecast').click();
        await page.getByTestId('tab-tickets-report').click();
        const row = page.locator(`[data-testid="tickets-report-row"][data-key="${category}"]`);
        await expect(row.getByTestId('tr-count')).toHaveText('2');
        await expect(row.getByTestId('tr-satisfaction')).toHaveText(/^5[.,]00$/);
        await row.getByRole('link').click();
        await expect(page.getByTestId('tickets-filter-category')).toBeVisible();
        await expect(page.getByTestId('ticket-row')).toHaveCount(2);
      } finally {
        await admin.put('/api/v1/sla/working-hours', { week: hoursBefore.week, holidays: hoursBefore.holidays });
        await admin.put('/api/v1/sla/rules', { items: rulesBefore.items });
      }
    },
  },
  {
    name: 'an operator opens a ticket from a call on the calls page; the ticket shows the call',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const stamp = Date.now().toString().slice(-7);
      const email = `service-call-${stamp}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Ольга Линейная', password: PASSWORD, role: 'operator' });
      const number = `+7906${stamp}`;
      const contact = await admin.post('/api/v1/contacts', { firstName: 'Звонящий', lastName: `Клиент${stamp}`, phones: [{ number }] });
      const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
      await admin.post('/api/v1/telephony/events', {
        providerCallId: `e2e-ticket-${stamp}`,
        event: 'ended',
        direction: 'in',
        from: number,
        to: '+74951234567',
        startedAt: at(20),
        answeredAt: at(19),
        endedAt: at(15),
        disposition: 'answered',
      });
      const calls = await admin.get(`/api/v1/calls?contactId=${contact.id}`);
      const call = calls.items[0];
      if (!call) throw new Error('the call was not matched to the contact');

      await signInUi(page, base, email, PASSWORD);
      await page.goto(`${base}/calls`);
      await page.locator(`[data-testid="call-row"][data-call-id="${call.id}"]`).getByTestId('call-ticket').click();
      await expect(page.getByTestId('ticket-contact')).toHaveValue(call.contact.name);
      const subject = `Вопрос по звонку ${stamp}`;
      await page.getByTestId('ticket-subject').fill(subject);
      await page.getByTestId('ticket-create').click();
      const row = page.getByTestId('ticket-row').filter({ hasText: subject });
      await expect(row).toBeVisible();
      const list = await admin.get(`/api/v1/tickets?callId=${call.id}`);
      if (list.items.length !== 1 || list.items[0].contactId !== contact.id || list.items[0].channel !== 'phone')
        throw new Error(`the ticket is not the call's: ${JSON.stringify(list.items)}`);
      await row.click();
      await expect(page.getByTestId('ticket-call')).toBeVisible();
      await expect(page.getByTestId('ticket-call')).toHaveText(new RegExp(number.replace('+', '\\+')));
    },
  },
];
