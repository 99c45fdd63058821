// Asterisk AMI events -> internal call events. All channels of one call share `Linkedid` (the
// first channel's Uniqueid); each `DialBegin` is a phone the call rings (a leg), `DialEnd` says how
// that attempt ended, the called leg going Up (DialEnd ANSWER, Newstate 6, a bridge of two of the
// call's channels) is the answer, and the call ends with the Hangup of its last channel. A ring
// group that rang six phones is one call with six legs, so one missed call when nobody answered.
// Older Asterisk (11-12) has no Linkedid on Newchannel and no DialBegin: `Dial` with
// `SubEvent: Begin|End` plays that role, a channel is joined to its caller's call when it is dialled,
// and the call is announced only then (or at its end), so a dialled channel never becomes a call.
// `Cdr` events exist only where cdr_manager is on: they are not needed. Event times come from the
// `Timestamp` field when the PBX sends it (timestampevents=yes), else from the time of receipt.
import type { CallDisposition, CallEvent } from '../../../../contracts/calls.js';
import type { CallEventAdapter } from './adapter.js';
import type { AmiMessage } from './ami.protocol.js';

type Leg = { uid: string; callerUid: string; extension?: string; answered: boolean; ended: boolean };

type TrackedCall = {
  key: string;
  announced: boolean;
  from?: string;
  to?: string;
  startedAt: Date;
  /** Uniqueids of the call's channels that are still up. */
  open: Set<string>;
  legs: Map<string, Leg>;
  answeredAt?: Date;
  /** Numbers of the call's channels (the answering party of a bridge without a Dial). */
  numbers: Map<string, string>;
  bridges: Map<string, Set<string>>;
  lastCause?: string;
  touchedAt: number;
};

/** DialStatus of an attempt that did not answer -> the internal disposition. */
const DIAL_STATUS: Record<string, CallDisposition> = {
  NOANSWER: 'no_answer',
  CANCEL: 'cancelled',
  BUSY: 'busy',
  CHANUNAVAIL: 'failed',
  CONGESTION: 'failed',
  DONTCALL: 'failed',
  TORTURE: 'failed',
  INVALIDARGS: 'failed',
};

/** Q.850 hangup causes of a phone that never answered: 17 busy, 21 rejected, 18/19 no answer, the rest failures. */
function causeDisposition(cause: string | undefined): CallDisposition {
  const c = Number(cause);
  if (c === 17 || c === 21) return 'busy';
  if (c === 18 || c === 19 || c === 16 || c === 0 || Number.isNaN(c)) return 'no_answer';
  if (c === 127) return 'cancelled';
  return 'failed';
}

