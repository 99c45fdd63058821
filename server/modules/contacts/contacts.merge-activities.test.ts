import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});

it('merging contacts moves their activities, also where the merged one was only a participant', async () => {
  const m = await ctx.userWith('manager');
  const keep = (await m.post('/api/v1/contacts', { firstName: 'Анна', lastName: 'Керн' })).json();
  const other = (await m.post('/api/v1/contacts', { firstName: 'Анна', lastName: 'Керн-Дубль' })).json();
  const past = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const linked = await m.post('/api/v1/activities', { type: 'call', subject: 'Звонок', contactId: other.id, dueAt: past });
  expect(linked.statusCode, linked.body).toBe(201);
  const meeting = await m.post('/api/v1/activities', {
    type: 'meeting',
    subject: 'Встреча',
    dueAt: past,
    contactId: keep.id,
    participants: [{ kind: 'contact', id: other.id }],
  });
  expect(meeting.statusCode, meeting.body).toBe(201);

  const merged = await m.post(`/api/v1/contacts/${keep.id}/merge`, { otherId: other.id });
  expect(merged.statusCode, merged.body).toBe(200);

  const call = (await m.get(`/api/v1/activities/${linked.json().id}`)).json();
  expect(call.contactId).toBe(keep.id);
  const meet = (await m.get(`/api/v1/activities/${meeting.json().id}`)).json();
  expect(meet.participants).not.toContainEqual(expect.objectContaining({ id: other.id }));
  const listed = (await m.get(`/api/v1/activities?contactId=${keep.id}`)).json();
  expect(listed.items.map((a: { id: string }) => a.id).sort()).toEqual([linked.json().id, meeting.json().id].sort());
});
