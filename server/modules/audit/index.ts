export { recordAudit, listAudit, diff, type AuditAction } from './audit.service.js';
export { auditRoutes, type CanSee } from './audit.routes.js';
