// Calls and telephony: the one internal call-event shape every provider's adapter produces
// (REFERENCE section 6, with the API's camelCase names), the calls read API, the workspace's lines
// and its PBX connections.
import { z } from 'zod';
import { int32, isoDateTime, text } from './common.js';
import { emailSchema, phoneTypes } from './companies.js';
import { linkedRecordSchema } from './records.js';

export const callProviders = ['generic', 'asterisk', 'mango', 'zadarma'] as const;
export type CallProvider = (typeof callProviders)[number];
export const callEventKinds = ['ringing', 'answered', 'ended', 'recording_ready'] as const;
export type CallEventKind = (typeof callEventKinds)[number];
export const callDirections = ['in', 'out', 'internal'] as const;
export type CallDirection = (typeof callDirections)[number];
export const callDispositions = ['answered', 'no_answer', 'busy', 'failed', 'cancelled'] as const;
export type CallDisposition = (typeof callDispositions)[number];
/** `ringing`: not answered and not over yet; the other four are how a call came out. */
export const callStatuses = ['ringing', 'answered', 'missed', 'busy', 'failed'] as const;
export type CallStatus = (typeof callStatuses)[number];

/** Longest call a PBX reports (a week): anything longer is a unit mistake (milliseconds). */
export const MAX_TALK_SECONDS = 7 * 24 * 3600;

/** A phone number as a PBX spells it: `+7 (916) 123-45-67`, `89161234567`, `101`, `anonymous`. */
const phoneText = z.string().trim().min(1).max(64);
const absent = <T extends z.ZodType>(t: T) => t.nullable().optional();

const eventFields = {
  /** The PBX's id of the whole call (Asterisk Linkedid, Mango entry_id, Zadarma pbx_call_id). */
  providerCallId: z.string().trim().min(1).max(200),
  /** One leg of the call (a phone of a ring group); absent: the event is about the whole call. */
  legId: absent(z.string().trim().min(1).max(200)),
  event: z.enum(callEventKinds),
  direction: absent(z.enum(callDirections)),
  from: absent(phoneText),
  to: absent(phoneText),
  /** The workspace's number the call came in on or went out through. */
  line: absent(phoneText),
  /** The user's extension: who answered (incoming) or dialled (outgoing); on a leg, the phone that rang. */
  extension: absent(z.string().trim().min(1).max(32)),
  startedAt: absent(isoDateTime()),
  answeredAt: absent(isoDateTime()),
  endedAt: absent(isoDateTime()),
  talkSeconds: absent(int32().min(0).max(MAX_TALK_SECONDS)),
  disposition: absent(z.enum(callDispositions)),
  /** Where the PBX keeps the recording (a file name or the provider's id): never shown as a link. */
  recordingRef: absent(z.string().trim().min(1).max(2000)),
};

type Times = { startedAt?: string | null; answeredAt?: string | null; endedAt?: string | null };
/** Times of one event must follow each other: answered and ended not before it started, ended not before answered. */
function checkOrder(e: Times, ctx: z.RefinementCtx) {
  const t = (v?: string | null) => (v ? Date.parse(v) : undefined);
  const [s, a, en] = [t(e.startedAt), t(e.answeredAt), t(e.endedAt)];
  if (s !== undefined && a !== undefined && a < s)
    ctx.addIssue({ code: 'custom', path: ['answeredAt'], params: { code: 'calls.rules.beforeStart' } });
  if (en !== undefined && (a ?? s) !== undefined && en < (a ?? s)!)
    ctx.addIssue({
      code: 'custom',
      path: ['endedAt'],
      params: { code: a !== undefined ? 'calls.rules.beforeAnswer' : 'calls.rules.beforeStart' },
    });
}

/** One call event in the internal shape, from any provider's adapter. */
export const callEventSchema = z.strictObject({ provider: z.enum(callProviders), ...eventFields }).superRefine(checkOrder);
export type CallEvent = z.infer<typeof callEventSchema>;

/** A call event sent by any other PBX to `POST /telephony/events`: the internal shape, provider `generic`. */
export const genericCallEventSchema = z
  .strictObject({ provider: z.literal('generic').default('generic'), ...eventFields })
  .superRefine(checkOrder);
export const MAX_EVENTS_PER_REQUEST = 1000;
export const callEventsBody = z.union([genericCallEventSchema, z.array(genericCallEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST)]);

export const callEventsResponse = z.object({
  /** Events in the request. */
  received: int32(),
  /** Of them, seen for the first time and applied. */
  applied: int32(),
  /** Of them, seen before (a replay or a retry): nothing was changed. */
  replays: int32(),
});

