export { creditRoutes } from './credit.routes.js';
export { registerCreditHold } from './credit.register.js';
export type { CreditTables } from './credit.table.js';
