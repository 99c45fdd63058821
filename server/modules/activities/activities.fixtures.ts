// Test fixtures for the activities/agenda/calendar/control tests: minimal rows of other modules'
// tables (contacts, companies, deals), written straight into the test database so these tests do
// not depend on the shape of those modules' APIs. Never imported by application code.
import type { Db } from '../../platform/database.js';

export async function insertCompany(db: Db, workspaceId: string, o: { ownerId: string | null; name?: string }) {
  const r = await db
    .insertInto('companies')
    .values({
      workspace_id: workspaceId,
      name: o.name ?? 'ООО Ромашка',
      owner_id: o.ownerId,
      addresses: '[]',
      phones: '[]',
      emails: '[]',
      legal_form: null,
      country: null,
      inn: null,
      kpp: null,
      ogrn: null,
      bik: null,
      bank_name: null,
      settlement_account: null,
      corr_account: null,
      eik: null,
      vat_number: null,
      iban: null,
      website: null,
      industry: null,
      segment: null,
      source: null,
      notes: null,
      created_by: null,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertContact(
  db: Db,
  workspaceId: string,
  o: {
    ownerId: string | null;
    firstName?: string;
    lastName?: string;
    segment?: string | null;
    birthday?: string | null;
    companyId?: string | null;
    createdAt?: Date;
  },
) {
  const r = await db
    .insertInto('contacts')
    .values({
      workspace_id: workspaceId,
      first_name: o.firstName ?? 'Иван',
      last_name: o.lastName ?? 'Петров',
      middle_name: null,
      company_id: o.companyId ?? null,
      position: null,
      phones: '[]',
      emails: '[]',
      messengers: '[]',
      addresses: '[]',
      birthday: o.birthday ?? null,
      important_dates: '[]',
      preferences: '[]',
      segment: o.segment ?? null,
      source: null,
      owner_id: o.ownerId,
      notes: null,
      created_by: null,
      deleted_at: null,
      created_at: o.createdAt ?? new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertPipeline(db: Db, workspaceId: string) {
  const p = await db
    .insertInto('pipelines')
    .values({ workspace_id: workspaceId, name: 'Sales', created_by: null, deleted_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const s = await db
    .insertInto('pipeline_stages')
    .values({
      workspace_id: workspaceId,
      pipeline_id: p.id,
      name: 'Qualified',
      position: 0,
      probability: 20,
      rotting_days: null,
      kind: 'open',
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { pipelineId: p.id, stageId: s.id };
}

export async function insertDeal(
  db: Db,
  workspaceId: string,
  pipeline: { pipelineId: string; stageId: string },
  o: {
    ownerId: string;
    amount: string;
    probability: number;
    currency?: string;
    status?: 'open' | 'won' | 'lost';
    nextStepDueAt?: Date | null;
    companyId?: string | null;
    contactIds?: string[];
  },
) {
  const status = o.status ?? 'open';
  const lostReason =
    status === 'lost'
      ? (await db.insertInto('lost_reasons').values({ workspace_id: workspaceId, name: 'Price' }).returning('id').executeTakeFirstOrThrow())
          .id
      : null;
  const d = await db
    .insertInto('deals')
    .values({
      workspace_id: workspaceId,
      title: 'Поставка',
      company_id: o.companyId ?? null,
      pipeline_id: pipeline.pipelineId,
      stage_id: pipeline.stageId,
      status,
      amount: o.amount,
      currency: o.currency ?? 'RUB',
      probability: o.probability,
      owner_id: o.ownerId,
      source: null,
      expected_close_date: null,
      expected_payment_date: null,
      next_step_text: o.nextStepDueAt ? 'Call back' : null,
      next_step_due_at: o.nextStepDueAt ?? null,
      qualification: '{}',
      proposals: '[]',
      contract: null,
      payment_schedule: '[]',
      fulfilment_notes: null,
      won_amount: null,
      won_date: null,
      lost_reason_id: lostReason,
      lost_comment: status === 'lost' ? 'Too expensive' : null,
      closed_at: status === 'open' ? null : new Date(),
      created_by: null,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const c of o.contactIds ?? []) {
    await db.insertInto('deal_contacts').values({ workspace_id: workspaceId, deal_id: d.id, contact_id: c, role: null }).execute();
  }
  return d.id;
}

/** Timeline events of a record, oldest first (read straight from the table for assertions). */
export async function timelineOf(db: Db, entityId: string) {
  return db
    .selectFrom('timeline_events')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('deleted_at', 'is', null)
    .orderBy('occurred_at')
    .execute();
}
