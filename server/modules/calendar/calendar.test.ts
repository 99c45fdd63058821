import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Caller, type TestContext } from '../../test/harness.js';
import { insertContact } from '../activities/activities.fixtures.js';
import { escapeText, foldLine } from './calendar.ics.js';

let ctx: TestContext;
let m: Caller;
beforeAll(async () => {
  ctx = await createTestContext();
  m = await ctx.userWith('manager', { name: 'Мария Иванова' });
  await ctx.db.updateTable('users').set({ language: 'en' }).where('id', '=', m.user.id).execute();
});
afterAll(async () => {
  await ctx.close();
});

/** Undoes RFC 5545 folding (CRLF followed by one space or tab). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const unescape = (v: string) => v.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');

type Prop = { name: string; params: string; value: string };
/** Splits an unfolded calendar into components, each a list of properties. */
function parse(ics: string) {
  const lines = unfold(ics).split('\r\n');
  expect(lines.pop()).toBe('');
  const events: Prop[][] = [];
  const cal: Prop[] = [];
  let current: Prop[] | null = null;
  for (const line of lines) {
    const m = /^([A-Z-]+)((?:;[A-Z-]+=[^:;]+)*):(.*)$/.exec(line);
    expect(m, `not a content line: ${line}`).not.toBeNull();
    const prop = { name: m![1], params: m![2], value: m![3] };
    if (prop.name === 'BEGIN' && prop.value === 'VEVENT') current = [];
    else if (prop.name === 'END' && prop.value === 'VEVENT') {
      events.push(current!);
      current = null;
    } else (current ?? cal).push(prop);
  }
  return { cal, events };
}
const get = (props: Prop[], name: string) => props.find((p) => p.name === name);

async function feed(url: string) {
  const path = new URL(url).pathname;
  return ctx.app.inject({ method: 'GET', url: path });
}

