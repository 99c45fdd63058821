/** Stable error codes of the product catalogue (messages in contracts/i18n/sales.ts). */
export const ProductErrors = {
  notFound: 'PRODUCT_NOT_FOUND',
  skuTaken: 'PRODUCT_SKU_TAKEN',
} as const;
