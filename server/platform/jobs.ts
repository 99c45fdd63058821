// Background jobs: graphile-worker 0.16 (the last line that runs on Node 20) over the same
// PostgreSQL, in its own schema `graphile_worker`. A job is added INSIDE the caller's transaction
// (`enqueueJob(trx, ...)` calls graphile_worker.add_job on that transaction), so a rolled-back change
// enqueues nothing and a committed one always has its job. Any number of instances run a runner;
// each job is locked by one of them (SKIP LOCKED), failures are retried with graphile-worker's
// exponential backoff (exp(attempt) seconds), and add_job's NOTIFY on commit wakes an idle runner at
// once instead of waiting for the poll. Task handlers are registered at composition (server/app.ts),
// keyed by name, like event handlers.
import pg from 'pg';
import { sql } from 'kysely';
import { Logger as WorkerLogger, parseCronItems, run, runMigrations, type Runner, type Task } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from './database.js';

/** Every job carries its workspace, so the admin sees and retries only their workspace's jobs. */
export type JobPayload = { workspaceId: string };

/**
 * Task names and their payloads. Modules add theirs by declaration merging:
 * `declare module '../../platform/jobs.js' { interface JobTasks { 'mail.send': {...} } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobTasks {}

export type JobTask = keyof JobTasks & string;

export type JobContext = {
  /** The app's database (the runner's own small pool serves only the queue). */
  db: Db;
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Whether a failure now leaves the job failed (shown to the admin, retried only by hand). */
  isLastAttempt: boolean;
  log: Logger;
  /** Aborted when the runner is stopping (SIGTERM): long work should give up and be retried later. */
  signal?: AbortSignal;
};

export type JobHandler<K extends JobTask> = (payload: JobTasks[K] & JobPayload, ctx: JobContext) => Promise<void>;

const handlers = new Map<string, (payload: unknown, ctx: JobContext) => Promise<void>>();

/** Registers (or replaces) the handler of a task; composition calls this once per task. */
export function registerJobTask<K extends JobTask>(task: K, handler: JobHandler<K>): void {
  handlers.set(task, handler as (payload: unknown, ctx: JobContext) => Promise<void>);
}

/** The work of a recurring task: instance-wide upkeep (no workspace), given the job's context. */
export type RecurringHandler = (ctx: JobContext) => Promise<void>;

const recurring = new Map<string, { schedule: string; handler: RecurringHandler }>();

/**
 * Registers (or replaces) a task that runs on a schedule, a cron pattern in UTC (`17 * * * *`:
 * hourly at :17). graphile-worker's cron makes one job per due tick over all instances (it records
 * the last tick in its schema), so the task runs once however many instances run; a tick missed
 * while every instance was down is not made up. Composition calls this once per task.
 */
export function registerRecurringTask(task: string, schedule: string, handler: RecurringHandler): void {
  recurring.set(task, { schedule, handler });
}

export type EnqueueOptions = {
  /** Not before this instant (default: now). */
  runAt?: Date;
  /** Attempts before the job counts as failed (default 10: about 3 hours of backoff). */
  maxAttempts?: number;
  /** A job key replaces a pending job of the same key instead of adding a second one. */
  jobKey?: string;
  /** Jobs of one queue run one at a time, in order. */
  queueName?: string;
  priority?: number;
};

/**
 * Adds a job inside the caller's transaction: it exists only if that transaction commits.
 * Returns the job's id.
 */
export async function enqueueJob<K extends JobTask>(
  trx: Db,
  task: K,
  payload: JobTasks[K] & JobPayload,
  opts: EnqueueOptions = {},
): Promise<string> {
  if (!trx.isTransaction) throw new Error(`job ${task} enqueued outside a transaction`);
  const r = await sql<{ id: string }>`select (graphile_worker.add_job(
      ${task}::text,
      ${JSON.stringify(payload)}::json,
      queue_name => ${opts.queueName ?? null}::text,
      run_at => ${opts.runAt ?? null}::timestamptz,
      max_attempts => ${opts.maxAttempts ?? 10}::int,
      job_key => ${opts.jobKey ?? null}::text,
      priority => ${opts.priority ?? null}::int
    )).id::text as id`.execute(trx);
  return r.rows[0].id;
}

function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    const fn = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
    log[fn]({ component: 'jobs', ...(meta ?? {}) }, message);
  });
}

/** Creates or upgrades graphile-worker's own schema (idempotent; safe from several instances at once). */
export async function migrateJobs(url: string, log: Logger): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  try {
    await runMigrations({ pgPool: pool, logger: workerLogger(log) });
  } finally {
    await pool.end();
  }
}

export type JobRunner = {
  /** Graceful: stops taking jobs, waits for running ones (aborting them after a grace period). */
  stop: () => Promise<void>;
};

/**
 * Starts a runner for the registered tasks. It holds its own small pool (one LISTEN connection plus
 * `concurrency` workers), so jobs never take connections from requests and vice versa.
 */
export async function startJobRunner(opts: {
  url: string;
  db: Db;
  log: Logger;
  concurrency?: number;
  pollIntervalMs?: number;
}): Promise<JobRunner> {
  const concurrency = opts.concurrency ?? 4;
  const pool = new pg.Pool({ connectionString: opts.url, max: concurrency + 2, idleTimeoutMillis: 30_000 });
  // A dropped idle connection (database restart) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  const log = opts.log.child({ component: 'jobs' });
  const taskList: Record<string, Task> = {};
  const contextOf = (name: string, helpers: Parameters<Task>[1]): JobContext => ({
    db: opts.db,
    jobId: String(helpers.job.id),
    attempt: helpers.job.attempts,
    maxAttempts: helpers.job.max_attempts,
    isLastAttempt: helpers.job.attempts >= helpers.job.max_attempts,
    log: log.child({ task: name, jobId: String(helpers.job.id) }),
    signal: helpers.abortSignal,
  });
  for (const [name, handler] of handlers) taskList[name] = (payload, helpers) => handler(payload, contextOf(name, helpers));
  for (const [name, { handler }] of recurring) taskList[name] = (_payload, helpers) => handler(contextOf(name, helpers));
  // Upkeep that fails is retried a few times, then waits for its next tick.
  const parsedCronItems = parseCronItems(
    [...recurring].map(([task, r]) => ({ task, match: r.schedule, identifier: task, options: { backfillPeriod: 0, maxAttempts: 3 } })),
  );
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      taskList,
      parsedCronItems,
      concurrency,
      pollInterval: opts.pollIntervalMs ?? 2_000,
      // main.ts owns SIGTERM/SIGINT and stops the runner before the database.
      noHandleSignals: true,
      logger: workerLogger(opts.log),
    });
  } catch (e) {
    await pool.end();
    throw e;
  }
  let stopped: Promise<void> | null = null;
  return {
    stop: () =>
      (stopped ??= (async () => {
        await runner.stop().catch((e) => log.warn({ err: e }, 'job runner stop failed'));
        await pool.end().catch(() => {});
      })()),
  };
}
