/** Who may read our legal entities, so choose which one issues a blank invoice (the API's rule). */
export const LEGAL_ENTITY_READERS = ['admin', 'finance', 'director'] as const;
/** Who works with invoices: the managers their clients' ones, the top and finance all (the API filters). */
export const INVOICE_ROLES = ['admin', 'director', 'finance', 'head_of_sales', 'manager'] as const;