describe('iCalendar serializer', () => {
  it('escapes commas, semicolons, backslashes and newlines', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a multi-byte character', () => {
    const line = `SUMMARY:${'Звонок клиенту '.repeat(12)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(1);
    for (const p of physical) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of physical.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(unfold(folded)).toBe(line);
    expect(folded).not.toContain('\uFFFD');
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });
});

describe('calendar feed', () => {
  it("is a valid RFC 5545 calendar with the user's activities and contacts' birthdays", async () => {
    const me = (await m.get('/api/v1/auth/me')).json();
    const contact = await insertContact(ctx.db, ctx.workspaceId, {
      ownerId: m.user.id,
      firstName: 'Пётр',
      lastName: 'Сидоров',
      birthday: '1980-03-15',
    });
    const leap = await insertContact(ctx.db, ctx.workspaceId, {
      ownerId: m.user.id,
      firstName: 'Leap',
      lastName: 'Day',
      birthday: '1992-02-29',
    });
    const someoneElse = await ctx.userWith('manager');
    await insertContact(ctx.db, ctx.workspaceId, {
      ownerId: someoneElse.user.id,
      firstName: 'Not',
      lastName: 'Mine',
      birthday: '1970-01-01',
    });
    const due = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 86_400_000);
    const subject = 'Обсудить договор, цены; и скидки \\ для ООО «Очень длинное название компании, чтобы строка точно переносилась»';
    const planned = await m.post('/api/v1/activities', {
      type: 'meeting',
      subject,
      notes: 'Line one\nLine two',
      dueAt: due.toISOString(),
      durationMinutes: 90,
      contactId: contact,
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const done = await m.post('/api/v1/activities', { type: 'call', subject: 'Called', done: true, outcome: 'Agreed', contactId: contact });
    expect(done.statusCode).toBe(201);

    const res = await feed(me.calendarFeedUrl);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
    const ics = res.body;
    // CRLF everywhere, no bare LF or CR, every physical line within 75 octets.
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(ics)).toBe(false);
    expect(/\r[^\n]/.test(ics)).toBe(false);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);

    const { cal, events } = parse(ics);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(get(cal, 'VERSION')?.value).toBe('2.0');
    expect(get(cal, 'PRODID')?.value).toBeTruthy();
    for (const e of events) {
      for (const required of ['UID', 'DTSTAMP', 'DTSTART']) expect(get(e, required), required).toBeTruthy();
      expect(get(e, 'DTSTAMP')!.value).toMatch(/^\d{8}T\d{6}Z$/);
    }

    const meeting = events.find((e) => get(e, 'UID')!.value.includes(planned.json().id))!;
    expect(meeting).toBeTruthy();
    expect(unescape(get(meeting, 'SUMMARY')!.value)).toBe(`Meeting: ${subject} — Сидоров Пётр`);
    expect(get(meeting, 'SUMMARY')!.value).toContain('договор\\, цены\\; и скидки \\\\ для');
    expect(unescape(get(meeting, 'DESCRIPTION')!.value)).toBe('Line one\nLine two');
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    expect(get(meeting, 'DTSTART')!.value).toBe(stamp(due));
    expect(get(meeting, 'DTEND')!.value).toBe(stamp(new Date(due.getTime() + 90 * 60_000)));
    const call = events.find((e) => get(e, 'UID')!.value.includes(done.json().id))!;
    expect(unescape(get(call, 'SUMMARY')!.value)).toBe('✓ Call: Called — Сидоров Пётр');
    expect(unescape(get(call, 'DESCRIPTION')!.value)).toBe('Outcome: Agreed');

    const birthdays = events.filter((e) => get(e, 'RRULE'));
    expect(birthdays).toHaveLength(2);
    const petr = birthdays.find((e) => get(e, 'UID')!.value.includes(contact))!;
    expect(get(petr, 'DTSTART')).toEqual({ name: 'DTSTART', params: ';VALUE=DATE', value: '19800315' });
    expect(get(petr, 'DTEND')).toEqual({ name: 'DTEND', params: ';VALUE=DATE', value: '19800316' });
    expect(get(petr, 'RRULE')!.value).toBe('FREQ=YEARLY');
    expect(unescape(get(petr, 'SUMMARY')!.value)).toBe('Birthday: Сидоров Пётр');
    const leapDay = birthdays.find((e) => get(e, 'UID')!.value.includes(leap))!;
    expect(get(leapDay, 'RRULE')!.value).toBe('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1');
    expect(get(leapDay, 'DTEND')!.value).toBe('19920301');

    // UIDs are stable, so calendar apps update events instead of duplicating them.
    const again = parse((await feed(me.calendarFeedUrl)).body);
    expect(again.events.map((e) => get(e, 'UID')!.value).sort()).toEqual(events.map((e) => get(e, 'UID')!.value).sort());
  });

  it("is in the user's language", async () => {
    const ru = await ctx.userWith('manager');
    await ctx.db.updateTable('users').set({ language: 'ru' }).where('id', '=', ru.user.id).execute();
    await ru.post('/api/v1/activities', { type: 'call', subject: 'Позвонить', dueAt: new Date(Date.now() + 3600_000).toISOString() });
    const me = (await ru.get('/api/v1/auth/me')).json();
    const { events, cal } = parse((await feed(me.calendarFeedUrl)).body);
    expect(unescape(get(events[0], 'SUMMARY')!.value)).toBe('Звонок: Позвонить');
    expect(unescape(get(cal, 'X-WR-CALNAME')!.value)).toContain('Орбита');
  });

  it('needs no session, but a revoked or unknown token is 404', async () => {
    const before = (await m.get('/api/v1/auth/me')).json().calendarFeedUrl;
    expect((await feed(before)).statusCode).toBe(200);
    const rotated = await m.post('/api/v1/auth/me/calendar-token');
    expect(rotated.statusCode).toBe(200);
    expect((await feed(before)).statusCode).toBe(404);
    expect((await feed(rotated.json().calendarFeedUrl)).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar/not-a-token.ics' })).statusCode).toBe(404);
  });
});
