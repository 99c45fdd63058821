import { sql, type RawBuilder } from 'kysely';
import type { JobState } from '../../../contracts/jobs.js';
import type { Db } from '../../platform/database.js';

// graphile-worker's public `jobs` view has no payload, and the workspace lives in the payload, so
// these read its `_private_jobs` table; the version is pinned (0.16, the last line on Node 20).
// A finished job is deleted by graphile-worker, so every row is queued, running or failed.

export type JobRow = {
  id: string;
  task: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date;
  locked_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const stateOf: Record<JobState, RawBuilder<boolean>> = {
  running: sql`j.locked_at is not null`,
  failed: sql`j.locked_at is null and j.attempts >= j.max_attempts`,
  queued: sql`j.locked_at is null and j.attempts < j.max_attempts`,
};

/** Jobs of one workspace, newest first, optionally of one state, after a cursor id. */
export async function listJobs(db: Db, workspaceId: string, q: { state?: JobState; before?: string; limit: number }): Promise<JobRow[]> {
  const r = await sql<JobRow>`select j.id::text as id, t.identifier as task, j.attempts, j.max_attempts, j.last_error,
      j.run_at, j.locked_at, j.created_at, j.updated_at
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where j.payload->>'workspaceId' = ${workspaceId}
      ${q.state ? sql`and ${stateOf[q.state]}` : sql``}
      ${q.before ? sql`and j.id < ${q.before}::bigint` : sql``}
    order by j.id desc
    limit ${q.limit}`.execute(db);
  return r.rows;
}

/** One job of the workspace (for update: a retry and a runner never race on it). */
export async function findJob(db: Db, workspaceId: string, id: string): Promise<JobRow | undefined> {
  const r = await sql<JobRow>`select j.id::text as id, t.identifier as task, j.attempts, j.max_attempts, j.last_error,
      j.run_at, j.locked_at, j.created_at, j.updated_at
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where j.id = ${id}::bigint and j.payload->>'workspaceId' = ${workspaceId}
    for update of j`.execute(db);
  return r.rows[0];
}

/** Runs a failed job again now, with a fresh set of attempts (graphile-worker's own reschedule). */
export async function rescheduleJob(db: Db, id: string): Promise<void> {
  await sql`select id from graphile_worker.reschedule_jobs(array[${id}::bigint], run_at => now(), attempts => 0)`.execute(db);
}
