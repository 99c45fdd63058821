import { canEditRecord, type AuthUser } from '../../platform/auth.js';

// Invoices follow deals' access (owner = the client's manager, a head sees the team, director and
// finance see all: platform visibleTo), with one addition: the accountant (finance) may also change
// what they see, since issuing, cancelling and correcting invoices is their work.

/** Whether the caller may change, issue, cancel or correct an invoice they can see. */
export function canEditInvoice(user: AuthUser, ownerId: string | null, sharedWithCaller: boolean): boolean {
  return user.role === 'finance' || canEditRecord(user, ownerId, sharedWithCaller);
}

/** Who registers, allocates and reverses payments: the books are kept by finance (and the top). */
export function canManagePayments(user: AuthUser): boolean {
  return user.role === 'finance' || user.role === 'director' || user.role === 'admin';
}

/** Roles that invoice on behalf of the client's manager: their invoices belong to that manager by default. */
export function invoicesForOthers(user: AuthUser): boolean {
  return canManagePayments(user);
}
