export { controlRoutes } from './control.routes.js';
export { dashboard, cachedDashboard, createDashboardCache, staleContacts, reassign, setCapacity, planBalanced } from './control.service.js';
// The reporting read model, for the modules of this slice that need other modules' records.
export { contactBirthdays, visibleContacts, visibleCompanyIds, visibleDeals } from './control.repository.js';
