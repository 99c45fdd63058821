export { priceFor, productFacts, getProduct, canManageProducts, canSeeProduct } from './products.service.js';
export { productsRoutes } from './products.routes.js';
export { productRecord } from './products.record.js';