export const callSchema = z.object({
  id: z.uuid(),
  direction: z.enum(callDirections),
  status: z.enum(callStatuses),
  from: z.string().nullable(),
  to: z.string().nullable(),
  line: z.string().nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  talkSeconds: int32().nullable(),
  /** The call's manager: who answered; for a missed call the client's owner, else the line's default user. */
  userId: z.uuid().nullable(),
  /** The client the number matched (the first of several; all of them show the call on their timelines). */
  contactId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  /** Where Orbita streams the recording with an access check; null until recordings are served. */
  recordingUrl: z.string().nullable(),
});
export type CallDto = z.infer<typeof callSchema>;

export const listCallsQuery = z.object({
  /** Window on startedAt: from inclusive, to exclusive. */
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
  direction: z.enum(callDirections).optional(),
  status: z.enum(callStatuses).optional(),
  userId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  companyId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListCallsQuery = z.infer<typeof listCallsQuery>;

/** A call in a list: with its client named for the viewer (hidden when they may not open it). */
export const listedCallSchema = callSchema.extend({ contact: linkedRecordSchema.nullable(), company: linkedRecordSchema.nullable() });
export type ListedCall = z.infer<typeof listedCallSchema>;
export const callListResponse = z.object({ items: z.array(listedCallSchema), nextCursor: z.string().nullable() });

// ---------------------------------------------------------------- unsorted calls

/** Numbers no contact or company has, with their calls (operators and admins: all; others: their lines and extension). */
export const unsortedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export const unsortedNumberSchema = z.object({
  /** The number as the last call spelt it. */
  number: z.string(),
  calls: int32(),
  missed: int32(),
  firstAt: z.string(),
  lastCall: callSchema,
});
export type UnsortedNumber = z.infer<typeof unsortedNumberSchema>;
export const unsortedResponse = z.object({ items: z.array(unsortedNumberSchema), nextCursor: z.string().nullable() });

/**
 * Sorts an unknown number in one step: a new contact or company with the call's number, or the
 * number added to an existing one. Every call of that number without a client then belongs to it.
 */
export const sortCallBody = z.union([
  z.strictObject({
    createContact: z.strictObject({
      firstName: text(100).min(1),
      lastName: text(100).optional(),
      companyId: z.uuid().nullable().optional(),
      position: text(200).optional(),
      email: emailSchema.shape.address.optional(),
      phoneType: z.enum(phoneTypes).default('mobile'),
    }),
  }),
  z.strictObject({
    createCompany: z.strictObject({
      name: text(300).min(1),
      email: emailSchema.shape.address.optional(),
      phoneType: z.enum(phoneTypes).default('work'),
    }),
  }),
  z.strictObject({ contactId: z.uuid(), phoneType: z.enum(phoneTypes).default('mobile') }),
  z.strictObject({ companyId: z.uuid(), phoneType: z.enum(phoneTypes).default('work') }),
]);
export type SortCallBody = z.infer<typeof sortCallBody>;
export const sortCallResponse = z.object({
  entity: z.enum(['contact', 'company']),
  id: z.uuid(),
  /** Calls of the number now linked to the record (this one among them). */
  calls: int32(),
});

// ---------------------------------------------------------------- settings

export const telephonySettingsSchema = z.object({
  /** A missed call from a known client makes a call-back task for the client's owner. */
  callBackTasks: z.boolean(),
});
export const telephonySettingsBody = telephonySettingsSchema.partial().strict();

// ---------------------------------------------------------------- lines

export const lineSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string(),
  defaultUserId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LineDto = z.infer<typeof lineSchema>;

export const createLineBody = z.object({
  number: phoneText,
  name: z.string().trim().min(1).max(200),
  defaultUserId: z.uuid().nullable().optional(),
});
export const updateLineBody = createLineBody.partial();
export const lineListResponse = z.object({ items: z.array(lineSchema) });

// ---------------------------------------------------------------- connections

export const connectionProviders = ['asterisk', 'mango', 'zadarma'] as const;
export type ConnectionProvider = (typeof connectionProviders)[number];
export const connectionStatuses = ['pending', 'connecting', 'connected', 'error'] as const;

/** A host name or an IPv4/IPv6 address: letters, digits, dots, dashes, colons (no scheme, no path). */
const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .refine((v) => /^[A-Za-z0-9.:\-[\]]+$/.test(v), { params: { code: 'calls.rules.host' } });
const accountKey = z.string().trim().min(1).max(200);
/** Stored sealed; never returned. */
const sealedSecret = z.string().min(1).max(500);

/**
 * A PBX to take calls from. Asterisk: Orbita logs in to its AMI port and follows the events.
 * Mango Office and Zadarma call Orbita's webhooks (the answer's `webhookUrl`, to be set in the
 * provider's account): Mango signs with the API key and salt, Zadarma with the API secret.
 */
export const createConnectionBody = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('asterisk'),
    host,
    port: int32().min(1).max(65535),
    username: z.string().trim().min(1).max(200),
    secret: sealedSecret,
    /** Click-to-call: the channel of a user's phone, `{extension}` replaced (default `PJSIP/{extension}`; `SIP/{extension}` on chan_sip). */
    originateChannel: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((v) => v.includes('{extension}'), { params: { code: 'calls.rules.originateChannel' } })
      .optional(),
    /** The dialplan context the number is dialled in (default `from-internal`). */
    originateContext: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .refine((v) => /^[A-Za-z0-9_-]+$/.test(v), { params: { code: 'calls.rules.originateContext' } })
      .optional(),
  }),
  /** `apiKey`: Mango's «Уникальный код вашей АТС» (vpbx_api_key); `apiSalt`: its «Ключ для создания подписи». */
  z.object({ provider: z.literal('mango'), apiKey: accountKey, apiSalt: sealedSecret }),
  /** The API key and secret of the Zadarma account (Settings, API). */
  z.object({ provider: z.literal('zadarma'), key: accountKey, secret: sealedSecret }),
]);
export type CreateConnection = z.infer<typeof createConnectionBody>;

