export { priceFor, productFacts, getProduct, canManageProducts } from './products.service.js';
export { productsRoutes } from './products.routes.js';
