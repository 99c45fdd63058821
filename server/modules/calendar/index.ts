export { calendarRoutes } from './calendar.routes.js';
export { calendarFeed } from './calendar.service.js';
export { escapeText, foldLine, serializeCalendar } from './calendar.ics.js';
