import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.js';
import { createTestContext, type TestContext } from '../../test/harness.js';
import { pruneDeliveries } from './webhooks.service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ env: { ORBITA_WEBHOOKS_ALLOW_PRIVATE: 'true' } });
});
afterAll(async () => {
  await ctx.close();
});

describe('pruning: webhook deliveries do not grow forever', () => {
  it('deletes deliveries older than the retention, in batches, and keeps the newer ones', async () => {
    // Disabled: nothing here is sent, the rows stand for deliveries made over two months.
    const hook = await ctx.admin.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['contact.created'], isActive: false });
    expect(hook.statusCode, hook.body).toBe(201);
    const webhookId = hook.json().id;
    const daysAgo = [60, 45, 44, 40, 35, 31, 31, 29, 10, 0];
    // Made in the order they happened, as the application makes them.
    for (const [i, d] of daysAgo.entries()) {
      await ctx.db
        .insertInto('webhook_deliveries')
        .values({
          workspace_id: ctx.workspaceId,
          webhook_id: webhookId,
          event_id: crypto.randomUUID(),
          event_type: 'contact.created',
          body: `{"n":${i}}`,
          status: d > 1 ? 'delivered' : 'pending',
          created_at: new Date(Date.now() - d * 86_400_000),
        })
        .execute();
    }
    expect(await pruneDeliveries(ctx.db, 30, { batchSize: 3 })).toBe(7);
    const left = await ctx.db.selectFrom('webhook_deliveries').select('body').where('webhook_id', '=', webhookId).orderBy('seq').execute();
    expect(left.map((r) => r.body)).toEqual(['{"n":7}', '{"n":8}', '{"n":9}']);
    const listed = (await ctx.admin.get(`/api/v1/webhooks/${webhookId}/deliveries`)).json().items;
    expect(listed).toHaveLength(3);
    expect(await pruneDeliveries(ctx.db, 30)).toBe(0);
    // A shorter retention takes the next ones.
    expect(await pruneDeliveries(ctx.db, 5)).toBe(2);
  });

  it('keeps 30 days unless ORBITA_WEBHOOK_DELIVERY_RETENTION_DAYS says otherwise (a whole number of days, at least 1)', () => {
    expect(loadConfig({}).webhookDeliveryRetentionDays).toBe(30);
    expect(loadConfig({ ORBITA_WEBHOOK_DELIVERY_RETENTION_DAYS: '90' }).webhookDeliveryRetentionDays).toBe(90);
    expect(() => loadConfig({ ORBITA_WEBHOOK_DELIVERY_RETENTION_DAYS: '0' })).toThrow(/ORBITA_WEBHOOK_DELIVERY_RETENTION_DAYS/);
    expect(() => loadConfig({ ORBITA_WEBHOOK_DELIVERY_RETENTION_DAYS: '1.5' })).toThrow(/ORBITA_WEBHOOK_DELIVERY_RETENTION_DAYS/);
  });
});
