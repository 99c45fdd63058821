export { importsRoutes } from './imports.routes.js';
export { registerImports } from './imports.job.js';
