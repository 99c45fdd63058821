// The seam every telephony provider plugs into: an adapter turns what its PBX sends (AMI events,
// a cloud PBX's webhook form) into call events of the one internal shape, which calls.ingest.ts
// applies the same way for all. Adapters know nothing of the database; stateful ones (AMI, whose
// call is spread over many channel events) keep their state per connection.
import type { CallEvent, CallProvider } from '../../../../contracts/calls.js';

export interface CallEventAdapter<Input> {
  readonly provider: CallProvider;
  /** The internal events one provider message amounts to (often none). */
  translate(input: Input, receivedAt: Date): CallEvent[];
}