export const connectionSchema = z.object({
  id: z.uuid(),
  provider: z.enum(connectionProviders),
  /** Asterisk only (null for the cloud PBXs). */
  host: z.string().nullable(),
  port: int32().nullable(),
  username: z.string().nullable(),
  /** The account's key (Mango vpbx_api_key, Zadarma key); null for Asterisk. */
  apiKey: z.string().nullable(),
  /** Where the cloud PBX sends its events (Mango appends /events/call and so on); null for Asterisk. */
  webhookUrl: z.string().nullable(),
  /** Asterisk's click-to-call channel and context; null for the cloud PBXs. */
  originateChannel: z.string().nullable(),
  originateContext: z.string().nullable(),
  status: z.enum(connectionStatuses),
  /** Why the connection is not up (the PBX refused the login, cannot be reached...), in the caller's language. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  statusAt: z.string(),
  connectedAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ConnectionDto = z.infer<typeof connectionSchema>;
export const connectionListResponse = z.object({ items: z.array(connectionSchema) });

// ---------------------------------------------------------------- screen pop

/**
 * What a user's screen shows while a call rings on their phone (and when it is taken or over):
 * who is calling as far as this viewer may know (a client they may not open is `hidden`), the
 * open deals and the last activity they may see, and who owns the client.
 */
export const screenPopSchema = z.object({
  callId: z.uuid(),
  status: z.enum(callStatuses),
  direction: z.enum(callDirections),
  /** The client's number (the caller of an incoming call, the number dialled of an outgoing one). */
  number: z.string().nullable(),
  line: z.string().nullable(),
  startedAt: z.string(),
  /** Whether the call is this viewer's (they answered it, or it is theirs while nobody has). */
  mine: z.boolean(),
  /** No contact or company has this number: offer to create one. */
  unknown: z.boolean(),
  contacts: z.array(linkedRecordSchema),
  companies: z.array(linkedRecordSchema),
  openDeals: z.array(z.object({ id: z.uuid(), title: z.string(), amount: z.string(), currency: z.string(), stageName: z.string() })),
  lastActivity: z.object({ id: z.uuid(), type: z.string(), subject: z.string(), at: z.string() }).nullable(),
  ownerName: z.string().nullable(),
});
export type ScreenPop = z.infer<typeof screenPopSchema>;

// ---------------------------------------------------------------- click-to-call

/** Rings the caller's phone, then the number (Asterisk: AMI Originate through the PBX that follows it). */
export const originateBody = z.object({
  number: phoneText,
  /** The client being called, for the record (must be one the caller may open). */
  contactId: z.uuid().optional(),
});
export const originateStatuses = ['queued', 'sent', 'done', 'failed'] as const;
export const originateSchema = z.object({
  id: z.uuid(),
  /** `done`: the PBX took it and rings the caller's phone; `failed`: see `error`. */
  status: z.enum(originateStatuses),
  number: z.string(),
  extension: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
});
export type OriginateDto = z.infer<typeof originateSchema>;

/**
 * Whether the caller can click to call: they have an extension and the workspace a PBX connection
 * that places calls. The web shows its call buttons only when `available`.
 */
export const originateAvailabilitySchema = z.object({
  available: z.boolean(),
  extension: z.string().nullable(),
  /** Why not: the caller has no extension, or no connection can place calls. */
  reason: z.enum(['noExtension', 'noPbx']).nullable(),
});
export type OriginateAvailability = z.infer<typeof originateAvailabilitySchema>;
