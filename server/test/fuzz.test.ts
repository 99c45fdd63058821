// Bad input never answers 5xx, on every endpoint there is and every one added later: this test
// reads the app's own OpenAPI document (generated from the zod contracts) and, for every operation,
// sends crafted values in each path parameter, query parameter and body field (NUL, lone
// surrogates, huge strings, int32 + 1, year 0000, 36 dashes, crafted cursors, wrong types,
// prototype keys as values and as keys, ...), one field at a time over an otherwise valid request,
// as signed-in users of several roles. Deterministic: the variants are fixed and a seeded generator
// picks the role and, past the budget, which variants an operation gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Document, Packer, Paragraph } from 'docx';
import { apiKinds } from '../modules/records/index.js';
import { createTestContext, type Caller, type TestContext } from './harness.js';

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  summary?: string;
};
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** Streams never end, so inject would wait forever; they take no input to fuzz anyway. */
const STREAMS = new Set(['/api/v1/reminders/stream']);
/** Most variants any one operation gets (the rest are sampled out, deterministically). */
const MAX_PER_OPERATION = 140;
const SEED = 20261201;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const DASHES = '-'.repeat(36);
const ANY_UUID = '7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7';
const PROTO_KEYS = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'prototype'];
const CURSORS = [b64(['x', 'y']), b64(['x', DASHES]), b64(['not a time', ANY_UUID]), b64(['0000-01-01', ANY_UUID]), b64([1, 2]), b64({})];

/** The first concrete alternative of a schema: zod's nullable/optional unions become anyOf. */
function concrete(s: Schema): Schema {
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return concrete(alts.find((a) => a.type !== 'null') ?? alts[0]);
  if (s.allOf?.length) return concrete(Object.assign({}, ...s.allOf));
  return s;
}
const typeOf = (s: Schema) => {
  const t = concrete(s).type;
  return Array.isArray(t) ? t.find((x) => x !== 'null') : t;
};

type Seeds = Record<string, string>;
const LINKS = ['contactId', 'companyId', 'dealId', 'pipelineId', 'stageId'];
/** Optional fields a valid request of some operation needs all the same (an activity is planned for a time). */
const NEEDED = ['dueAt'];
/** Valid bodies the schema alone cannot tell (rules across items): merged over the generated one. */
const BASELINES: Record<string, Record<string, unknown>> = {
  'POST /api/v1/pipelines': { stages: [{ name: 'New' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }] },
  // A Russian entity needs its INN; with it the generated body is a valid one.
  'POST /api/v1/legal-entities': { inn: '7707083893' },
};

/** Which seeded record a `...Id` field or `{id}` parameter names, by its name and the path it is on. */
function seedFor(name: string, seeds: Seeds, resource?: string): string | undefined {
  const n = name.replace(/Ids?$/, '').toLowerCase();
  const byName: Record<string, string> = {
    company: 'companies',
    contact: 'contacts',
    deal: 'deals',
    pipeline: 'pipelines',
    stage: 'stages',
    product: 'products',
    team: 'teams',
    reason: 'lost-reasons',
    lostreason: 'lost-reasons',
    owner: 'users',
    user: 'users',
    touser: 'users',
    lead: 'users',
    other: 'other',
    legalentity: 'legal-entities',
    invoice: 'invoices',
    payment: 'payments',
    connection: 'connections',
    list: 'view-lists',
    contract: 'contracts',
  };
  if (name === 'id' && resource) return seeds[resource];
  return seeds[byName[n] ?? ''];
}

