// Zod-free, so the browser can import the list at run time without bundling zod.
/** What the admin sees of a background job: waiting (or waiting to retry), being run, or failed for good. */
export const jobStates = ['queued', 'running', 'failed'] as const;
export type JobState = (typeof jobStates)[number];
