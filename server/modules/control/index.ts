export { controlRoutes } from './control.routes.js';
export { dashboard, cachedDashboard, createDashboardCache, staleContacts, reassign, setCapacity, planBalanced } from './control.service.js';