let emails = 0;
/** A valid value for a schema, so that a request differs from a good one only in the fuzzed field. */
function valid(schema: Schema, name: string, seeds: Seeds, depth = 0, index = 0): unknown {
  const s = concrete(schema);
  if (s.example !== undefined) return s.example;
  if (s.examples?.length) return s.examples[0];
  if (s.const !== undefined) return s.const;
  // The i-th item of an array takes the i-th value: three stages become open, won, lost.
  if (s.enum?.length) return s.enum[index % s.enum.length];
  switch (typeOf(s)) {
    case 'string': {
      if (s.format === 'uuid') return seedFor(name, seeds) ?? ANY_UUID;
      const later = /^(to|until|end)/.test(name);
      if (s.format === 'date') return later ? '2027-02-15' : '2026-12-15';
      if (s.format === 'date-time') return later ? '2027-02-15T09:30:00.000Z' : '2027-01-15T09:30:00.000Z';
      if (s.format === 'email' || name === 'email') return `fuzz-${++emails}@test.local`;
      if (s.format === 'uri' || s.format === 'url') return 'https://example.com/x';
      // Never the real password: a fuzzed request must not change it or sign in by accident.
      if (/password/i.test(name)) return 'not-the-password-2026';
      const len = Math.max(s.minLength ?? 1, 4);
      return 'Fuzz'.padEnd(Math.min(len, s.maxLength ?? len), 'z');
    }
    case 'integer':
    case 'number':
      return s.minimum !== undefined && s.minimum > 1 ? s.minimum : name === 'version' ? 1 : Math.min(1, s.maximum ?? 1);
    case 'boolean':
      return false;
    case 'array': {
      if (name.endsWith('Ids') && seedFor(name, seeds)) return [seedFor(name, seeds)];
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, (_, i) => valid(s.items ?? {}, name, seeds, depth + 1, i));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      for (const key of s.required ?? []) out[key] = valid(s.properties?.[key] ?? {}, key, seeds, depth + 1, index);
      // Links to the seeded records make a request that reaches the service (an activity needs one).
      for (const key of LINKS) if (s.properties?.[key] && !(key in out) && seedFor(key, seeds)) out[key] = seedFor(key, seeds);
      for (const key of NEEDED) if (s.properties?.[key] && !(key in out)) out[key] = valid(s.properties[key], key, seeds, depth + 1);
      return out;
    }
    default:
      return 'fuzz';
  }
}

/** Crafted JSON values for a field of this schema. */
function badValues(schema: Schema): unknown[] {
  const s = concrete(schema);
  const t = typeOf(s);
  const common: unknown[] = [null, [], {}, ...PROTO_KEYS.slice(0, 3), JSON.parse('{"__proto__":{"polluted":1}}')];
  const strings = [
    'a\u0000b',
    '\u0000',
    '\ud800',
    'x\udfffy',
    'x'.repeat((s.maxLength ?? 1000) + 1),
    'я'.repeat(100_000),
    DASHES,
    '0000-01-01',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2026-02-30',
    ' ',
    '',
    '<script>',
    "'; drop table users; --",
    '%00',
    'Mars/Olympus',
    ...CURSORS.slice(0, 2),
  ];
  const numbers = [2147483648, -2147483649, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, '1', 'NaN', true];
  switch (t) {
    case 'string':
      return [...strings, ...(s.enum ? ['nope', 'CONSTRUCTOR'] : []), 123, true, ['a'], ...common];
    case 'integer':
    case 'number':
      return [...numbers, ...common];
    case 'boolean':
      return ['true', 1, 'yes', ...common];
    case 'array':
      return [
        'x',
        1,
        { 0: 'a' },
        [null],
        [[]],
        [{}],
        ['\u0000'],
        [DASHES],
        [2147483648],
        Array.from({ length: (s.maxItems ?? 100) + 1 }, () => 'a'),
        ...common,
      ];
    case 'object':
      return ['x', 1, [{}], { hasOwnProperty: 1, constructor: { prototype: 1 } }, { ['a\u0000']: 1 }, ...common];
    default:
      return [...strings.slice(0, 6), 2147483648, ...common];
  }
}

/** Crafted query values, already percent-encoded (some are deliberately broken encodings). */
function badQueryValues(schema: Schema): string[] {
  const s = concrete(schema);
  const enc = encodeURIComponent;
  const out = [
    'a%00b',
    '%00',
    '%ED%A0%80',
    '%C0%AF',
    '%',
    'x'.repeat(5000),
    DASHES,
    enc(ANY_UUID.slice(1)),
    '2147483648',
    '-2147483649',
    '-1',
    '1e999',
    'NaN',
    '0000-01-01',
    enc('0000-01-01T00:00:00Z'),
    enc('+275760-09-13T00:00:00Z'),
    '2026-02-30',
    'true',
    '',
    ...PROTO_KEYS.slice(0, 3),
    ...CURSORS.map(enc),
  ];
  if (s.enum) out.push('nope');
  return out;
}

