export { recordsRoutes, apiKinds } from './records.routes.js';
