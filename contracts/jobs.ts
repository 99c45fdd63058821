import { z } from 'zod';

import { jobStates } from './job-states.js';

export { jobStates, type JobState } from './job-states.js';

/** A job id: graphile-worker's bigint, as a decimal string. */
export const jobIdSchema = z.string().regex(/^[1-9]\d{0,17}$/);

export const jobSchema = z.object({
  id: z.string(),
  task: z.string(),
  state: z.enum(jobStates),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  runAt: z.string(),
  lockedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof jobSchema>;

export const listJobsQuery = z.object({
  state: z.enum(jobStates).optional(),
  /** The last id of the previous page (jobs come newest first). */
  cursor: jobIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListJobsQuery = z.infer<typeof listJobsQuery>;

export const jobListSchema = z.object({ items: z.array(jobSchema), nextCursor: z.string().nullable() });
export type JobList = z.infer<typeof jobListSchema>;
