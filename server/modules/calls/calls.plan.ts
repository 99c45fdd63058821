// Pure rules of calls: how one event changes a call and its legs, what a call's status is, which
// way it goes, which number is the client's. No database here; calls.ingest.ts applies the results.
import { MAX_TALK_SECONDS, type CallDirection, type CallDisposition, type CallEvent, type CallStatus } from '../../../contracts/calls.js';
import { normalizePhone, type Region } from '../../platform/search/index.js';
import type { CallLegRow, CallRow } from './calls.repository.js';

/** Digits of a number's E.164 form when it is a valid phone number, else its digits as given. */
export function numberKey(number: string, region: Region): string {
  const e164 = normalizePhone(number, region);
  return (e164 ?? number).replace(/\D/g, '');
}

/** Short numbers (up to 5 digits) are extensions of the PBX, not clients' phones. */
export function looksInternal(number: string | null | undefined): boolean {
  return !!number && /^\d{1,5}$/.test(number.replace(/[\s-]/g, ''));
}

/**
 * Which way a call goes when its events do not say: between two extensions it is internal, from an
 * extension it goes out, anything else comes in. An extension is a user's or a short number.
 */
export function inferDirection(from: string | null | undefined, to: string | null | undefined, extensions: Set<string>): CallDirection {
  const internal = (n: string | null | undefined) => !!n && (extensions.has(n) || looksInternal(n));
  if (internal(from) && internal(to)) return 'internal';
  if (internal(from)) return 'out';
  return 'in';
}

/** The client's number of a call: the caller of an incoming call, the called number of an outgoing one. */
export function externalNumber(c: Pick<CallRow, 'direction' | 'from_number' | 'to_number'>): string | null {
  if (c.direction === 'in') return c.from_number;
  if (c.direction === 'out') return c.to_number;
  return null;
}

const at = (v: string | null | undefined): Date | undefined => (v ? new Date(v) : undefined);
const earliest = (a: Date | null | undefined, b: Date | null | undefined): Date | null => {
  if (!a) return b ?? null;
  if (!b) return a;
  return a <= b ? a : b;
};

/** How an unanswered call ended, from its legs: all busy is busy, all failed is failed, else nobody took it. */
export function unansweredDisposition(legs: Pick<CallLegRow, 'disposition'>[]): CallDisposition {
  const ended = legs.map((l) => l.disposition).filter((d): d is CallDisposition => !!d);
  if (ended.length && ended.every((d) => d === 'busy')) return 'busy';
  if (ended.length && ended.every((d) => d === 'failed')) return 'failed';
  if (ended.includes('cancelled')) return 'cancelled';
  return 'no_answer';
}

/** The status shown for a call: answered, or (once over) missed, busy or failed; ringing while neither. */
export function statusOf(c: Pick<CallRow, 'answered_at' | 'ended_at' | 'disposition'>): CallStatus {
  if (c.answered_at) return 'answered';
  if (!c.ended_at) return 'ringing';
  if (c.disposition === 'busy') return 'busy';
  if (c.disposition === 'failed') return 'failed';
  return 'missed';
}

/** A leg after one of its events. */
export function applyToLeg(leg: CallLegRow, e: CallEvent, now: Date): CallLegRow {
  const out = { ...leg };
  out.extension ??= e.extension ?? null;
  out.started_at = earliest(out.started_at, at(e.startedAt) ?? (e.event === 'ringing' ? now : undefined));
  if (e.event === 'answered' || e.answeredAt || e.disposition === 'answered')
    out.answered_at = earliest(out.answered_at, at(e.answeredAt) ?? now);
  if (e.event === 'ended') {
    out.ended_at = at(e.endedAt) ?? now;
    out.disposition = e.disposition ?? (out.answered_at ? 'answered' : 'no_answer');
  }
  return out;
}

export type CallChanges = Pick<
  CallRow,
  | 'direction'
  | 'from_number'
  | 'to_number'
  | 'line'
  | 'extension'
  | 'started_at'
  | 'answered_at'
  | 'ended_at'
  | 'talk_seconds'
  | 'disposition'
  | 'recording_ref'
  | 'status'
>;

/**
 * A call after one event: blanks filled from it, the earliest start and answer kept, the end and
 * its disposition taken from the call's own `ended` (a leg's end ends only the leg). `legs` are the
 * call's legs after the event, for an answered leg and for how an unanswered call came out.
 */
export function applyToCall(call: CallChanges, e: CallEvent, legs: CallLegRow[], now: Date): CallChanges {
  const c = { ...call };
  const isCallLevel = !e.legId;
  if (isCallLevel && e.direction) c.direction = e.direction;
  c.from_number ??= e.from ?? null;
  c.to_number ??= e.to ?? null;
  c.line ??= e.line ?? null;
  if (e.recordingRef) c.recording_ref = e.recordingRef;
  c.started_at = earliest(c.started_at, at(e.startedAt))!;

  if (isCallLevel) {
    if (e.extension) c.extension ??= e.extension;
    if (e.event === 'answered' || e.answeredAt) c.answered_at = earliest(c.answered_at, at(e.answeredAt) ?? now);
  }
  // The first leg that answered is who took the call (for an outgoing call, the client's phone).
  const answeredLeg = legs.filter((l) => l.answered_at).sort((a, b) => +a.answered_at! - +b.answered_at!)[0];
  if (answeredLeg) {
    c.answered_at = earliest(c.answered_at, answeredLeg.answered_at);
    if (c.direction !== 'out') c.extension ??= answeredLeg.extension;
  }
  if (isCallLevel && e.event === 'ended') {
    c.ended_at = at(e.endedAt) ?? now;
    if (!c.answered_at && e.disposition === 'answered') {
      // A single summary event: the answer was talkSeconds before the end.
      c.answered_at = new Date(c.ended_at.getTime() - (e.talkSeconds ?? 0) * 1000);
    }
    c.disposition = c.answered_at ? 'answered' : (e.disposition ?? unansweredDisposition(legs));
    // Times of different events may be centuries apart (each is only bounded on its own): the talk stays within a week.
    const talked = c.answered_at ? Math.round((c.ended_at.getTime() - c.answered_at.getTime()) / 1000) : 0;
    c.talk_seconds = e.talkSeconds ?? Math.min(MAX_TALK_SECONDS, Math.max(0, talked));
  }
  if (c.ended_at && c.started_at > c.ended_at) c.started_at = c.ended_at;
  if (c.direction === 'out') c.extension ??= c.from_number;
  if (c.direction === 'in') c.line ??= c.to_number;
  c.status = statusOf(c);
  return c;
}
