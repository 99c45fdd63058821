export { forecast, lostReasonsReport } from './reports.service.js';
export { reportsRoutes } from './reports.routes.js';
