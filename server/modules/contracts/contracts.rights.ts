import type { AuthUser } from '../../platform/auth.js';

// Contracts are read by whoever may open the client. They are written by the people who sign them
// (finance, the director, a head of sales, admin); the credit limit and payment terms, which decide
// the credit hold, only by finance, the director and admin.

/** Who may create, change and delete contracts (of clients they can see). */
export const canWriteContracts = (user: AuthUser) =>
  user.role === 'admin' || user.role === 'finance' || user.role === 'director' || user.role === 'head_of_sales';

/** Who may set a credit limit and payment terms, and let a client through its credit hold. */
export const canManageCredit = (user: AuthUser) => user.role === 'admin' || user.role === 'finance' || user.role === 'director';
