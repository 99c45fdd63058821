export {
  createWorkspaceWithAdmin,
  createUser,
  createTeam,
  countUsers,
  createSetupToken,
  listUsers,
  getUser,
  findUserByCalendarToken,
  calendarToken,
  updateUser,
} from './users.service.js';
export { usersRoutes } from './users.routes.js';
export { hashPassword, pruneLoginAttempts, registerLoginAttemptPruning } from './users.login.js';
export { sealLegacyTotpSecrets } from './users.totp.js';
