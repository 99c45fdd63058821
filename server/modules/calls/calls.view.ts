import type { CallDto, LineDto } from '../../../contracts/calls.js';
import type { CallRow, LineRow } from './calls.repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A call as the API shows it. */
export function toCall(r: CallRow): CallDto {
  return {
    id: r.id,
    direction: r.direction,
    status: r.status,
    from: r.from_number,
    to: r.to_number,
    line: r.line,
    startedAt: r.started_at.toISOString(),
    answeredAt: iso(r.answered_at),
    endedAt: iso(r.ended_at),
    talkSeconds: r.talk_seconds,
    userId: r.user_id,
    contactId: r.contact_id,
    companyId: r.company_id,
    // Recordings are to be streamed through Orbita with an access check, never linked to where the
    // PBX keeps them; until that route exists there is no URL to give.
    recordingUrl: null,
  };
}

/** A line as the API shows it. */
export function toLine(r: LineRow): LineDto {
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    defaultUserId: r.default_user_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
