import type { AuthUser } from '../../platform/auth.js';

/** Who keeps our requisites: the accountant's side and the admin. */
export const canManageLegalEntities = (user: AuthUser) => user.role === 'admin' || user.role === 'finance';
/** Who may read them all, the bin and the scanned signature and stamp too (the director signs the documents). */
export const canReadLegalEntities = (user: AuthUser) => canManageLegalEntities(user) || user.role === 'director';
/**
 * Who may read the live ones' requisites and logo: also the sales side, whose invoice forms pick
 * the entity that bills. The requisites are printed on every invoice the client gets; the
 * signature and stamp images are not handed to those who could paste them elsewhere.
 */
export const canListLegalEntities = (user: AuthUser) =>
  canReadLegalEntities(user) || user.role === 'manager' || user.role === 'head_of_sales';
