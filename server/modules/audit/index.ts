export { recordAudit, listAudit, diff, type AuditAction } from './audit.service.js';
export { auditRoutes } from './audit.routes.js';
