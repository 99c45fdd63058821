// Call-back tasks: a missed incoming call of a known client becomes a planned call for the client's
// owner, due at once, so it is on their agenda. Registered on `call.ended` at composition (app.ts);
// runs in the call's transaction. Once per call (call_back_tasks is keyed by it); a client who
// calls three times before anyone rings back has one open task, not three. Workspaces turn it off
// with the `callBackTasks` setting.
import { translate } from '../../../contracts/i18n/index.js';
import type { CallEndedPayload } from '../calls/index.js';
import { createSystemActivity } from '../activities/index.js';
import type { Db } from '../../platform/database.js';
import { onEvent, type DomainEvent } from '../../platform/events.js';
import { getWorkspaceSettings } from '../../platform/settings.js';
import * as repo from './lost-calls.repository.js';

async function onCallEnded(trx: Db, e: DomainEvent<'call.ended'>): Promise<void> {
  const p: CallEndedPayload = e.payload;
  if (p.call.direction !== 'in' || p.call.status === 'answered') return;
  if (!p.contactIds.length && !p.companyIds.length) return;
  const settings = await getWorkspaceSettings(trx, e.workspaceId);
  if (!settings.callBackTasks) return;
  if (await repo.hasCallBack(trx, p.id)) return;
  const call = await repo.missedCallClient(trx, p.id);
  if (!call?.client_owner_id) return;
  const client = { workspaceId: e.workspaceId, ownerId: call.client_owner_id, contactId: call.contact_id, companyId: call.company_id };
  let activityId = await repo.openCallBackTask(trx, client);
  if (!activityId) {
    const lang = settings.defaultLanguage;
    const number = call.from_number ?? translate(lang, 'lostCalls.task.unknownNumber');
    // The task is its owner's, who owns this client: the subject may name it.
    const name = await repo.clientName(trx, call.contact_id, call.company_id);
    const endedAt = call.ended_at ?? e.occurredAt;
    activityId = await createSystemActivity(trx, {
      workspaceId: e.workspaceId,
      ownerId: call.client_owner_id,
      type: 'call',
      subject: translate(lang, 'lostCalls.task.subject', { client: name ?? number }).slice(0, 300),
      notes: translate(lang, 'lostCalls.task.notes', { number, time: endedAt.toISOString().slice(0, 16).replace('T', ' ') }),
      dueAt: endedAt,
      contactId: call.contact_id,
      companyId: call.company_id,
    });
  }
  await repo.claimCallBack(trx, e.workspaceId, p.id, activityId);
}

/** Composition (app.ts): missed calls of known clients make call-back tasks. */
export function registerCallBackTasks(): void {
  onEvent('call.ended', 'lost-calls.call-back-task', onCallEnded);
}
