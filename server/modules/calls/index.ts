export { callsRoutes } from './calls.routes.js';
export { callRecord } from './calls.record.js';
export { registerCallMerges } from './calls.merge.js';
export { ingestCallEvents, type CallEndedPayload, type CallSource } from './calls.ingest.js';
export { startTelephony, type Telephony } from './telephony/telephony.supervisor.js';
export { registerCallSweep, closeStaleCalls } from './calls.sweep.js';
export { callPopFacts, rangFor } from './calls.repository.js';
export { numberKey } from './calls.plan.js';
