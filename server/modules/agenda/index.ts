export { getAgenda } from './agenda.service.js';
export { agendaRoutes } from './agenda.routes.js';
export { safeTimeZone, startOfLocalDay, startOfLocalWeek } from './agenda.time.js';
