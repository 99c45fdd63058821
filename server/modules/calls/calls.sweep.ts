// Calls whose end never arrives: the PBX restarted mid-call, the AMI link dropped, a cloud webhook
// was lost. Left open they would ring forever, stay off the timelines and out of the lost-call
// count. The sweep ends them as the last event left them (unanswered: missed; answered: over at
// the last event heard), through the same ingestion as a real end, so `call.ended` follows.
import type { CallProvider } from '../../../contracts/calls.js';
import type { Db } from '../../platform/database.js';
import { registerRecurringTask } from '../../platform/jobs.js';
import { inTransaction } from '../../platform/records.js';
import { applyCallEvent } from './calls.ingest.js';
import * as repo from './calls.repository.js';

/** Nobody lets a phone ring for an hour: a call unanswered that long lost its end. */
export const RINGING_GIVE_UP_MS = 60 * 60 * 1000;
/** A conversation may be long, but not half a day without a single event. */
export const ANSWERED_GIVE_UP_MS = 12 * 60 * 60 * 1000;
const BATCH = 500;

/** Ends the calls open past those limits; returns how many were ended. */
export async function closeStaleCalls(db: Db, now = new Date(), opts: { signal?: AbortSignal } = {}): Promise<number> {
  let closed = 0;
  for (;;) {
    const stale = await repo.staleOpenCalls(
      db,
      new Date(now.getTime() - RINGING_GIVE_UP_MS),
      new Date(now.getTime() - ANSWERED_GIVE_UP_MS),
      BATCH,
    );
    let batchClosed = 0;
    for (const c of stale) {
      const ended = await inTransaction(db, (trx) =>
        applyCallEvent(
          trx,
          { workspaceId: c.workspace_id, connectionId: c.connection_id },
          {
            provider: c.provider as CallProvider,
            providerCallId: c.provider_call_id,
            event: 'ended',
            endedAt: c.last_event_at.toISOString(),
          },
          now,
        ),
      );
      if (ended) batchClosed++;
    }
    closed += batchClosed;
    // A batch that ended nothing would come back the same: stop rather than spin.
    if (stale.length < BATCH || !batchClosed || opts.signal?.aborted) return closed;
  }
}

/** Composition: the sweep runs every ten minutes, once across instances. */
export function registerCallSweep(): void {
  registerRecurringTask('calls.close-stale', '*/10 * * * *', async (ctx) => {
    const closed = await closeStaleCalls(ctx.db, new Date(), { signal: ctx.signal });
    if (closed) ctx.log.info({ closed }, 'ended calls whose end never came');
  });
}
