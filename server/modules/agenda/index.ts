export { getAgenda } from './agenda.service.js';
export { agendaRoutes } from './agenda.routes.js';
export { safeTimeZone, startOfLocalDay, startOfLocalWeek, localParts } from './agenda.time.js';