/** A number worth keeping: digits with an optional + (not `s`, `h`, `<unknown>` or a SIP URI). */
const phoneLike = (v: string | undefined) => (v && /^\+?[\d*#]{1,32}$/.test(v) ? v : undefined);

/** The peer of a channel name: `PJSIP/21-0000001a` -> 21, `Local/101@from-queue-00000001;1` -> 101. */
export function peerOf(channel: string | undefined): string | undefined {
  const m = channel ? /^[^/]+\/([^-@;/]+)/.exec(channel) : null;
  return m?.[1];
}

/** Calls whose channels went silent this long ago are forgotten (a Hangup lost with a dropped connection). */
const STALE_MS = 6 * 3600_000;

/** Follows the events of one AMI connection; `callIdPrefix` keeps two PBXs' Linkedids apart. */
export class AmiCallAdapter implements CallEventAdapter<AmiMessage> {
  readonly provider = 'asterisk' as const;
  private readonly calls = new Map<string, TrackedCall>();
  /** Uniqueid of every open channel -> the key of its call. */
  private readonly channels = new Map<string, string>();
  private handled = 0;

  constructor(private readonly callIdPrefix = '') {}

  /** How many calls are in progress (for the connection's status). */
  get activeCalls(): number {
    return this.calls.size;
  }

  translate(m: AmiMessage, receivedAt: Date): CallEvent[] {
    const ts = timestampOf(m) ?? receivedAt;
    if (++this.handled % 1000 === 0) this.prune(Date.now());
    switch (m.event) {
      case 'Newchannel':
        return this.newChannel(m, ts);
      case 'DialBegin':
        return this.dialBegin(m.get('Uniqueid'), m.get('DestUniqueid'), m.get('DestCallerIDNum') ?? peerOf(m.get('DestChannel')), ts);
      case 'DialEnd':
        return this.dialEnd(m.get('Uniqueid'), m.get('DestUniqueid'), m.get('DialStatus'), ts);
      case 'Dial': {
        // Asterisk 11-12: one event for both, told apart by SubEvent; the destination's number is its peer.
        const sub = m.get('SubEvent');
        if (sub === 'Begin') return this.dialBegin(m.get('UniqueID'), m.get('DestUniqueID'), peerOf(m.get('Destination')), ts);
        if (sub === 'End') return this.dialEnd(m.get('UniqueID'), m.get('DestUniqueID'), m.get('DialStatus'), ts);
        return [];
      }
      case 'Newstate':
        return m.get('ChannelState') === '6' ? this.legUp(m.get('Uniqueid'), ts) : [];
      case 'BridgeEnter':
        return this.bridged(m.get('BridgeUniqueid'), [m.get('Uniqueid')], ts);
      case 'Bridge':
        // Asterisk 11-12: `Bridgestate: Link` joins Uniqueid1 and Uniqueid2.
        return m.get('Bridgestate') === 'Link'
          ? this.bridged(`${m.get('Uniqueid1')}+${m.get('Uniqueid2')}`, [m.get('Uniqueid1'), m.get('Uniqueid2')], ts)
          : [];
      case 'Hangup':
        return this.hangup(m.get('Uniqueid'), m.get('Cause'), ts);
      default:
        return [];
    }
  }

  private event(call: TrackedCall, fields: Omit<CallEvent, 'provider' | 'providerCallId'>): CallEvent {
    call.touchedAt = Date.now();
    return { provider: 'asterisk', providerCallId: `${this.callIdPrefix}${call.key}`, ...fields };
  }

  private announce(call: TrackedCall): CallEvent[] {
    if (call.announced) return [];
    call.announced = true;
    return [this.event(call, { event: 'ringing', from: call.from, to: call.to, startedAt: call.startedAt.toISOString() })];
  }

  private newChannel(m: AmiMessage, ts: Date): CallEvent[] {
    const uid = m.get('Uniqueid');
    if (!uid) return [];
    const linkedId = m.get('Linkedid') ?? m.get('LinkedID');
    const key = linkedId ?? uid;
    let call = this.calls.get(key);
    if (!call) {
      call = {
        key,
        announced: false,
        from: phoneLike(m.get('CallerIDNum')),
        to: phoneLike(m.get('Exten')),
        startedAt: ts,
        open: new Set(),
        legs: new Map(),
        numbers: new Map(),
        bridges: new Map(),
        touchedAt: Date.now(),
      };
      this.calls.set(key, call);
    }
    call.open.add(uid);
    const number = phoneLike(m.get('CallerIDNum')) ?? peerOf(m.get('Channel'));
    if (number) call.numbers.set(uid, number);
    this.channels.set(uid, key);
    // With Linkedid the call is known for what it is from its first channel on.
    return linkedId ? this.announce(call) : [];
  }

  private dialBegin(callerUid: string | undefined, destUid: string | undefined, extension: string | undefined, ts: Date): CallEvent[] {
    const call = this.callOf(callerUid);
    if (!call || !destUid || call.legs.has(destUid)) return [];
    // Older Asterisk: the dialled channel opened a call of its own; it is this call's leg instead.
    const own = this.calls.get(destUid);
    if (own && own !== call && !own.announced) {
      this.calls.delete(destUid);
      for (const [uid, n] of own.numbers) call.numbers.set(uid, n);
    }
    call.open.add(destUid);
    this.channels.set(destUid, call.key);
    const leg: Leg = {
      uid: destUid,
      callerUid: callerUid!,
      extension: extension ?? call.numbers.get(destUid),
      answered: false,
      ended: false,
    };
    call.legs.set(destUid, leg);
    return [
      ...this.announce(call),
      this.event(call, { event: 'ringing', legId: destUid, extension: leg.extension, startedAt: ts.toISOString() }),
    ];
  }

  private dialEnd(callerUid: string | undefined, destUid: string | undefined, status: string | undefined, ts: Date): CallEvent[] {
    const call = this.callOf(callerUid);
    if (!call) return [];
    // Older Asterisk names no destination: the status is that of every open attempt of this caller.
    const legs = destUid
      ? [call.legs.get(destUid)].filter((l): l is Leg => !!l)
      : [...call.legs.values()].filter((l) => l.callerUid === callerUid);
    const out: CallEvent[] = [];
    for (const leg of legs) {
      if (status === 'ANSWER') {
        if (destUid) out.push(...this.answer(call, leg, ts));
      } else if (!leg.ended && !leg.answered) {
        out.push(this.endLeg(call, leg, DIAL_STATUS[status ?? ''] ?? 'no_answer', ts));
      }
    }
    return out;
  }

  private legUp(uid: string | undefined, ts: Date): CallEvent[] {
    const call = this.callOf(uid);
    const leg = uid ? call?.legs.get(uid) : undefined;
    return call && leg ? this.answer(call, leg, ts) : [];
  }

  private bridged(bridgeId: string | undefined, uids: (string | undefined)[], ts: Date): CallEvent[] {
    const out: CallEvent[] = [];
    for (const uid of uids) {
      const call = this.callOf(uid);
      if (!call || !bridgeId || !uid) continue;
      let members = call.bridges.get(bridgeId);
      if (!members) call.bridges.set(bridgeId, (members = new Set()));
      members.add(uid);
      if (members.size < 2 || call.answeredAt) continue;
      const leg = [...members].map((u) => call.legs.get(u)).find((l): l is Leg => !!l);
      if (leg) out.push(...this.answer(call, leg, ts));
      else {
        // Two channels talking without a Dial between them (a queue member, a pickup): the one that is not the caller answered.
        const other = [...members].find((u) => u !== call.key);
        call.answeredAt = ts;
        out.push(
          ...this.announce(call),
          this.event(call, { event: 'answered', answeredAt: ts.toISOString(), extension: other && call.numbers.get(other) }),
        );
      }
    }
    return out;
  }

  private answer(call: TrackedCall, leg: Leg, ts: Date): CallEvent[] {
    if (leg.answered) return [];
    leg.answered = true;
    const out = [
      ...this.announce(call),
      this.event(call, { event: 'answered', legId: leg.uid, extension: leg.extension, answeredAt: ts.toISOString() }),
    ];
    if (!call.answeredAt) {
      call.answeredAt = ts;
      // The call's answer; who took it is the leg's extension (for an outgoing call, the client's phone: not a user).
      out.push(this.event(call, { event: 'answered', answeredAt: ts.toISOString() }));
    }
    return out;
  }

  private endLeg(call: TrackedCall, leg: Leg, disposition: CallDisposition, ts: Date): CallEvent {
    leg.ended = true;
    return this.event(call, { event: 'ended', legId: leg.uid, disposition, endedAt: ts.toISOString() });
  }

  private hangup(uid: string | undefined, cause: string | undefined, ts: Date): CallEvent[] {
    const call = this.callOf(uid);
    if (!call || !uid) return [];
    this.channels.delete(uid);
    call.open.delete(uid);
    const out: CallEvent[] = [];
    const leg = call.legs.get(uid);
    if (leg && !leg.ended) out.push(this.endLeg(call, leg, leg.answered ? 'answered' : causeDisposition(cause), ts));
    if (uid === call.key) call.lastCause = cause;
    if (call.open.size) return out;
    this.calls.delete(call.key);
    const answeredAt = call.answeredAt;
    out.push(
      ...this.announce(call),
      this.event(call, {
        event: 'ended',
        endedAt: ts.toISOString(),
        ...(answeredAt
          ? {
              answeredAt: answeredAt.toISOString(),
              disposition: 'answered' as const,
              talkSeconds: Math.max(0, Math.round((ts.getTime() - answeredAt.getTime()) / 1000)),
            }
          : // Without legs nothing rang: how the caller's own channel ended says what happened.
            call.legs.size
            ? {}
            : { disposition: causeDisposition(call.lastCause ?? cause) }),
      }),
    );
    return out;
  }

  private callOf(uid: string | undefined): TrackedCall | undefined {
    if (!uid) return undefined;
    const key = this.channels.get(uid);
    return key ? this.calls.get(key) : undefined;
  }

  private prune(now: number): void {
    for (const [key, call] of this.calls) {
      if (now - call.touchedAt < STALE_MS) continue;
      this.calls.delete(key);
      for (const uid of call.open) this.channels.delete(uid);
    }
  }
}

/** The event's own time when the PBX stamps it (`Timestamp: 1770888509.401234`, timestampevents=yes). */
function timestampOf(m: AmiMessage): Date | undefined {
  const v = m.get('Timestamp');
  if (!v || !/^\d{9,11}(\.\d{1,6})?$/.test(v)) return undefined;
  return new Date(Math.round(Number(v) * 1000));
}
