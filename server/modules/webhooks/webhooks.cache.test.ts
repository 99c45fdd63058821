// The per-instance cache of webhook subscriptions: every event used to read them from the
// database; now an instance keeps them while its change-notice connection is up, and every change
// (on any instance) drops them through LISTEN/NOTIFY. Two real instances: platform/scale-out.test.ts.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isListening, startNotifications, type Notifications } from '../../platform/notify.js';
import { createLogger } from '../../platform/logger.js';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { until } from '../../test/receiver.js';

let ctx: TestContext;
let notifications: Notifications;
// Statements that read the webhooks table, as the app's pool runs them.
let hookReads = 0;
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext({
    env: { ORBITA_WEBHOOKS_ALLOW_PRIVATE: 'true' },
    onQuery: (text) => {
      if (/from "webhooks"/.test(text)) hookReads++;
    },
  });
  notifications = await startNotifications(ctx.url, createLogger('silent'));
});
afterAll(async () => {
  await notifications.stop();
  await ctx.close();
});

/** An event (contact.created); returns the webhooks it was queued for. */
async function event(): Promise<string[]> {
  const r = await ctx.admin.post('/api/v1/contacts', { firstName: 'Кэш', lastName: `Событий ${++n}` });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().id;
  const rows = await ctx.db.selectFrom('webhook_deliveries').select('webhook_id').where('body', 'like', `%${id}%`).execute();
  return rows.map((x) => x.webhook_id);
}

/** A change made elsewhere (another instance): its own connection, the notice in its transaction. */
async function elsewhere(statement: string, params: unknown[], announce = true): Promise<void> {
  const c = new pg.Client({ connectionString: ctx.url });
  await c.connect();
  try {
    await c.query('begin');
    await c.query(statement, params);
    if (announce) await c.query(`select pg_notify('orbita_webhooks', $1)`, [ctx.workspaceId]);
    await c.query('commit');
  } finally {
    await c.end();
  }
}

describe('webhook subscriptions cached per instance', () => {
  it('reads them once, not at every event, while notices arrive', async () => {
    expect(isListening()).toBe(true);
    await event();
    const before = hookReads;
    for (let i = 0; i < 5; i++) expect(await event()).toEqual([]);
    expect(hookReads).toBe(before);
  });

  it('a webhook made here is used by the very next event', async () => {
    const h = await ctx.admin.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['contact.created'] });
    expect(h.statusCode, h.body).toBe(201);
    expect(await event()).toEqual([h.json().id]);
  });

  it('a change committed elsewhere reaches this instance through its notice, well before the cache would expire', async () => {
    const [hookId] = await event();
    await elsewhere('update webhooks set is_active = false where id = $1', [hookId]);
    // 5 s: far below the minute after which an entry is read again anyway.
    await until(event, (ids) => ids.length === 0, 5_000);
    await elsewhere('update webhooks set is_active = true where id = $1', [hookId]);
    await until(event, (ids) => ids.length === 1, 5_000);
  });

  it('when the notice connection drops, nothing is cached until it is back, and what changed meanwhile is seen', async () => {
    const [hookId] = await event();
    const admin = new pg.Client({ connectionString: ctx.url });
    await admin.connect();
    try {
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'`,
      );
    } finally {
      await admin.end();
    }
    await until(isListening, (v) => !v, 5_000);
    // Unannounced, as a change whose notice the dropped connection missed.
    await elsewhere('update webhooks set is_active = false where id = $1', [hookId], false);
    await until(isListening, (v) => v, 15_000);
    expect(await event()).toEqual([]);
  });
});
