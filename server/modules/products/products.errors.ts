import { defineErrors } from '../../platform/errors.js';

/** Errors of the product catalogue (messages in contracts/i18n/sales.ts). */
export const ProductErrors = defineErrors('products', {
  PRODUCT_NOT_FOUND: { status: 404 },
  PRODUCT_SKU_TAKEN: { status: 409 },
});
