// A PBX as tests see it: call events posted to the generic endpoint with an admin's API token.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TestContext } from './harness.js';

/** An API token of the admin, as a PBX would be configured with. */
export async function pbxToken(ctx: TestContext): Promise<string> {
  return (await ctx.admin.post('/api/v1/api-tokens', { name: 'PBX' })).json().token;
}

/** Posts call events as the PBX and expects them accepted (202). */
export async function sendCallEvents(app: FastifyInstance, token: string, events: object[]): Promise<void> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/telephony/events',
    payload: events,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(r.statusCode, r.body).toBe(202);
}
