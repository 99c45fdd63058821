import fs from 'node:fs';
import { expect } from './expect.js';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';
import { startReceiver, until, verifySignature } from '../server/test/receiver.js';
import { authJourneys } from './journeys-auth.js';
import { moneyJourneys } from './journeys-money.js';
import { contractJourneys } from './journeys-contracts.js';
import { screenPopJourneys } from './journeys-screenpop.js';
import { importJourneys } from './journeys-imports.js';
import { callsJourneys } from './journeys-calls.js';
import { statementJourneys } from './journeys-statements.js';
import { serviceJourneys } from './journeys-service.js';
import { agendaJourneys } from './journeys-agenda.js';
import { listsJourneys } from './journeys-lists.js';
import { cardJourneys } from './journeys-card.js';
import { dealJourneys } from './journeys-deal.js';

export type Journey = { name: string; run: (ctx: { page: Page; base: string; browser: Browser }) => Promise<void> };

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

/** Creates a user through the API as the admin. */
async function createUser(base: string, role: string, name: string) {
  const admin = await apiAs(base, ADMIN.email, ADMIN.password);
  const email = `${unique(role)}@e2e.test`;
  await admin.post('/api/v1/users', { email, name, password: PASSWORD, role });
  return { email, password: PASSWORD };
}

export const journeys: Journey[] = [
  {
    name: 'login',
    async run({ page, base }) {
      await page.goto(`${base}/`);
      await page.waitForURL(/\/login/);
      await page.getByTestId('login-email').fill(ADMIN.email);
      await page.getByTestId('login-password').fill('wrong password');
      await page.getByTestId('login-submit').click();
      await expect(page.getByText(/wrong email or password|неверный email или пароль|грешен имейл или парола/i).first()).toBeVisible();
      await page.getByTestId('login-password').fill(ADMIN.password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await expect(page.getByTestId('global-search')).toBeVisible();
    },
  },
  {
    name: 'create a company with an invalid, then a valid INN, and find it by search',
    async run({ page, base }) {
      const user = await createUser(base, 'manager', 'Елена Смирнова');
      await signInUi(page, base, user.email, user.password);
      await page.getByTestId('nav-companies').click();
      await page.getByTestId('new-company').click();
      const name = `ООО Ромашка ${unique('e2e')}`;
      await page.getByTestId('company-name').fill(name);
      await page.getByTestId('company-inn').fill('7707083894');
      await page.getByTestId('save').click();
      const error = page.getByTestId('field-error').filter({ hasText: /INN|ИНН/ });
      await expect(error.first()).toBeVisible();
      await page.getByTestId('company-inn').fill('7707083893');
      await page.getByTestId('save').click();
      await expect(page.getByTestId('company-title')).toHaveText(name);

      await page.getByTestId('global-search').fill(name.slice(0, 20));
      const hit = page.getByTestId('search-result').filter({ hasText: name });
      await expect(hit.first()).toBeVisible();
      await page.goto(`${base}/`);
      await page.getByTestId('global-search').fill('7707083893');
      await expect(page.getByTestId('search-result').filter({ hasText: name }).first()).toBeVisible();
      await page.getByTestId('search-result').filter({ hasText: name }).first().click();
      await expect(page.getByTestId('company-title')).toHaveText(name);
    },
  },
  {
    name: "a manager cannot see another manager's contact",
    async run({ page, base }) {
      const owner = await createUser(base, 'manager', 'Иван Петров');
      const other = await createUser(base, 'manager', 'Мария Иванова');
      const ownerApi = await apiAs(base, owner.email, owner.password);
      const lastName = unique('Скрытов');
      const secret = await ownerApi.post('/api/v1/contacts', {
        firstName: 'Пётр',
        lastName,
        phones: [{ type: 'mobile', number: '+7 916 555-12-34' }],
      });
      const mine = await (
        await apiAs(base, other.email, other.password)
      ).post('/api/v1/contacts', { firstName: 'Анна', lastName: unique('Видимова') });

      await signInUi(page, base, other.email, other.password);
      await page.getByTestId('nav-contacts').click();
      await expect(page.getByTestId('contact-row').filter({ hasText: mine.lastName }).first()).toBeVisible();
      await expect(page.getByTestId('contact-row').filter({ hasText: lastName })).toHaveCount(0);
      await page.getByTestId('global-search').fill(lastName);
      await page.waitForTimeout(800);
      await expect(page.getByTestId('search-result').filter({ hasText: lastName })).toHaveCount(0);
      await page.goto(`${base}/contacts/${secret.id}`);
      await expect(page.getByTestId('not-found')).toBeVisible();
      await expect(page.getByText(lastName)).toHaveCount(0);
      // A section the role does not open says so, rather than "not found".
      await page.goto(`${base}/team`);
      await expect(page.getByTestId('no-access')).toBeVisible();
      await page.goto(`${base}/admin/users`);
      await expect(page.getByTestId('no-access')).toBeVisible();
    },
  },
  {
    name: 'drag a deal to Lost and give a reason',
    async run({ page, base }) {
      const user = await createUser(base, 'manager', 'Олег Сидоров');
      const api = await apiAs(base, user.email, user.password);
      const company = await api.post('/api/v1/companies', { name: `АО Вектор ${unique('e2e')}` });
      const { items: pipelines } = await api.get('/api/v1/pipelines');
      const pipeline = pipelines.find((p: { isDefault: boolean }) => p.isDefault) ?? pipelines[0];
      const firstOpen = pipeline.stages.find((s: { kind: string }) => s.kind === 'open');
      const title = `Поставка ${unique('deal')}`;
      const deal = await api.post('/api/v1/deals', {
        title,
        companyId: company.id,
        pipelineId: pipeline.id,
        stageId: firstOpen.id,
        amount: '150000.00',
        currency: 'RUB',
        nextStep: { text: 'Позвонить', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
      });
      const { items: reasons } = await api.get('/api/v1/lost-reasons');

      await signInUi(page, base, user.email, user.password);
      await page.getByTestId('nav-deals').click();
      const card = page.locator(`[data-testid="deal-card"][data-deal-id="${deal.id}"]`);
      await expect(card).toBeVisible();
      const lostColumn = page.locator('[data-testid="board-column"][data-stage-kind="lost"]').first();
      await expect(lostColumn).toBeVisible();
      const from = (await card.boundingBox())!;
      const to = (await lostColumn.boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
      await page.mouse.move(to.x + to.width / 2, to.y + Math.min(120, to.height / 2), { steps: 25 });
      await page.mouse.up();

      const reason = page.getByTestId('lost-reason-select');
      await expect(reason).toBeVisible();
      await reason.selectOption({ label: reasons[0].name });
      await page.getByTestId('lost-comment').fill('Выбрали поставщика с меньшим сроком');
      await page.getByTestId('lost-confirm').click();
      await expect(page.getByTestId('lost-confirm')).toBeHidden();

      const closed = await api.get(`/api/v1/deals/${deal.id}`);
      if (closed.status !== 'lost') throw new Error(`deal status is ${closed.status}, expected lost`);
      if (closed.lostReasonId !== reasons[0].id) throw new Error('lost reason not saved');
      if (!/меньшим сроком/.test(closed.lostComment ?? '')) throw new Error('lost comment not saved');
    },
  },
  {
    name: "pick a contact's company by typing, then note on its timeline and share it",
    async run({ page, base }) {
      const user = await createUser(base, 'manager', 'Нина Белова');
      await createUser(base, 'manager', `Пётр Коллегов ${unique('c')}`);
      const api = await apiAs(base, user.email, user.password);
      const companyName = `АО Пикер ${unique('e2e')}`;
      const company = await api.post('/api/v1/companies', { name: companyName });

      await signInUi(page, base, user.email, user.password);
      await page.goto(`${base}/contacts/new`);
      const lastName = unique('Подборова');
      await page.getByTestId('contact-last-name').fill(lastName);
      await page.getByTestId('contact-first-name').fill('Ольга');
      // The company picker searches the server once opened, as the user types.
      const picker = page.getByTestId('contact-company');
      await picker.click();
      await picker.fill(companyName.slice(0, 18));
      await page.getByRole('option', { name: companyName }).click();
      await expect(picker).toHaveValue(companyName);
      await page.getByTestId('save').click();
      await expect(page.getByRole('link', { name: companyName }).first()).toBeVisible();
      const { items } = await api.get(`/api/v1/contacts?q=${encodeURIComponent(lastName)}`);
      const contact = await api.get(`/api/v1/contacts/${items[0].id}`);
      if (contact.companies[0]?.companyId !== company.id) throw new Error('the picked company was not saved');

      const note = `Обсудили поставку ${unique('note')}`;
      await page.getByTestId('note-text').fill(note);
      await page.getByTestId('add-note').click();
      await expect(page.getByTestId('timeline-event').filter({ hasText: note })).toBeVisible();
      await expect(page.getByTestId('note-text')).toHaveValue('');

      const share = page.getByTestId('share-add');
      await share.click();
      await share.fill('Коллегов');
      await page.getByRole('option', { name: /Пётр Коллегов/ }).click();
      await expect(page.getByTestId('share')).toHaveCount(1);
      const shares = await api.get(`/api/v1/contacts/${contact.id}/shares`);
      if (shares.items.length !== 1 || !/Коллегов/.test(shares.items[0].userName)) throw new Error(`shares: ${JSON.stringify(shares)}`);
    },
  },
  {
    name: 'complete a call and plan the next one',
    async run({ page, base }) {
      const user = await createUser(base, 'manager', 'Светлана Орлова');
      const api = await apiAs(base, user.email, user.password);
      const contact = await api.post('/api/v1/contacts', { firstName: 'Георги', lastName: unique('Димитров') });
      const subject = `Звонок ${unique('call')}`;
      const call = await api.post('/api/v1/activities', {
        type: 'call',
        subject,
        contactId: contact.id,
        dueAt: new Date(Date.now() - 3_600_000).toISOString(),
      });

      await signInUi(page, base, user.email, user.password);
      await page.getByTestId('nav-agenda').click();
      // An hour late: the overdue section opens on demand.
      await page.getByTestId('agenda-overdue-toggle').click();
      const item = page.locator(`[data-testid="agenda-item"][data-activity-id="${call.id}"]`);
      await expect(item).toBeVisible();
      await item.getByTestId('complete-activity').click();
      await page.getByTestId('activity-outcome').fill('Договорились о встрече, нужен расчёт');
      await page.getByTestId('plan-next-toggle').click();
      const nextSubject = `Отправить расчёт ${unique('next')}`;
      await page.getByTestId('plan-next-subject').fill(nextSubject);
      await page.getByTestId('complete-confirm').click();
      await expect(page.getByTestId('complete-confirm')).toBeHidden();

      const done = await api.get(`/api/v1/activities/${call.id}`);
      if (!done.done || !/встрече/.test(done.outcome ?? '')) throw new Error('call not completed with the outcome');
      const planned = await api.get(`/api/v1/activities?contactId=${contact.id}&done=false`);
      const next = planned.items.find((a: { subject: string }) => a.subject === nextSubject);
      if (!next) throw new Error('next activity was not planned');
      await expect(page.getByText(nextSubject).first()).toBeVisible();
    },
  },
  {
    name: 'an admin adds a webhook, copies its secret once and sees the delivery',
    async run({ page, base }) {
      const receiver = await startReceiver();
      try {
        await signInUi(page, base, ADMIN.email, ADMIN.password);
        await page.getByTestId('nav-webhooks').click();
        await expect(page.getByTestId('webhooks-title')).toBeVisible();
        await page.getByTestId('webhook-add').click();
        await page.getByTestId('webhook-url').fill(receiver.url);
        await page.getByTestId('webhook-events').click();
        await page.getByTestId('webhook-events').fill('contact.created');
        await page.getByRole('option', { name: 'contact.created', exact: true }).click();
        await page.keyboard.press('Escape');
        await page.getByTestId('save').click();
        await expect(page.getByTestId('webhook-secret')).toHaveText(/^whsec_/);
        const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
        await page.getByTestId('secret-done').click();
        await expect(page.getByTestId('webhook-row').filter({ hasText: receiver.url })).toBeVisible();

        const api = await apiAs(base, ADMIN.email, ADMIN.password);
        await api.post('/api/v1/contacts', { firstName: 'Вебхук', lastName: unique('Журнал') });
        await until(
          () => receiver.received.length,
          (n) => n >= 1,
        );
        if (!verifySignature(receiver.received[0].headers['x-orbita-signature'] as string, receiver.received[0].raw, secret)) {
          throw new Error('the secret shown does not verify the delivery');
        }
        await page.getByTestId('webhook-row').filter({ hasText: receiver.url }).getByTestId('webhook-deliveries').click();
        await expect(page.getByTestId('deliveries-table').getByText(/delivered|доставлено|доставена/i)).toBeVisible();
        await page.keyboard.press('Escape');
        await page.getByTestId('nav-jobs').click();
        await expect(page.getByTestId('jobs-title')).toBeVisible();
        await expect(page.getByTestId('jobs-empty')).toBeVisible();
      } finally {
        await receiver.close();
      }
    },
  },
  {
    name: 'an admin adds our Russian legal entity and a wrong INN is named on the form',
    async run({ page, base }) {
      await signInUi(page, base, ADMIN.email, ADMIN.password);
      await page.getByTestId('nav-legal-entities').click();
      await expect(page.getByTestId('legal-entities-title')).toBeVisible();
      await page.getByTestId('legal-entity-new').click();
      const name = `ООО «${unique('Юрлицо')}»`;
      await page.getByLabel(/^(Наименование|Name)/).fill(name);
      await page.getByLabel(/^(ИНН|INN)$/).fill('7707083894');
      await page.getByTestId('legal-entity-save').click();
      await expect(page.getByTestId('field-error').first()).toBeVisible();
      await page.getByLabel(/^(ИНН|INN)$/).fill('7707083893');
      await page.getByTestId('legal-entity-save').click();
      await expect(page.getByTestId('legal-entities-table').getByText(name)).toBeVisible();
      const api = await apiAs(base, ADMIN.email, ADMIN.password);
      const list = await api.get('/api/v1/legal-entities');
      if (!list.items.some((e: { name: string; inn: string }) => e.name === name && e.inn === '7707083893')) {
        throw new Error('the legal entity was not saved');
      }
    },
  },
  {
    name: 'a manager attaches a contract to a company, uploads a new version, deletes it and restores it from the trash',
    async run({ page, base }) {
      const user = await createUser(base, 'manager', 'Ольга Документова');
      const api = await apiAs(base, user.email, user.password);
      const company = await api.post('/api/v1/companies', { name: `ООО «${unique('Документы')}»` });
      const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
      await signInUi(page, base, user.email, user.password);
      await page.goto(`${base}/companies/${company.id}`);
      await page.getByTestId('tab-documents').click();
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('document-upload').click();
      await (await chooser).setFiles({ name: 'Договор поставки.pdf', mimeType: 'application/pdf', buffer: pdf('first') });
      const first = page.getByTestId('document-row').filter({ hasText: 'Договор поставки.pdf' });
      await expect(first).toBeVisible();
      // A new version renames the document: follow the row by its id from here on.
      const row = page.locator(`[data-document-id="${await first.getAttribute('data-document-id')}"]`);

      const versionChooser = page.waitForEvent('filechooser');
      await row.getByTestId('document-new-version').click();
      await (
        await versionChooser
      ).setFiles({ name: 'Договор поставки (подписан).pdf', mimeType: 'application/pdf', buffer: pdf('signed') });
      await expect(row.getByTestId('document-version')).toBeVisible();
      const listed = await api.get(`/api/v1/documents?entity=company&entityId=${company.id}`);
      if (listed.items.length !== 1 || listed.items[0].version !== 2 || listed.items[0].versions.length !== 2) {
        throw new Error(`expected one document with two versions, got ${JSON.stringify(listed.items)}`);
      }

      await row.getByTestId('document-menu').click();
      await page.getByTestId('document-delete').click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.getByTestId('document-row')).toHaveCount(0);
      await page.getByTestId('documents-trash-toggle').click();
      await page.getByTestId('document-restore').click();
      await expect(page.getByTestId('document-row')).toHaveCount(0);
      await page.getByTestId('documents-trash-toggle').click();
      await expect(page.getByTestId('document-row').filter({ hasText: 'подписан' })).toBeVisible();
    },
  },
  {
    // The runner fails a journey on any CSP violation: these pages exercise what the policy must
    // allow (Swagger UI's bundle, ECharts' canvas and tooltips, the calendar grid).
    name: 'the API reference, reports and calendar load under the Content-Security-Policy',
    async run({ page, base }) {
      await page.goto(`${base}/api/docs/`);
      await expect(page.locator('.opblock').first()).toBeVisible(20_000);
      await signInUi(page, base, ADMIN.email, ADMIN.password);
      await page.getByTestId('nav-forecast').click();
      await expect(page.getByTestId('forecast-group-by')).toBeVisible();
      await page.waitForTimeout(1000);
      await page.getByTestId('tab-lost-reasons').click();
      await page.waitForTimeout(1000);
      await page.getByTestId('nav-calendar').click();
      await page.waitForTimeout(1000);
    },
  },
  {
    name: 'a manager exports the filtered contacts list as CSV and downloads one vCard',
    async run({ page, base }) {
      const manager = await createUser(base, 'manager', 'Ольга Выгрузкина');
      const api = await apiAs(base, manager.email, manager.password);
      const tag = unique('export');
      const kept = await api.post('/api/v1/contacts', { firstName: 'Инна', lastName: unique('Выгружаемая'), tags: [tag] });
      const left = await api.post('/api/v1/contacts', { firstName: 'Олег', lastName: unique('Невыгружаемый') });
      await signInUi(page, base, manager.email, manager.password);
      await page.goto(`${base}/contacts?tag=${tag}`);
      await expect(page.getByTestId('contact-row').filter({ hasText: kept.lastName }).first()).toBeVisible();
      await page.getByTestId('export-open').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-start').click()]);
      const csv = fs.readFileSync(await download.path());
      if (csv[0] !== 0xef || csv[1] !== 0xbb || csv[2] !== 0xbf) throw new Error('the CSV has no UTF-8 BOM');
      const text = csv.toString('utf8');
      if (!text.includes(kept.lastName) || text.includes(left.lastName))
        throw new Error(`the CSV is not the filtered list: ${text.slice(0, 300)}`);
      if (!/^контакты-\d{4}-\d{2}-\d{2}\.csv$/.test(download.suggestedFilename()))
        throw new Error(`file name ${download.suggestedFilename()}`);
      await page.goto(`${base}/contacts/${kept.id}`);
      const [card] = await Promise.all([page.waitForEvent('download'), page.getByTestId('contact-vcard').click()]);
      const vcf = fs.readFileSync(await card.path(), 'utf8');
      if (!vcf.startsWith('BEGIN:VCARD\r\nVERSION:3.0') || !vcf.includes(kept.lastName)) throw new Error(`vCard: ${vcf.slice(0, 200)}`);
    },
  },
  ...authJourneys,
  ...moneyJourneys,
  ...contractJourneys,
  ...screenPopJourneys,
  ...importJourneys,
  ...callsJourneys,
  ...statementJourneys,
  ...serviceJourneys,
  ...agendaJourneys,
  ...listsJourneys,
  ...cardJourneys,
  ...dealJourneys,
];
