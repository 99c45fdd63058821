// Webhooks of the cloud PBXs (Mango Office, Zadarma). They come without a session or a token: the
// connection is named in the path and every request must carry the account's signature, or it is
// refused with 401 and nothing of it is stored. A signed request that does not read as call events
// gets 400 naming the field; what a provider sends that Orbita does not keep is acknowledged.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callEventSchema, callEventsResponse, type CallEvent } from '../../../../contracts/calls.js';
import type { Db } from '../../../platform/database.js';
import { fromZodIssue, PlatformErrors, type FieldIssue } from '../../../platform/errors.js';
import type { Secrets } from '../../../platform/secrets.js';
import { getWorkspaceSettings } from '../../../platform/settings.js';
import { CallErrors, CallFieldCodes } from '../calls.errors.js';
import { ingestCallEvents } from '../calls.ingest.js';
import * as repo from './connections.repository.js';
import { mangoPayloads, mangoSigned, translateMango, type MangoKind } from './mango.adapter.js';
import { parseCallStart, translateZadarma, zadarmaKnows, zadarmaSigned, type ZadarmaForm } from './zadarma.adapter.js';

const connectionParams = z.object({ connectionId: z.uuid() });
const formBody = z.record(z.string(), z.string()).describe('application/x-www-form-urlencoded fields');
const tags = ['calls'];

/** The connection of a webhook and its signing secret; 404 when there is none of that provider. */
async function connectionOf(db: Db, secrets: Secrets, id: string, provider: 'mango' | 'zadarma') {
  const row = await repo.findConnectionById(db, id);
  if (!row || row.provider !== provider || !row.account_key) throw CallErrors.TELEPHONY_CONNECTION_NOT_FOUND();
  let secret: string;
  try {
    secret = secrets.open(row.secret_sealed);
  } catch {
    // Sealed with another key: nobody can prove they hold the account's secret.
    throw CallErrors.TELEPHONY_SIGNATURE_INVALID();
  }
  return { row, accountKey: row.account_key, secret };
}

/** Events as the internal shape allows them, or 400 naming the provider's event and field. */
function checked(events: CallEvent[], field: string): CallEvent[] {
  const fields: FieldIssue[] = [];
  for (const e of events) {
    const r = callEventSchema.safeParse(e);
    if (!r.success) fields.push(...r.error.issues.flatMap((i) => fromZodIssue(i, [field])));
  }
  if (fields.length) throw PlatformErrors.MALFORMED({ fields });
  return events;
}

async function ingest(db: Db, row: repo.ConnectionRow, events: CallEvent[], at: Date) {
  const result = await ingestCallEvents(db, { workspaceId: row.workspace_id, connectionId: row.id }, events);
  await repo.markCloudEvent(db, row.id, at);
  return result;
}

export function cloudPbxRoutes(db: Db, secrets: Secrets) {
  return async (app: FastifyInstance) => {
    // Both providers post HTML forms; parsed here only, as strings (a repeated field keeps its last value).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/telephony/mango/:connectionId/events/:kind',
      {
        schema: {
          tags,
          summary:
            'Mango Office events (form vpbx_api_key, sign = sha256(key + json + salt), json): `call`, `summary` and ' +
            '`recording` become call events; others (dtmf, sms...) are acknowledged. Idempotent like /telephony/events.',
          params: connectionParams.extend({ kind: z.string().max(40) }),
          body: formBody,
          response: { 200: callEventsResponse },
        },
      },
      async (req) => {
        const { row, accountKey, secret } = await connectionOf(db, secrets, req.params.connectionId, 'mango');
        const form = req.body;
        if (!mangoSigned(form, accountKey, secret)) throw CallErrors.TELEPHONY_SIGNATURE_INVALID();
        const kind = req.params.kind as MangoKind;
        if (!Object.hasOwn(mangoPayloads, kind)) return { received: 0, applied: 0, replays: 0 };
        let json: unknown;
        try {
          json = JSON.parse(form.json!);
        } catch {
          throw PlatformErrors.MALFORMED({ fields: [{ path: 'json', code: CallFieldCodes.json }] });
        }
        const parsed = mangoPayloads[kind].safeParse(json);
        if (!parsed.success) throw PlatformErrors.MALFORMED({ fields: parsed.error.issues.flatMap((i) => fromZodIssue(i, ['json'])) });
        const events = checked(translateMango(kind, parsed.data as never), 'json');
        return ingest(db, row, events, new Date());
      },
    );

    r.get(
      '/telephony/zadarma/:connectionId',
      {
        schema: {
          tags,
          summary: "Zadarma's check of the notification URL: answers `zd_echo` as plain text",
          params: connectionParams,
          querystring: z.object({ zd_echo: z.string().max(200) }),
        },
      },
      async (req, reply) => {
        await connectionOf(db, secrets, req.params.connectionId, 'zadarma');
        return reply.type('text/plain; charset=utf-8').send(req.query.zd_echo);
      },
    );

    r.post(
      '/telephony/zadarma/:connectionId',
      {
        schema: {
          tags,
          summary:
            'Zadarma NOTIFY_* events (form fields, header Signature = base64(hex(HMAC-SHA1(fields of the event, secret)))); ' +
            'call_start is read in the workspace time zone. Other notifications are acknowledged.',
          params: connectionParams,
          body: formBody,
          response: { 200: callEventsResponse },
        },
      },
      async (req) => {
        const { row, secret } = await connectionOf(db, secrets, req.params.connectionId, 'zadarma');
        const form: ZadarmaForm = req.body;
        if (!zadarmaKnows(form.event)) return { received: 0, applied: 0, replays: 0 };
        const signature = req.headers.signature;
        if (!zadarmaSigned(form, typeof signature === 'string' ? signature : undefined, secret))
          throw CallErrors.TELEPHONY_SIGNATURE_INVALID();
        const receivedAt = new Date();
        let startedAt: Date | undefined;
        if (form.call_start !== undefined) {
          startedAt = parseCallStart(form.call_start, (await getWorkspaceSettings(db, row.workspace_id)).timeZone);
          if (!startedAt) throw PlatformErrors.MALFORMED({ fields: [{ path: 'call_start', code: CallFieldCodes.callStart }] });
        }
        if (!form.pbx_call_id?.trim()) throw PlatformErrors.MALFORMED({ fields: [{ path: 'pbx_call_id', code: 'required' }] });
        const events = checked(translateZadarma(form, startedAt, receivedAt), 'body');
        return ingest(db, row, events, receivedAt);
      },
    );
  };
}
