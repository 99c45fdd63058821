export { lostCallsRoutes } from './lost-calls.routes.js';
export { lostCallRates, type LostCallRate } from './lost-calls.service.js';
export { registerCallBackTasks } from './lost-calls.tasks.js';
