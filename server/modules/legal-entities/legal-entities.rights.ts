import type { AuthUser } from '../../platform/auth.js';

/** Who keeps our requisites: the accountant's side and the admin. */
export const canManageLegalEntities = (user: AuthUser) => user.role === 'admin' || user.role === 'finance';
/** Who may read them (the director signs the documents). */
export const canReadLegalEntities = (user: AuthUser) => canManageLegalEntities(user) || user.role === 'director';
