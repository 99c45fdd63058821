export { bankStatementsRoutes } from './bank-statements.routes.js';
export { registerStatementHandlers } from './bank-statements.queue.js';
export type { BankStatementsTables } from './bank-statements.table.js';
