import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiTokenSchema,
  createApiTokenBody,
  createdApiTokenSchema,
  securitySettingsSchema,
  totpCodeBody,
  totpEnabledSchema,
  totpSetupSchema,
  updateSecuritySettingsBody,
} from '../../../contracts/auth.js';
import { requireRole, requireUser } from '../../platform/auth.js';
import type { Db } from '../../platform/database.js';
import type { Secrets } from '../../platform/secrets.js';
import { createApiToken, listApiTokens, revokeApiToken } from './users.api-tokens.js';
import { disableTotp, enableTotp, getSecuritySettings, setupTotp, updateSecuritySettings } from './users.totp.js';

/** TOTP set-up, API tokens and the workspace's security settings. */
export function securityRoutes(db: Db, secrets: Secrets) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/auth/totp/setup',
      {
        schema: {
          tags: ['auth'],
          summary: 'Start TOTP set-up: a new secret and its otpauth:// URL (for a QR code), confirmed by /auth/totp/enable',
          response: { 200: totpSetupSchema },
        },
      },
      async (req) => setupTotp(db, secrets, requireUser(req)),
    );

    r.post(
      '/auth/totp/enable',
      {
        schema: {
          tags: ['auth'],
          summary: 'Turn TOTP on with a code from the app; returns single-use recovery codes, shown once',
          body: totpCodeBody,
          response: { 200: totpEnabledSchema },
        },
      },
      async (req) => enableTotp(db, secrets, requireUser(req), req.body.code),
    );

    r.post(
      '/auth/totp/disable',
      {
        schema: { tags: ['auth'], summary: 'Turn TOTP off with a current code or a recovery code', body: totpCodeBody },
      },
      async (req, reply) => {
        await disableTotp(db, secrets, requireUser(req), req.body.code);
        return reply.status(204).send();
      },
    );

    r.get(
      '/api-tokens',
      {
        schema: {
          tags: ['auth'],
          summary: "The caller's API tokens (never the secret)",
          response: { 200: z.object({ items: z.array(apiTokenSchema) }) },
        },
      },
      async (req) => ({ items: await listApiTokens(db, requireUser(req)) }),
    );

    r.post(
      '/api-tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an API token acting as the caller; the token is shown once (send it as Authorization: Bearer)',
          body: createApiTokenBody,
          response: { 201: createdApiTokenSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await createApiToken(db, requireUser(req), req.body)),
    );

    r.delete(
      '/api-tokens/:id',
      { schema: { tags: ['auth'], summary: 'Revoke an API token', params: z.object({ id: z.uuid() }) } },
      async (req, reply) => {
        await revokeApiToken(db, requireUser(req), req.params.id);
        return reply.status(204).send();
      },
    );

    r.get(
      '/settings/security',
      {
        schema: { tags: ['users'], summary: 'Security settings of the workspace (admin)', response: { 200: securitySettingsSchema } },
      },
      async (req) => getSecuritySettings(db, requireRole(req, ['admin']).workspaceId),
    );

    r.patch(
      '/settings/security',
      {
        schema: {
          tags: ['users'],
          summary: 'Change the security settings: the roles that must use TOTP (admin)',
          body: updateSecuritySettingsBody,
          response: { 200: securitySettingsSchema },
        },
      },
      async (req) => updateSecuritySettings(db, requireRole(req, ['admin']), req.body),
    );
  };
}
