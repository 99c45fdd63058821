import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { expect } from './expect.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';

// The shape of journeys.ts's Journey, repeated so the two files do not import each other.
type Journey = { name: string; run: (ctx: { page: Page; base: string; browser: Browser }) => Promise<void> };

export const importJourneys: Journey[] = [
  {
    name: 'import contacts from an Excel CSV: preview, dry run, import, rejected rows, undo',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const email = `importer-${Date.now().toString(36)}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Импортёр Файлов', password: PASSWORD, role: 'manager' });
      await signInUi(page, base, email, PASSWORD);
      const tag = Date.now().toString(36);
      // A valid INN of its own: another journey's company holds 7707083893, and a company this
      // manager may not see would change what the import does with the rows.
      const body = Array.from({ length: 9 }, (_, i) => (i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10)));
      const inn = [...body, ([2, 4, 10, 3, 5, 9, 4, 6, 8].reduce((n, w, i) => n + w * body[i], 0) % 11) % 10].join('');
      // Excel on a Russian Windows: cp1251 with semicolons.
      const csv = [
        'Имя;Фамилия;Компания;ИНН;Мобильный телефон;Email',
        `Журнал;Первый${tag};ООО «Журнал»;${inn};+7 916 ${1_000_000 + Math.floor(Math.random() * 8_999_999)};j1-${tag}@e2e.test`,
        `Журнал;Второй${tag};ООО «Журнал»;${inn};;j2-${tag}@e2e.test`,
        `Журнал;Кривой${tag};ООО «Криво»;7707083894;;`,
      ].join('\r\n');
      await page.getByTestId('nav-imports').click();
      await expect(page.getByTestId('imports-title')).toBeVisible();
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'контакты.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'cp1251') });
      await expect(page.getByTestId('import-preview')).toBeVisible();
      await expect(page.getByTestId('import-encoding')).toHaveValue('cp1251');
      await expect(page.getByTestId('import-total')).toHaveText(/^3 /);
      await expect(page.getByTestId('import-preview').getByText('ООО «Журнал»').first()).toBeVisible();

      await page.getByTestId('import-dry-run').click();
      await expect(page.getByTestId('import-dry-run-report')).toBeVisible(30_000);
      await expect(page.getByTestId('import-count-created')).toHaveText('2');
      await expect(page.getByTestId('import-count-rejected')).toHaveText('1');
      await expect(
        page
          .getByTestId('import-errors')
          .getByText(/ИНН|INN/)
          .first(),
      ).toBeVisible();

      await page.getByTestId('import-for-real').click();
      // The dry run's view gives way to the real run's.
      await expect(page.getByTestId('import-dry-run-report')).toBeHidden(30_000);
      await expect(page.getByTestId('import-status').and(page.locator('[data-status="done"]'))).toBeVisible(30_000);
      await expect(page.getByTestId('import-count-created')).toHaveText('2');
      await expect(page.getByTestId('import-download-csv')).toBeVisible();
      const me = await apiAs(base, email, PASSWORD);
      const mine = async () =>
        ((await me.get('/api/v1/contacts?limit=200')) as { items: { lastName: string; companyName: string }[] }).items;
      const found = (await mine()).find((c) => c.lastName === `Первый${tag}`);
      if (found?.companyName !== 'ООО «Журнал»') throw new Error(`imported contact not found: ${JSON.stringify(found)}`);

      await page.getByTestId('import-undo').click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.getByTestId('import-undo-status')).toHaveText(/3/, 30_000);
      if ((await mine()).some((c) => c.lastName.endsWith(tag))) throw new Error('the undone import left its contacts');
    },
  },
  {
    name: 'import deals: stage mapping onto the pipeline, closing stages, dry run, import, undo',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const email = `deal-importer-${Date.now().toString(36)}@e2e.test`;
      await admin.post('/api/v1/users', { email, name: 'Импортёр Сделок', password: PASSWORD, role: 'manager' });
      const me = await apiAs(base, email, PASSWORD);
      const pipelines = (await me.get('/api/v1/pipelines')) as {
        items: { isDefault: boolean; stages: { id: string; name: string; kind: string }[] }[];
      };
      const pipeline = pipelines.items.find((p) => p.isDefault) ?? pipelines.items[0];
      const target = pipeline.stages.filter((s) => s.kind === 'open')[1];
      await signInUi(page, base, email, PASSWORD);
      const tag = Date.now().toString(36);
      // An amoCRM leads export: its own stage names, and its closing stage.
      const csv = [
        'ID;Название сделки;Бюджет;Этап сделки;Ответственный',
        `1;Станки ${tag};1 500 000,50;Переговоры у amo;Импортёр Сделок`,
        `2;Сервис ${tag};240000;Успешно реализовано;Импортёр Сделок`,
        `3;Чужой ${tag};10;Переговоры у amo;Никто Никтович`,
      ].join('\r\n');
      await page.getByTestId('nav-imports').click();
      await expect(page.getByTestId('imports-title')).toBeVisible();
      await page.getByTestId('import-entity').click();
      await page.getByRole('option', { name: /^(Сделки|Deals)$/ }).click();
      await page.getByTestId('import-preset').click();
      await page.getByRole('option', { name: 'amoCRM' }).click();
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'cp1251') });
      await expect(page.getByTestId('import-stage-mapping')).toBeVisible();
      await page.getByTestId('import-stage-Переговоры у amo').click();
      await page.getByRole('option', { name: target.name }).click();

      await page.getByTestId('import-dry-run').click();
      await expect(page.getByTestId('import-dry-run-report')).toBeVisible(30_000);
      await expect(page.getByTestId('import-count-created')).toHaveText('2');
      await expect(page.getByTestId('import-count-rejected')).toHaveText('1');
      await expect(page.getByTestId('import-errors').getByText('Никто Никтович').first()).toBeVisible();

      await page.getByTestId('import-for-real').click();
      await expect(page.getByTestId('import-dry-run-report')).toBeHidden(30_000);
      await expect(page.getByTestId('import-status').and(page.locator('[data-status="done"]'))).toBeVisible(30_000);
      await expect(page.getByTestId('import-count-created')).toHaveText('2');
      const mine = async () =>
        (
          (await me.get(`/api/v1/deals?q=${encodeURIComponent(tag)}&limit=50`)) as {
            items: { title: string; stageId: string; status: string; amount: string }[];
          }
        ).items;
      const deals = await mine();
      const stanki = deals.find((d) => d.title === `Станки ${tag}`);
      const service = deals.find((d) => d.title === `Сервис ${tag}`);
      if (stanki?.stageId !== target.id || stanki.amount !== '1500000.50') throw new Error(`deal not as mapped: ${JSON.stringify(stanki)}`);
      if (service?.status !== 'won') throw new Error(`closing stage not won: ${JSON.stringify(service)}`);

      await page.getByTestId('import-undo').click();
      await page.getByTestId('confirm-yes').click();
      await expect(page.getByTestId('import-undo-status')).toHaveText(/2/, 30_000);
      if ((await mine()).length) throw new Error('the undone import left its deals');
    },
  },
];