const badPathValues = [
  'ab%00',
  '%ED%A0%80',
  DASHES,
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'x'.repeat(600),
  '0',
  '-1',
  ANY_UUID,
  '%2e%2e',
  '%20',
];

type Variant = { what: string; path: string; query: string; body?: string; contentType?: string };

/** Sets a value at a dotted path inside a copy of the body, creating parents from their schema. */
function withValue(base: Record<string, unknown>, keys: string[], value: unknown): Record<string, unknown> {
  const root = structuredClone(base);
  let node: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    const next = (node as Record<string, unknown>)[k];
    (node as Record<string, unknown>)[k] = next && typeof next === 'object' ? next : /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = (node as Record<string, unknown>)[k] as Record<string, unknown>;
  }
  (node as Record<string, unknown>)[keys[keys.length - 1]] = value;
  return root;
}

/** Every field of a body schema, nested objects and array items included, with its parents' valid values. */
function bodyFields(schema: Schema, seeds: Seeds, prefix: string[] = [], depth = 0): { keys: string[]; schema: Schema; parent: unknown }[] {
  const s = concrete(schema);
  const out: { keys: string[]; schema: Schema; parent: unknown }[] = [];
  if (depth > 3) return out;
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const keys = [...prefix, key];
    out.push({ keys, schema: child, parent: undefined });
    const c = concrete(child);
    if (typeOf(c) === 'object') out.push(...bodyFields(c, seeds, keys, depth + 1));
    if (typeOf(c) === 'array' && c.items && typeOf(c.items) === 'object')
      out.push(...bodyFields(c.items, seeds, [...keys, '0'], depth + 1));
  }
  return out;
}

/** Fills the parents of a nested key (an array item, a nested object) with valid values first. */
function baseFor(base: Record<string, unknown>, body: Schema, keys: string[], seeds: Seeds): Record<string, unknown> {
  let out = base;
  let schema: Schema | undefined = concrete(body);
  for (let i = 0; i < keys.length - 1 && schema; i++) {
    const k = keys[i];
    if (/^\d+$/.test(k)) {
      schema = schema.items && concrete(schema.items);
      if (schema) out = withValue(out, keys.slice(0, i + 1), valid(schema, k, seeds));
      continue;
    }
    const child: Schema | undefined = schema.properties?.[k] && concrete(schema.properties[k]);
    if (child && typeOf(child) === 'object') out = withValue(out, keys.slice(0, i + 1), valid(child, k, seeds));
    schema = child;
  }
  return out;
}

