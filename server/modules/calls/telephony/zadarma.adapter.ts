// Zadarma: its PBX posts a form per event to the webhook URL: NOTIFY_START (an incoming call
// begins), NOTIFY_INTERNAL (it rings an extension), NOTIFY_ANSWER, NOTIFY_END; outgoing calls
// NOTIFY_OUT_START and NOTIFY_OUT_END; NOTIFY_RECORD when a recording is saved. The header
// `Signature` is base64 of the hex HMAC-SHA1 of fields that differ per event. REFERENCE section 6.
import crypto from 'node:crypto';
import type { CallDisposition, CallEvent } from '../../../../contracts/calls.js';
import { zonedToUtc } from '../../../../contracts/time.js';

export type ZadarmaForm = Record<string, string | undefined>;

/** The fields each event signs, in order (Zadarma's SDK: getSignatureString of each notification). */
const SIGNED: Record<string, string[]> = {
  NOTIFY_START: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_INTERNAL: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_END: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_IVR: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_ANSWER: ['caller_id', 'destination', 'call_start'],
  NOTIFY_OUT_START: ['internal', 'destination', 'call_start'],
  NOTIFY_OUT_END: ['internal', 'destination', 'call_start'],
  NOTIFY_RECORD: ['pbx_call_id', 'call_id_with_rec'],
};

/** Whether Orbita knows how this event is signed (others, such as SMS, are acknowledged and ignored). */
export const zadarmaKnows = (event: string | undefined): boolean => !!event && event in SIGNED;

export function zadarmaSign(form: ZadarmaForm, secret: string): string {
  const text = (SIGNED[form.event ?? ''] ?? []).map((k) => form[k] ?? '').join('');
  return Buffer.from(crypto.createHmac('sha1', secret).update(text).digest('hex')).toString('base64');
}

/** Whether the `Signature` header matches the form for this secret (constant time). */
export function zadarmaSigned(form: ZadarmaForm, signature: string | undefined, secret: string): boolean {
  if (!signature || !zadarmaKnows(form.event)) return false;
  const want = Buffer.from(zadarmaSign(form, secret));
  const got = Buffer.from(signature.trim());
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

const CALL_START = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * `call_start` is a wall-clock time of the account's zone (`YYYY-MM-DD HH:MM:SS`): the instant in
 * UTC, or undefined when it is not such a time.
 */
export function parseCallStart(value: string | undefined, timeZone: string): Date | undefined {
  const m = CALL_START.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || y < 1970) return undefined;
  return new Date(zonedToUtc(y, mo, d, h, mi, timeZone).getTime() + s * 1000);
}

/** Zadarma's dispositions in the internal set (the money and limit ones are failures of the line). */
function dispositionOf(v: string | undefined): CallDisposition {
  switch ((v ?? '').trim().toLowerCase()) {
    case 'answered':
      return 'answered';
    case 'busy':
      return 'busy';
    case 'cancel':
      return 'cancelled';
    case 'no answer':
      return 'no_answer';
    default:
      return 'failed';
  }
}

const given = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
const seconds = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/**
 * The internal events of one Zadarma notification. `startedAt` is the parsed `call_start`; the
 * PBX says nothing of when an answer or an end happened, so they are the moment they arrive,
 * never before the start plus the talk.
 */
export function translateZadarma(form: ZadarmaForm, startedAt: Date | undefined, receivedAt: Date): CallEvent[] {
  const callId = given(form.pbx_call_id);
  if (!callId) return [];
  const base = { provider: 'zadarma' as const, providerCallId: callId };
  const internal = given(form.internal);
  const start = startedAt?.toISOString();
  const endOf = (talk: number | undefined) =>
    new Date(Math.max(receivedAt.getTime(), (startedAt?.getTime() ?? 0) + (talk ?? 0) * 1000)).toISOString();
  switch (form.event) {
    case 'NOTIFY_START':
      return [
        {
          ...base,
          event: 'ringing',
          direction: 'in',
          from: given(form.caller_id),
          to: given(form.called_did),
          line: given(form.called_did),
          startedAt: start,
        },
      ];
    case 'NOTIFY_INTERNAL':
      return internal ? [{ ...base, legId: internal, event: 'ringing', extension: internal, startedAt: start }] : [];
    case 'NOTIFY_ANSWER': {
      const answeredAt = new Date(Math.max(receivedAt.getTime(), startedAt?.getTime() ?? 0)).toISOString();
      return [{ ...base, ...(internal ? { legId: internal, extension: internal } : {}), event: 'answered', answeredAt }];
    }
    case 'NOTIFY_END':
    case 'NOTIFY_OUT_END': {
      const out = form.event === 'NOTIFY_OUT_END';
      const disposition = dispositionOf(form.disposition);
      const talk = disposition === 'answered' ? seconds(form.duration) : 0;
      const endedAt = endOf(talk);
      return [
        {
          ...base,
          event: 'ended',
          direction: out ? 'out' : 'in',
          from: out ? (internal ?? given(form.caller_id)) : given(form.caller_id),
          to: out ? given(form.destination) : given(form.called_did),
          line: out ? given(form.caller_id) : given(form.called_did),
          extension: internal,
          startedAt: start,
          answeredAt:
            disposition === 'answered' && talk !== undefined ? new Date(Date.parse(endedAt) - talk * 1000).toISOString() : undefined,
          endedAt,
          talkSeconds: talk,
          disposition,
          recordingRef: form.is_recorded === '1' ? given(form.call_id_with_rec) : undefined,
        },
      ];
    }
    case 'NOTIFY_OUT_START':
      return [
        {
          ...base,
          event: 'ringing',
          direction: 'out',
          from: internal ?? given(form.caller_id),
          to: given(form.destination),
          line: given(form.caller_id),
          extension: internal,
          startedAt: start,
        },
      ];
    case 'NOTIFY_RECORD': {
      const ref = given(form.call_id_with_rec);
      return ref ? [{ ...base, event: 'recording_ready', recordingRef: ref }] : [];
    }
    default:
      return []; // NOTIFY_IVR: the caller is in the voice menu; the call began with NOTIFY_START
  }
}
