// Test fixtures for the invoices, payments and receivables tests: our legal entities and invoices
// made through the real API. Never imported by application code.
import { expect } from 'vitest';
import type { Caller } from '../../test/harness.js';

export const ooo = {
  name: 'ООО «Орбита»',
  country: 'RU',
  inn: '7707083893',
  kpp: '773601001',
  address: '117997, г. Москва, ул. Вавилова, д. 19',
  bankName: 'ПАО Сбербанк',
  bik: '044525225',
  settlementAccount: '40702810938120061991',
  correspondentAccount: '30101810400000000225',
  director: 'Иванов И. И.',
  accountant: 'Петрова А. С.',
};

export const eood = {
  name: 'Орбита ЕООД',
  country: 'BG',
  eik: '175074752',
  vatNumber: 'BG175074752',
  iban: 'BG80BNBG96611020345678',
  bic: 'UNCRBGSF',
  address: 'София, бул. Витоша 1',
};

/** Creates one of our legal entities as `who` (admin or finance); returns its id. */
export async function legalEntity(who: Caller, body: Record<string, unknown>): Promise<string> {
  const r = await who.post('/api/v1/legal-entities', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

/** Creates a company as `who`; returns its id. */
export async function company(who: Caller, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await who.post('/api/v1/companies', { name, ...extra });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

export const line = (o: Record<string, unknown> = {}) => ({
  name: 'Насос',
  quantity: '1',
  unit: 'шт',
  price: '100.00',
  vatRate: '22',
  ...o,
});

/** A valid draft body for a Russian entity; override anything. */
export function draftBody(legalEntityId: string, companyId: string, o: Record<string, unknown> = {}) {
  return {
    legalEntityId,
    companyId,
    currency: 'RUB',
    issueDate: '2026-11-02',
    dueDate: '2026-11-12',
    lines: [line()],
    notes: null,
    ...o,
  };
}

/** Creates a draft as `who`; returns the invoice. */
export async function draft(who: Caller, body: Record<string, unknown>) {
  const r = await who.post('/api/v1/invoices', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

/** Creates and issues an invoice as `who`; returns the issued invoice. */
export async function issued(who: Caller, body: Record<string, unknown>) {
  const d = await draft(who, body);
  const r = await who.post(`/api/v1/invoices/${d.id}/issue`, {});
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
