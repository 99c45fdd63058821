export { priceFor, productFacts, getProduct, canManageProducts, canSeeProduct } from './products.service.js';
export { productsRoutes } from './products.routes.js';
