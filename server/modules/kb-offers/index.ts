export { kbOffersRoutes } from './kb-offers.routes.js';
