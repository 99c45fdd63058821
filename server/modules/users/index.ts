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
  hashPassword,
  updateUser,
} from './users.service.js';
export { usersRoutes } from './users.routes.js';
