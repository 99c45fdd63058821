export { contractsRoutes } from './contracts.routes.js';
export { contractRecord } from './contracts.record.js';
export { registerContractMerges } from './contracts.merge.js';
export { priceFor } from './contracts.prices.js';
export { checkContractLink, getContract, todayFor } from './contracts.service.js';
export { canManageCredit, canWriteContracts } from './contracts.rights.js';
export { contractsOfLegalEntity } from './contracts.repository.js';
export type { ContractsTables } from './contracts.table.js';
