import type { Job, JobList, JobState, ListJobsQuery } from '../../../contracts/jobs.js';
import type { AuthUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';

import { findJob, listJobs, rescheduleJob, type JobRow } from './jobs.repository.js';
import { JobErrors } from './jobs.errors.js';

function stateOf(r: JobRow): JobState {
  if (r.locked_at) return 'running';
  return r.attempts >= r.max_attempts ? 'failed' : 'queued';
}

const toJob = (r: JobRow): Job => ({
  id: r.id,
  task: r.task,
  state: stateOf(r),
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  lastError: r.last_error,
  runAt: r.run_at.toISOString(),
  lockedAt: r.locked_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** The workspace's queued, running or failed jobs, newest first. */
export async function listWorkspaceJobs(db: Db, user: AuthUser, q: ListJobsQuery): Promise<JobList> {
  const rows = await listJobs(db, user.workspaceId, { state: q.state, before: q.cursor, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return { items: page.map(toJob), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}

/** Puts a failed job of the workspace back in the queue, to run now. */
export async function retryJob(db: Db, user: AuthUser, id: string): Promise<Job> {
  return db.transaction().execute(async (trx) => {
    const job = await findJob(trx, user.workspaceId, id);
    if (!job) throw JobErrors.JOB_NOT_FOUND();
    if (stateOf(job) !== 'failed') throw JobErrors.JOB_NOT_FAILED();
    await rescheduleJob(trx, id);
    const after = await findJob(trx, user.workspaceId, id);
    return toJob(after!);
  });
}
