import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../test/harness.js';
import { until } from '../test/receiver.js';
import { enqueueJob, registerJobTask, type JobRunner } from './jobs.js';

declare module './jobs.js' {
  interface JobTasks {
    'test.record': { note: string; failTimes?: number };
  }
}

// What the test task saw, per note: each run's attempt number.
const runs = new Map<string, number[]>();
registerJobTask('test.record', async (payload, ctx) => {
  runs.set(payload.note, [...(runs.get(payload.note) ?? []), ctx.attempt]);
  if ((runs.get(payload.note)?.length ?? 0) <= (payload.failTimes ?? 0)) throw new Error(`planned failure of ${payload.note}`);
});

let ctx: TestContext;
let manager: Caller;
let runner: JobRunner | null = null;
beforeAll(async () => {
  ctx = await createTestContext();
  manager = await ctx.userWith('manager');
});
afterAll(async () => {
  await ctx.close();
});

const add = (note: string, opts: { failTimes?: number; maxAttempts?: number; workspaceId?: string } = {}) =>
  ctx.db
    .transaction()
    .execute((trx) =>
      enqueueJob(
        trx,
        'test.record',
        { workspaceId: opts.workspaceId ?? ctx.workspaceId, note, failTimes: opts.failTimes },
        { maxAttempts: opts.maxAttempts },
      ),
    );

describe('jobs', () => {
  it('adds a job only when the transaction commits', async () => {
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, 'test.record', { workspaceId: ctx.workspaceId, note: 'rolled-back' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    await expect(enqueueJob(ctx.db, 'test.record', { workspaceId: ctx.workspaceId, note: 'outside' })).rejects.toThrow(
      /outside a transaction/,
    );
    const queued = (await ctx.admin.get('/api/v1/jobs?state=queued')).json().items;
    expect(queued).toEqual([]);
  });

  it('keeps jobs queued while no runner runs (they survive a restart) and runs each once when one starts', async () => {
    const id = await add('durable');
    const listed = await ctx.admin.get('/api/v1/jobs?state=queued');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ id, task: 'test.record', state: 'queued', attempts: 0, maxAttempts: 10 }),
    ]);
    runner = await ctx.startJobs();
    await until(
      () => runs.get('durable'),
      (v) => v?.length === 1,
    );
    // Done jobs leave the queue.
    await until(
      async () => (await ctx.admin.get('/api/v1/jobs')).json().items.length,
      (n) => n === 0,
    );
    expect(runs.get('durable')).toEqual([1]);
  });

  it('retries a failing job with exponential backoff', async () => {
    await add('flaky', { failTimes: 1 });
    const t0 = Date.now();
    await until(
      () => runs.get('flaky'),
      (v) => v?.length === 2,
    );
    expect(runs.get('flaky')).toEqual([1, 2]);
    // graphile-worker waits exp(1) s (about 2.7 s) after the first failure.
    expect(Date.now() - t0).toBeGreaterThan(2_000);
  });

  it('shows failed jobs to the admin of their workspace only, and retries one by hand', async () => {
    const id = await add('doomed', { failTimes: 1, maxAttempts: 1 });
    const failed = await until(
      async () => (await ctx.admin.get('/api/v1/jobs?state=failed')).json().items,
      (items: { id: string }[]) => items.some((j) => j.id === id),
    );
    expect(failed.find((j: { id: string }) => j.id === id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      maxAttempts: 1,
      lastError: expect.stringContaining('planned failure of doomed'),
    });
    expect((await manager.get('/api/v1/jobs?state=failed')).statusCode).toBe(403);
    expect((await manager.post(`/api/v1/jobs/${id}/retry`)).statusCode).toBe(403);

    // A job of another workspace is invisible here: not listed, and its retry answers 404.
    const other = await sql<{ id: string }>`select id from workspaces where id <> ${ctx.workspaceId} limit 1`.execute(ctx.db);
    const foreignWs =
      other.rows[0]?.id ?? (await ctx.db.insertInto('workspaces').values({ name: 'Other' }).returning('id').executeTakeFirstOrThrow()).id;
    const foreign = await add('foreign', { failTimes: 5, maxAttempts: 1, workspaceId: foreignWs });
    await until(
      () => runs.get('foreign'),
      (v) => v?.length === 1,
    );
    expect((await ctx.admin.get('/api/v1/jobs')).json().items.map((j: { id: string }) => j.id)).not.toContain(foreign);
    expect((await ctx.admin.post(`/api/v1/jobs/${foreign}/retry`)).statusCode).toBe(404);

    const retried = await ctx.admin.post(`/api/v1/jobs/${id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id, attempts: 0 });
    await until(
      () => runs.get('doomed'),
      (v) => v?.length === 2,
    );
    // It succeeded the second time, so it left the queue.
    await until(
      async () => (await ctx.admin.get('/api/v1/jobs')).json().items.map((j: { id: string }) => j.id),
      (ids: string[]) => !ids.includes(id),
    );
    expect((await ctx.admin.post(`/api/v1/jobs/${id}/retry`)).statusCode).toBe(404);
  });

  it('refuses to retry a job that has not failed, and answers 4xx for bad ids and states', async () => {
    await runner?.stop();
    runner = null;
    const id = await add('waiting');
    const r = await ctx.admin.post(`/api/v1/jobs/${id}/retry`);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('JOB_NOT_FAILED');
    for (const bad of ['abc', '0', '-1', '99999999999999999999', '1.5']) {
      expect((await ctx.admin.post(`/api/v1/jobs/${bad}/retry`)).statusCode, bad).toBe(400);
    }
    const badState = await ctx.admin.get('/api/v1/jobs?state=done');
    expect(badState.statusCode).toBe(400);
    expect(badState.json().error.fields[0].path).toBe('state');
    expect((await ctx.admin.get('/api/v1/jobs?cursor=x')).statusCode).toBe(400);
  });
});

describe('recurring upkeep', () => {
  it('a runner schedules the pruning tasks, and a tick of one runs its task', async () => {
    const upkeep = await ctx.startJobs();
    try {
      // The cron of graphile-worker records the tasks it schedules (one tick for all instances).
      const known = await until(
        async () =>
          (await sql<{ identifier: string }>`select identifier from graphile_worker._private_known_crontabs`.execute(ctx.db)).rows.map(
            (r) => r.identifier,
          ),
        (ids: string[]) => ids.length >= 2,
      );
      expect(known).toEqual(expect.arrayContaining(['users.prune-login-attempts', 'webhooks.prune-deliveries']));

      const email = `stale-${Date.now()}@test.local`;
      await ctx.db
        .insertInto('login_attempts')
        .values({ email, ip: '198.51.100.5', outcome: 'failed', succeeded: false, at: new Date(Date.now() - 3 * 3600_000) })
        .execute();
      // A tick, as the cron adds it.
      await sql`select graphile_worker.add_job('users.prune-login-attempts', '{}'::json)`.execute(ctx.db);
      await until(
        async () => (await ctx.db.selectFrom('login_attempts').select('id').where('email', '=', email).execute()).length,
        (n) => n === 0,
      );
    } finally {
      await upkeep.stop();
    }
  });
});