function variantsOf(method: string, template: string, op: Operation, seeds: Seeds): Variant[] {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const segments = template.split('/');
  const resourceOf = (name: string) => segments[segments.indexOf(`{${name}}`) - 1];
  const goodPath = (override?: [string, string]) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) =>
      override && override[0] === name
        ? override[1]
        : encodeURIComponent(seedFor(name, seeds, resourceOf(name)) ?? (name === 'file' ? 'feed.ics' : ANY_UUID)),
    );
  const requiredQuery = queryParams
    .filter((p) => p.required)
    .map((p) => [p.name, encodeURIComponent(String(valid(p.schema, p.name, seeds)))] as const);
  const queryWith = (name?: string, raw?: string) => {
    const parts = requiredQuery.filter(([n]) => n !== name).map(([n, v]) => `${n}=${v}`);
    if (name !== undefined) parts.push(`${name}=${raw}`);
    return parts.join('&');
  };
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const generated = bodySchema ? (valid(bodySchema, 'body', seeds) as Record<string, unknown>) : undefined;
  const baseBody = generated && { ...generated, ...BASELINES[`${method.toUpperCase()} ${template}`] };
  const json = (v: unknown) => JSON.stringify(v);
  const out: Variant[] = [];
  const add = (what: string, v: Partial<Variant>) =>
    out.push({
      what,
      path: v.path ?? goodPath(),
      query: v.query ?? queryWith(),
      body: 'body' in v ? v.body : baseBody && json(baseBody),
      contentType: v.contentType,
    });

  for (const p of pathParams) for (const bad of badPathValues) add(`path ${p.name}=${bad.slice(0, 40)}`, { path: goodPath([p.name, bad]) });
  for (const p of queryParams) {
    for (const bad of badQueryValues(p.schema)) add(`query ${p.name}=${bad.slice(0, 40)}`, { query: queryWith(p.name, bad) });
    add(`query ${p.name} twice`, { query: `${queryWith(p.name, 'a')}&${p.name}=b` });
    add(`query ${p.name}[]`, { query: `${queryWith()}&${p.name}[]=a&${p.name}[x]=b` });
  }
  for (const key of PROTO_KEYS.slice(0, 3)) add(`query key ${key}`, { query: `${queryWith()}${queryWith() ? '&' : ''}${key}=1` });

  if (bodySchema && baseBody) {
    for (const field of bodyFields(bodySchema, seeds)) {
      const base = baseFor(baseBody, bodySchema, field.keys, seeds);
      for (const bad of badValues(field.schema)) {
        const text = bad === undefined ? '' : JSON.stringify(bad);
        add(`body ${field.keys.join('.')}=${(text ?? String(bad)).slice(0, 40)}`, { body: json(withValue(base, field.keys, bad)) });
      }
    }
    // Bodies that are not the object the contract describes, and prototype keys as keys.
    const raw = json(baseBody).slice(1);
    const sep = raw === '}' ? '' : ',';
    for (const body of [
      '[]',
      '"x"',
      'null',
      '123',
      `{"__proto__":{"polluted":1}${sep}${raw}`,
      `{"constructor":{"prototype":{"polluted":1}}${sep}${raw}`,
      `{"hasOwnProperty":1${sep}${raw}`,
      `{"a\\u0000":1${sep}${raw}`,
      '['.repeat(5000) + ']'.repeat(5000),
      '{"a":',
    ]) {
      add(`body ${body.slice(0, 40)}`, { body });
    }
    add('body as text/plain', { contentType: 'text/plain' });
    add('no body', { body: undefined });
  }
  return out;
}

let ctx: TestContext;
let callers: Caller[];
let logoutCaller: Caller;
const seeds: Seeds = {};

