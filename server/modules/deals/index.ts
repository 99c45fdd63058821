export { getDeal, canSeeDeal, todayIn } from './deals.service.js';
export { dealsRoutes } from './deals.routes.js';
export { D, money, lineAmounts, dealTotals, weighted } from './deals.money.js';
export type { DealStatus } from './deals.table.js';
export { accessArms, ownedBy, sharedNotOwned, visibleDeals } from './deals.repository.js';
export { dealRecord } from './deals.record.js';
