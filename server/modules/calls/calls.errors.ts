import { defineErrors } from '../../platform/errors.js';

/** Errors of calls, lines and PBX connections (messages in contracts/i18n/telephony.ts). */
export const CallErrors = defineErrors('calls', {
  CALL_NOT_FOUND: { status: 404 },
  CALL_ALREADY_SORTED: { status: 409 },
  TELEPHONY_LINE_NOT_FOUND: { status: 404 },
  TELEPHONY_LINE_TAKEN: { status: 409 },
  TELEPHONY_CONNECTION_NOT_FOUND: { status: 404 },
  // A cloud PBX's webhook without the right signature: nothing of it is stored.
  TELEPHONY_SIGNATURE_INVALID: { status: 401 },
  // Click-to-call: the caller has no extension to ring, or no PBX connection can place calls.
  TELEPHONY_NO_EXTENSION: { status: 409 },
  TELEPHONY_NO_PBX: { status: 409 },
  TELEPHONY_COMMAND_NOT_FOUND: { status: 404 },
});

/** Field rule codes of the calls module (dotted keys of the telephony catalogue). */
export const CallFieldCodes = {
  lineNumber: 'calls.rules.lineNumber',
  defaultUser: 'calls.rules.defaultUser',
  rangeOrder: 'calls.rules.rangeOrder',
  json: 'calls.rules.json',
  callStart: 'calls.rules.callStart',
} as const;