beforeAll(async () => {
  // An SMTP server that is never reached (no job runner here), so POST /invoices/{id}/send is
  // fuzzed past "not configured" into its address parsing.
  ctx = await createTestContext({ env: { ORBITA_SMTP_URL: 'smtp://127.0.0.1:9' } });
  const teamHead = await ctx.userWith('head_of_sales');
  const team = await ctx.createTeam('Fuzz team', teamHead.user.id);
  const manager = await ctx.userWith('manager', { teamId: team });
  const finance = await ctx.userWith('finance');
  const other = await ctx.userWith('operator');
  logoutCaller = await ctx.userWith('manager');
  callers = [ctx.admin, teamHead, manager, finance];
  const a = ctx.admin;
  const pipeline = (await a.get('/api/v1/pipelines')).json().items?.[0] ?? { stages: [{}] };
  const company = (await a.post('/api/v1/companies', { name: 'ООО Фазз', ownerId: manager.user.id })).json();
  const otherCompany = (await a.post('/api/v1/companies', { name: 'ООО Другая' })).json();
  const contact = (await a.post('/api/v1/contacts', { firstName: 'Фазз', companyId: company.id, ownerId: manager.user.id })).json();
  const product = (await a.post('/api/v1/products', { name: 'Фазз-насос' })).json();
  const reason = (await a.post('/api/v1/lost-reasons', { name: 'Фазз-причина' })).json();
  const deal = (
    await a.post('/api/v1/deals', { title: 'Фазз-сделка', pipelineId: pipeline.id, companyId: company.id, ownerId: manager.user.id })
  ).json();
  const activity = (
    await a.post('/api/v1/activities', {
      type: 'call',
      subject: 'Фазз',
      dueAt: '2027-01-10T09:00:00Z',
      contactId: contact.id,
      ownerId: manager.user.id,
    })
  ).json();
  const token = (await a.post('/api/v1/api-tokens', { name: 'fuzz' })).json();
  // A real document, so the /documents/{id} routes are fuzzed past the 404 (multipart as a browser sends it).
  const boundary = 'fuzzboundary';
  const document = (
    await a.req({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncompany\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="entityId"\r\n\r\n${company.id}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="fuzz.txt"\r\n\r\nФазз\r\n--${boundary}--\r\n`,
      ].join(''),
    })
  ).json();
  const legalEntity = (await a.post('/api/v1/legal-entities', { name: 'ООО Фазз-юрлицо', country: 'RU', inn: '7707083893' })).json();
  // A real contract of the client, so /contracts/{id} and the credit routes are fuzzed past the 404.
  const contract = (
    await a.post('/api/v1/contracts', {
      companyId: company.id,
      legalEntityId: legalEntity.id,
      number: 'Фазз-1',
      date: '2026-11-01',
      currency: 'RUB',
      creditLimit: '1000.00',
      prices: [{ productId: product.id, price: '10.00' }],
    })
  ).json();
  const invoiceLine = { name: 'Фазз', quantity: '1', price: '100.00', vatRate: '22' };
  const invoiceBody = {
    legalEntityId: legalEntity.id,
    companyId: company.id,
    currency: 'RUB',
    issueDate: '2026-11-02',
    dueDate: '2026-11-12',
  };
  const invoice = (await a.post('/api/v1/invoices', { ...invoiceBody, lines: [invoiceLine], ownerId: manager.user.id })).json();
  // An issued, partly paid invoice, so the /payments/{id} routes are fuzzed past the 404.
  const billed = (await a.post('/api/v1/invoices', { ...invoiceBody, lines: [invoiceLine] })).json();
  await a.post(`/api/v1/invoices/${billed.id}/issue`, {});
  const paymentBody = { companyId: company.id, amount: '150.00', currency: 'RUB', date: '2026-11-20', method: 'bank_transfer' };
  const payment = (await a.post('/api/v1/payments', { ...paymentBody, allocations: [{ invoiceId: billed.id, amount: '50.00' }] })).json();
  // A real uploaded template, so /templates/{id} routes are fuzzed past the 404, and previews reach the renderer.
  const templateDocx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('{client.name} {totals.total}')] }] }));
  const template = (
    await a.req({
      method: 'POST',
      url: '/api/v1/templates',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="fuzz.docx"\r\n\r\n`),
        templateDocx,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    })
  ).json();
  BASELINES['POST /api/v1/templates/preview'] = {
    template: 'ru-invoice',
    entity: 'deal',
    entityId: deal.id,
    legalEntityId: legalEntity.id,
    format: 'pdf',
  };
  const line = (await a.post('/api/v1/telephony/lines', { number: '+7 495 100-20-30', name: 'Фазз-линия' })).json();
  await a.post('/api/v1/telephony/events', { providerCallId: 'fuzz-call', event: 'ended', from: '+79160000001', to: '74951002030' });
  const call = await ctx.db.selectFrom('calls').select('id').where('provider_call_id', '=', 'fuzz-call').executeTakeFirst();
  const pbx = { provider: 'asterisk', host: '127.0.0.1', port: 5038, username: 'fuzz', secret: 'fuzz-secret' };
  const connection = (await a.post('/api/v1/telephony/connections', pbx)).json();
  // A real import (a dry run), so the /imports/{id} routes are fuzzed past the 404.
  const imported = (
    await a.req({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\ncontacts\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\ntrue\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="fuzz.csv"\r\n\r\nИмя;Телефон\r\nФазз;+79160000002\r\n--${boundary}--\r\n`,
      ].join(''),
    })
  ).json();
  // A finished export job of the manager (a real one needs more rows than the fuzz makes).
  const exportJob = await ctx.db
    .insertInto('exports')
    .values({
      workspace_id: ctx.workspaceId,
      user_id: manager.user.id,
      entity: 'contacts',
      format: 'csv',
      query: JSON.stringify({ tag: 'fuzz' }),
      status: 'done',
      total: 1,
      processed: 1,
      file_name: 'contacts.csv',
      content_type: 'text/csv; charset=utf-8',
      size: 3,
      expires_at: new Date(Date.now() + 3600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('export_chunks')
    .values({ export_id: exportJob.id, seq: 0, bytes: Buffer.from('a\r\n') })
    .execute();
  // A real bank statement with one queued document, so /bank-statements/{id} and /statement-documents/{id} are fuzzed past the 404.
  const statementText = [
    '1CClientBankExchange',
    'РасчСчет=40702810938120061991',
    'СекцияДокумент',
    'Номер=1',
    'Дата=02.11.2026',
    'Сумма=10.00',
    'ПлательщикСчет=40702810000000000001',
    'ПолучательСчет=40702810938120061991',
    'КонецДокумента',
    'КонецФайла',
  ].join('\r\n');
  const statement = (
    await a.req({
      method: 'POST',
      url: '/api/v1/bank-statements',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.txt"\r\n\r\n${statementText}\r\n--${boundary}--\r\n`,
    })
  ).json();
  const statementDocument = await ctx.db
    .selectFrom('bank_statement_documents')
    .select('id')
    .where('statement_id', '=', statement.id)
    .executeTakeFirst();
  // A saved view of the manager's, so the /views/{id} routes are fuzzed past the 404 (admins reach it).
  const view = (await manager.post('/api/v1/views', { list: 'contacts', name: 'Фазз-вид', filters: { tag: 'fuzz' } })).json();
  // A record that could not be made leaves its ids random: those requests then test the 404 paths.
  const found = Object.entries({
    companies: company.id,
    other: otherCompany.id,
    contacts: contact.id,
    products: product.id,
    'lost-reasons': reason.id,
    deals: deal.id,
    activities: activity.id,
    pipelines: pipeline.id,
    stages: pipeline.stages[0].id,
    teams: team,
    users: other.user.id,
    shares: manager.user.id,
    capacity: manager.user.id,
    'api-tokens': token.id,
    documents: document.id,
    'legal-entities': legalEntity.id,
    invoices: invoice.id,
    payments: payment.id,
    contracts: contract.id,
    templates: template.id,
    lines: line.id,
    calls: call?.id,
    connections: connection.id,
    imports: imported.id,
    exports: exportJob.id,
    'bank-statements': statement.id,
    'statement-documents': statementDocument?.id,
    views: view.id,
    'view-lists': 'contacts',
  }).filter(([, v]) => typeof v === 'string');
  Object.assign(seeds, Object.fromEntries(found));
  expect(Object.keys(seeds).length).toBeGreaterThan(10);
});
afterAll(async () => {
  await ctx?.close();
});

