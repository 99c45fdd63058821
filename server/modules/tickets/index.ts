export { ticketsRoutes } from './tickets.routes.js';
export { ticketRecord } from './tickets.record.js';
export { registerTicketMerges } from './tickets.merge.js';
