import { registerJobTask, registerRecurringTask } from '../../platform/jobs.js';
import { pruneExports, runExportJob } from './exports.service.js';

/** The export job and the hourly deletion of expired exports; composition calls this once. */
export function registerExportJobs(): void {
  registerJobTask('exports.run', runExportJob);
  registerRecurringTask('exports.prune', '41 * * * *', async (ctx) => {
    const n = await pruneExports(ctx.db);
    if (n) ctx.log.info({ exports: n }, 'expired exports deleted');
  });
}