/** What is wrong with a response, if anything: a 5xx, or a 4xx not in the one error shape. */
function problemOf(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return undefined;
  let body: { error?: { code?: unknown; message?: unknown; fields?: { path?: unknown; code?: unknown; message?: unknown }[] } };
  try {
    body = res.json();
  } catch {
    return `${res.statusCode} not JSON: ${res.body.slice(0, 200)}`;
  }
  const e = body.error;
  if (!e || typeof e.code !== 'string' || !e.code || !Array.isArray(e.fields))
    return `${res.statusCode} not the error shape: ${res.body.slice(0, 200)}`;
  if (typeof e.message !== 'string' || !e.message || e.message.startsWith('errors.'))
    return `${res.statusCode} untranslated message: ${res.body.slice(0, 200)}`;
  if (/FST_ERR|Unexpected token|Expected .* but/.test(res.body)) return `${res.statusCode} framework text leaks: ${res.body.slice(0, 200)}`;
  for (const f of e.fields) {
    if (typeof f.path !== 'string' || typeof f.code !== 'string') return `${res.statusCode} bad field entry: ${res.body.slice(0, 200)}`;
    if (typeof f.message !== 'string' || !f.message || f.message.startsWith('validation.') || f.message === f.code) {
      return `${res.statusCode} untranslated field message: ${res.body.slice(0, 200)}`;
    }
  }
  if (res.statusCode === 400 && e.code === 'VALIDATION' && (!e.fields.length || e.fields.some((f) => !f.path))) {
    return `400 VALIDATION without a field: ${res.body.slice(0, 200)}`;
  }
  return undefined;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('answers every crafted request with a 4xx in the error shape (or a success), never a 5xx', { timeout: 240_000 }, async () => {
    const doc = ctx.app.swagger() as unknown as OpenApi;
    const random = rng(SEED);
    const failures = new Map<string, string>();
    const statuses: Record<number, number> = {};
    const versions = new Map<string, number>();
    let sent = 0;
    let operations = 0;
    const started = Date.now();
    const ops = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([method, op]) => ({ template, method: method.toUpperCase(), op })),
    );
    // Deleting the seeded records early would turn later requests into plain 404s.
    ops.sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
    for (const { template, method, op } of ops) {
      if (STREAMS.has(template)) continue;
      operations++;
      let variants = variantsOf(method, template, op, seeds);
      if (variants.length > MAX_PER_OPERATION) {
        // Sampled with the seeded generator: the same run every time.
        variants = variants
          .map((v) => ({ v, k: random() }))
          .sort((p, q) => p.k - q.k)
          .slice(0, MAX_PER_OPERATION)
          .map((p) => p.v);
      }
      const logout = template === '/api/v1/auth/logout';
      // A few at a time: the app is async, and the machine is shared.
      for (let i = 0; i < variants.length; i += 6) {
        await Promise.all(
          variants.slice(i, i + 6).map(async (v) => {
            const caller = logout ? logoutCaller : callers[Math.floor(random() * callers.length)];
            const url = v.query ? `${v.path}?${v.query}` : v.path;
            const headers: Record<string, string> = {};
            if (v.body !== undefined) headers['content-type'] = v.contentType ?? 'application/json';
            // The record's current version, so a change is not refused as stale before it reaches the database.
            const id = /\/([0-9a-f-]{36})(?:\/|$)/.exec(v.path)?.[1];
            const payload = id && versions.has(id) ? v.body?.replace('"version":1', `"version":${versions.get(id)}`) : v.body;
            const res = await caller.req({
              method: method as 'GET',
              url,
              payload,
              headers,
              lang: sent % 3 === 0 ? 'ru' : sent % 3 === 1 ? 'bg' : 'en',
            });
            sent++;
            if (res.statusCode < 300 && id) {
              const json = res.body && String(res.headers['content-type']).includes('json') ? (res.json() as { version?: unknown }) : null;
              const version = json?.version;
              if (typeof version === 'number') versions.set(id, version);
            }
            const problem = problemOf(res);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            const key = `${method} ${template} | ${v.what}`;
            if (problem && !failures.has(key)) failures.set(key, `${problem}\n    as ${caller.user.role}: ${method} ${url.slice(0, 200)}`);
          }),
        );
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${sent} requests over ${operations} operations in ${seconds} s, ${failures.size} problems (seed ${SEED}); statuses ${JSON.stringify(statuses)}`,
    );
    const list = [...failures].map(([k, v]) => `${k}\n    ${v}`);
    if (list.length) console.log(list.join('\n'));
    expect(list.slice(0, 40), `${failures.size} problems`).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  });

  it('covers every operation of the document, parameters and body fields included', () => {
    const doc = ctx.app.swagger() as unknown as OpenApi;
    const missing: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (STREAMS.has(template)) continue;
        const v = variantsOf(method, template, op, seeds);
        const params = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
        for (const p of params) if (!v.some((x) => x.what.startsWith(`${p.in} ${p.name}`))) missing.push(`${method} ${template} ${p.name}`);
        const props = Object.keys(concrete(op.requestBody?.content['application/json']?.schema ?? {}).properties ?? {});
        for (const k of props) if (!v.some((x) => x.what.startsWith(`body ${k}=`))) missing.push(`${method} ${template} body ${k}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a seeded record for every kind with generated per-record routes, so they are fuzzed past the 404', () => {
    // The timeline, notes and shares routes of server/modules/records come from the registry.
    const unseeded = apiKinds().filter((k) => !seeds[k.api.segment]);
    expect(
      unseeded.map((k) => k.api.segment),
      'seed one record of each in beforeAll',
    ).toEqual([]);
  });
});
