export { getAgenda, getAgendaSection } from './agenda.service.js';
export { agendaRoutes } from './agenda.routes.js';
