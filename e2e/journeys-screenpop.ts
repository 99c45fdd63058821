import { expect } from './expect.js';
import { ADMIN, PASSWORD, apiAs, signInUi } from './harness.js';
import type { Journey } from './journeys.js';

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

/** A call from the PBX (the generic events endpoint, with the admin's API token). */
async function ring(base: string, token: string, events: object[]) {
  const r = await fetch(`${base}/api/v1/telephony/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (r.status !== 202) throw new Error(`telephony events: ${r.status} ${await r.text()}`);
}

export const screenPopJourneys: Journey[] = [
  {
    name: 'a call ringing on my phone pops up who is calling; an unknown number opens a new contact with it',
    async run({ page, base }) {
      const admin = await apiAs(base, ADMIN.email, ADMIN.password);
      const email = `${unique('caller')}@e2e.test`;
      const extension = String(400 + Math.floor(Math.random() * 500));
      const manager = await admin.post('/api/v1/users', { email, name: 'Ольга Звонкова', password: PASSWORD, role: 'manager' });
      await admin.patch(`/api/v1/users/${manager.id}`, { extension });
      const { token } = await admin.post('/api/v1/api-tokens', { name: unique('pbx') });
      const api = await apiAs(base, email, PASSWORD);
      const digits = String(Math.floor(1e6 + Math.random() * 8e6));
      const phone = `+7916${digits}`;
      const lastName = unique('Звонарёв');
      await api.post('/api/v1/contacts', { firstName: 'Семён', lastName, phones: [{ type: 'mobile', number: phone }] });

      await signInUi(page, base, email, PASSWORD);
      // The stream is open once the shell is up; give it a moment to connect before the phone rings.
      await expect(page.getByTestId('global-search')).toBeVisible();
      await page.waitForTimeout(500);
      const id = unique('pop');
      await ring(base, token, [{ providerCallId: id, event: 'ringing', direction: 'in', from: phone, to: '74950001122', extension }]);
      const pop = page.getByTestId('screen-pop');
      await expect(pop.filter({ hasText: lastName }).first()).toBeVisible();

      await ring(base, token, [
        { providerCallId: unique('unknown'), event: 'ringing', direction: 'in', from: '+79990007766', to: '74950001122', extension },
      ]);
      const unknown = pop.filter({ hasText: /Unknown number|Неизвестный номер|Непознат номер/ });
      await expect(unknown.first()).toBeVisible();
      await unknown.getByRole('link', { name: /Create contact|Создать контакт|Създай контакт/ }).click();
      await page.waitForURL(/\/contacts\/new\?phone=/);
      // The new contact's phone is the caller's number.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('input')].some((i) => i.value.replace(/\D/g, '').includes('79990007766')),
      );
    },
  },
];
