import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changePasswordBody,
  createTeamBody,
  createUserBody,
  loginBody,
  meSchema,
  setupBody,
  teamSchema,
  updateMeBody,
  updateUserBody,
  userSchema,
} from '../../../contracts/users.js';
import { requireRole, requireUser, SESSION_COOKIE, SESSION_TTL_MS, evictUserSessions } from '../../platform/auth.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/database.js';
import { publicBaseUrl } from '../../platform/http.js';
import type { Secrets } from '../../platform/secrets.js';
import { securityRoutes } from './users.security-routes.js';
import * as users from './users.service.js';

/** Absolute URL of the caller's iCalendar feed. */
function feedUrl(config: Config, req: FastifyRequest, token: string) {
  return `${publicBaseUrl(config, req)}/api/v1/calendar/${token}.ics`;
}

export function usersRoutes(db: Db, config: Config, secrets: Secrets) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    const me = async (req: FastifyRequest) => {
      const user = requireUser(req);
      const [full, workspace, csrfToken, token] = await Promise.all([
        users.getUser(db, user.workspaceId, user.id),
        users.getWorkspace(db, user.workspaceId),
        // An API-token request has no session and needs no CSRF token.
        req.sessionId ? users.getSessionCsrf(db, req.sessionId) : '',
        users.calendarToken(db, user.id),
      ]);
      return {
        user: full,
        workspace,
        csrfToken,
        totpSetupRequired: user.totpSetupRequired ?? false,
        calendarFeedUrl: feedUrl(config, req, token),
      };
    };

    r.post(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets an HttpOnly session cookie. With TOTP on, 401 TOTP_REQUIRED until `totpCode` is sent',
          body: loginBody,
          response: { 200: z.object({ user: userSchema, csrfToken: z.string() }) },
        },
      },
      async (req, reply) => {
        const s = await users.login(db, secrets, req.body, req.ip);
        reply.setCookie(SESSION_COOKIE, s.sessionId, {
          httpOnly: true,
          sameSite: 'lax',
          path: '/',
          secure: config.secureCookies,
          maxAge: SESSION_TTL_MS / 1000,
        });
        return { user: s.user, csrfToken: s.csrfToken };
      },
    );

    r.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (req, reply) => {
      if (req.sessionId) await users.logout(db, req.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });

    r.get(
      '/auth/me',
      { schema: { tags: ['auth'], summary: 'The signed-in user, CSRF token and calendar feed URL', response: { 200: meSchema } } },
      me,
    );

    r.patch(
      '/auth/me',
      { schema: { tags: ['auth'], summary: 'Change own language, time zone or name', body: updateMeBody, response: { 200: meSchema } } },
      async (req) => {
        const user = requireUser(req);
        await users.updateOwnProfile(db, user.id, req.body);
        evictUserSessions(user.id);
        req.user = { ...user, language: req.body.language ?? user.language, timeZone: req.body.timeZone ?? user.timeZone };
        return me(req);
      },
    );

    r.post(
      '/auth/me/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change own password (signs out every other session)',
          body: changePasswordBody,
        },
      },
      async (req, reply) => {
        const user = requireUser(req);
        await users.changeOwnPassword(db, user, req.sessionId, req.body, req.ip);
        return reply.status(204).send();
      },
    );

    r.post(
      '/auth/me/calendar-token',
      {
        schema: {
          tags: ['auth'],
          summary: 'Revoke the calendar feed URL and issue a new one',
          response: { 200: z.object({ calendarFeedUrl: z.string() }) },
        },
      },
      async (req) => {
        const user = requireUser(req);
        return { calendarFeedUrl: feedUrl(config, req, await users.calendarToken(db, user.id, true)) };
      },
    );

    r.post(
      '/setup',
      { schema: { tags: ['auth'], summary: 'First start: create the workspace and admin with the one-time setup token', body: setupBody } },
      async (req, reply) => {
        const res = await users.completeSetup(db, req.body);
        return reply.status(201).send({ user: res.user });
      },
    );

    await app.register(securityRoutes(db, secrets));

    r.get(
      '/users',
      { schema: { tags: ['users'], summary: 'Users of the workspace', response: { 200: z.object({ items: z.array(userSchema) }) } } },
      async (req) => {
        const user = requireUser(req);
        return { items: await users.listUsers(db, user.workspaceId) };
      },
    );

    r.post(
      '/users',
      { schema: { tags: ['users'], summary: 'Create a user (admin)', body: createUserBody, response: { 201: userSchema } } },
      async (req, reply) => {
        const actor = requireRole(req, ['admin']);
        return reply.status(201).send(await users.createUser(db, actor, req.body));
      },
    );

    r.patch(
      '/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: 'Change a user (admin)',
          params: z.object({ id: z.uuid() }),
          body: updateUserBody,
          response: { 200: userSchema },
        },
      },
      async (req) => {
        const actor = requireRole(req, ['admin']);
        return users.updateUser(db, actor, req.params.id, req.body);
      },
    );

    r.get(
      '/teams',
      { schema: { tags: ['users'], summary: 'Teams', response: { 200: z.object({ items: z.array(teamSchema) }) } } },
      async (req) => {
        const user = requireUser(req);
        return { items: await users.listTeams(db, user.workspaceId) };
      },
    );

    r.post(
      '/teams',
      { schema: { tags: ['users'], summary: 'Create a team (admin)', body: createTeamBody, response: { 201: teamSchema } } },
      async (req, reply) => {
        const actor = requireRole(req, ['admin']);
        return reply.status(201).send(await users.createTeam(db, actor, req.body));
      },
    );
  };
}
