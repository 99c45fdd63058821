export { getDeal, canSeeDeal, listDeals, countDeals } from './deals.read.js';
export { todayIn } from './deals.plan.js';
export { dealsRoutes } from './deals.routes.js';
export { D, money, lineAmounts, dealTotals, weighted } from './deals.money.js';
export type { DealStatus } from './deals.table.js';
export { accessArms, ownedBy, sharedNotOwned, visibleDeals } from './deals.predicates.js';
export { dealRecord } from './deals.record.js';
export { registerDealMerges } from './deals.merge.js';
export { dealDocumentModel } from './deals.document.js';
