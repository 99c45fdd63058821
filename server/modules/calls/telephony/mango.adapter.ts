// Mango Office: its Virtual PBX posts a form {vpbx_api_key, sign, json} to
// <webhookUrl>/events/call (each leg's state: Appeared, Connected, OnHold, Disconnected),
// /events/summary (the whole call once it is over) and /events/recording. One call is one
// `entry_id`; a leg is one `call_id`. REFERENCE section 6.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { CallDirection, CallEvent } from '../../../../contracts/calls.js';

/** Mango's signature of a request: sha256 hex of key + json + salt. */
export function mangoSign(apiKey: string, json: string, salt: string): string {
  return crypto
    .createHash('sha256')
    .update(apiKey + json + salt)
    .digest('hex');
}

/** Whether the form is signed by this account (constant time over the signature). */
export function mangoSigned(form: { vpbx_api_key?: string; sign?: string; json?: string }, apiKey: string, salt: string): boolean {
  if (form.vpbx_api_key !== apiKey || typeof form.sign !== 'string' || typeof form.json !== 'string') return false;
  const want = Buffer.from(mangoSign(apiKey, form.json, salt));
  const got = Buffer.from(form.sign.toLowerCase());
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

// Mango sends numbers and times as JSON numbers or strings depending on the event and API version.
const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const unix = z.coerce.number().int().min(0);
const party = z.object({ number: text.optional(), extension: text.optional(), line_number: text.optional() }).partial().optional();

const callPayload = z.object({
  entry_id: text.pipe(z.string().min(1)),
  call_id: text.optional(),
  timestamp: unix,
  call_state: z.string(),
  location: z.string().optional(),
  from: party,
  to: party,
});
const summaryPayload = z.object({
  entry_id: text.pipe(z.string().min(1)),
  call_direction: z.coerce.number().int().optional(),
  from: party,
  to: party,
  line_number: text.optional(),
  create_time: unix,
  talk_time: unix.optional(),
  end_time: unix,
  entry_result: z.coerce.number().int().optional(),
});
const recordingPayload = z.object({
  entry_id: text.pipe(z.string().min(1)),
  recording_id: text.optional(),
  recording_state: z.string().optional(),
  timestamp: unix.optional(),
});

export const mangoPayloads = { call: callPayload, summary: summaryPayload, recording: recordingPayload };
export type MangoKind = keyof typeof mangoPayloads;

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
const given = (v: string | undefined) => (v ? v : undefined);
const DIRECTIONS: Record<number, CallDirection> = { 0: 'internal', 1: 'in', 2: 'out' };

/** Which way a leg's call goes, from who has an extension (employees do, clients do not). */
function directionOf(from?: { extension?: string }, to?: { extension?: string }): CallDirection {
  if (given(from?.extension) && given(to?.extension)) return 'internal';
  return given(from?.extension) ? 'out' : 'in';
}

/**
 * The internal events of one Mango notification. A leg that reaches an employee's phone
 * (`location: abonent`) is a leg of the call; the IVR and the queue are the call itself. The
 * summary ends the call; a completed recording attaches it.
 */
export function translateMango<K extends MangoKind>(kind: K, payload: z.infer<(typeof mangoPayloads)[K]>): CallEvent[] {
  const base = { provider: 'mango' as const, providerCallId: payload.entry_id };
  if (kind === 'summary') {
    const p = payload as z.infer<typeof summaryPayload>;
    const direction = p.call_direction !== undefined ? DIRECTIONS[p.call_direction] : directionOf(p.from, p.to);
    const answered = p.entry_result === 1 && !!p.talk_time;
    return [
      {
        ...base,
        event: 'ended',
        direction,
        from: given(p.from?.number) ?? given(p.from?.extension),
        to: given(p.to?.number) ?? given(p.to?.extension),
        line: given(p.line_number),
        extension: direction === 'in' ? given(p.to?.extension) : given(p.from?.extension),
        startedAt: iso(p.create_time),
        answeredAt: answered ? iso(p.talk_time!) : undefined,
        endedAt: iso(Math.max(p.end_time, p.create_time)),
        talkSeconds: answered ? Math.max(0, p.end_time - p.talk_time!) : 0,
        disposition: answered ? 'answered' : 'no_answer',
      },
    ];
  }
  if (kind === 'recording') {
    const p = payload as z.infer<typeof recordingPayload>;
    if (p.recording_state !== 'Completed' || !p.recording_id) return [];
    return [{ ...base, event: 'recording_ready', recordingRef: p.recording_id }];
  }
  const p = payload as z.infer<typeof callPayload>;
  const direction = directionOf(p.from, p.to);
  const at = iso(p.timestamp);
  const onPhone = p.location === 'abonent' && !!p.call_id;
  // The employee's side of a leg: who is rung on an incoming call, who dials on an outgoing one.
  const extension = direction === 'out' ? given(p.from?.extension) : given(p.to?.extension);
  const common = {
    ...base,
    ...(onPhone && direction !== 'out' ? { legId: p.call_id } : {}),
    direction,
    from: given(p.from?.number) ?? given(p.from?.extension),
    to: given(p.to?.number) ?? given(p.to?.extension),
    line: given(p.to?.line_number),
    extension,
  };
  switch (p.call_state) {
    case 'Appeared':
      return [{ ...common, event: 'ringing', startedAt: at }];
    case 'Connected':
      // On an employee's phone, the leg answered; on an outgoing call, the client did.
      return onPhone || direction === 'out' ? [{ ...common, event: 'answered', answeredAt: at }] : [];
    case 'Disconnected':
      // A leg's end ends only the leg; the call ends with its summary.
      return common.legId ? [{ ...common, event: 'ended', endedAt: at }] : [];
    default:
      return []; // OnHold and states to come change nothing Orbita keeps
  }
}
