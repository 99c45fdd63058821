export { legalEntitiesRoutes } from './legal-entities.routes.js';
export { legalEntityRecord } from './legal-entities.record.js';
export {
  onLegalEntityDelete,
  getLegalEntity,
  legalEntityForDocuments,
  findLiveLegalEntity,
  type LegalEntityUseCheck,
} from './legal-entities.service.js';
export { canManageLegalEntities, canReadLegalEntities } from './legal-entities.rights.js';
