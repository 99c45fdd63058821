export { exportsRoutes } from './exports.routes.js';
export { registerExportJobs } from './exports.jobs.js';
