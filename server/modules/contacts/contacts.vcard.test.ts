import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseVcards } from './contacts.vcard.parse.js';
import { formatVcard, type VcardContact } from './contacts.vcard.write.js';

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

/** Quoted-printable of cp1251 bytes, as Outlook writes it (upper-case hex, soft breaks at 76). */
function qp1251(text: string): string {
  const encoded = [...iconv.encode(text, 'win1251')]
    .map((b) => (b >= 0x21 && b <= 0x7e && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  const chunks: string[] = [];
  for (let i = 0; i < encoded.length; i += 60) chunks.push(encoded.slice(i, i + 60));
  return chunks.join('=\r\n');
}

describe('parseVcards', () => {
  it('reads an Outlook 2.1 card in cp1251 with QUOTED-PRINTABLE, soft line breaks and bare types', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:2.1',
      `N;LANGUAGE=ru;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:${qp1251('Петров;Пётр;Ильич')};;`,
      `FN;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:${qp1251('Пётр Ильич Петров')}`,
      `ORG;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:${qp1251('ООО «Ромашка»;Отдел продаж')}`,
      `TITLE;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:${qp1251('Коммерческий директор')}`,
      'TEL;WORK;VOICE:+7 (495) 123-45-67',
      'TEL;CELL;VOICE:8 916 765-43-21',
      'TEL;WORK;FAX:+7 495 123-45-68',
      // Long enough to need the soft breaks that Outlook puts every 76 characters.
      `ADR;WORK;PREF;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:;;${qp1251('Ленинградский проспект, дом 39, строение 80, офис 12')};${qp1251('Москва')};;125167;${qp1251('Россия')}`,
      `LABEL;WORK;PREF;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:${qp1251('Ленинградский проспект, 39')}`,
      'EMAIL;PREF;INTERNET:petrov@romashka.ru',
      'BDAY:19750321',
      `NOTE;CHARSET=Windows-1251;ENCODING=QUOTED-PRINTABLE:${qp1251('Любит рыбалку')}`,
      'REV:20240101T120000Z',
      'END:VCARD',
    ]);
    const { rows, warnings } = parseVcards(Buffer.from(text, 'latin1'));
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      {
        card: 1,
        line: 1,
        version: '2.1',
        firstName: 'Пётр',
        middleName: 'Ильич',
        lastName: 'Петров',
        fullName: 'Пётр Ильич Петров',
        companyName: 'ООО «Ромашка»',
        position: 'Коммерческий директор',
        phones: [
          { type: 'work', number: '+7 (495) 123-45-67' },
          { type: 'mobile', number: '8 916 765-43-21' },
          { type: 'fax', number: '+7 495 123-45-68' },
        ],
        emails: [{ type: 'other', address: 'petrov@romashka.ru' }],
        addresses: [{ type: 'actual', text: 'Ленинградский проспект, дом 39, строение 80, офис 12, Москва, 125167, Россия' }],
        birthday: '1975-03-21',
        tags: [],
        notes: 'Любит рыбалку',
        urls: [],
      },
    ]);
  });

  it('reads raw cp1251 bytes without CHARSET in a file that is not UTF-8, and UTF-8 QP beside them', () => {
    const cp1251Card = iconv.encode(
      crlf(['BEGIN:VCARD', 'VERSION:2.1', 'N:Сидорова;Анна', 'TEL;HOME:+359 2 123 4567', 'END:VCARD']),
      'win1251',
    );
    const androidCard = Buffer.from(
      crlf([
        'BEGIN:VCARD',
        'VERSION:2.1',
        'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=D0=BD;;;',
        // No CHARSET: the decoded bytes are valid UTF-8, so they are read as UTF-8.
        'TITLE;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=BD=D0=B6=D0=B5=D0=BD=D0=B5=D1=80',
        'END:VCARD',
      ]),
    );
    const { rows, warnings } = parseVcards(Buffer.concat([cp1251Card, androidCard]));
    expect(warnings).toEqual([]);
    expect(rows.map((r) => [r.card, r.lastName, r.firstName, r.position, r.phones])).toEqual([
      [1, 'Сидорова', 'Анна', null, [{ type: 'home', number: '+359 2 123 4567' }]],
      [2, 'Иванов', 'Иван', 'Инженер', []],
    ]);
    expect(rows[1].line).toBe(6);
  });

  it('reads 3.0 with folding, escapes, TYPE lists, groups, categories and a UTF-8 BOM', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Георгиева;Мария;;;',
      'FN:Мария Георгиева',
      'ORG:Тест\\; и син ЕООД;София',
      'item1.TEL;type=CELL;type=pref:+359 88 123 4567',
      'item1.X-ABLabel:mobile',
      'EMAIL;TYPE=INTERNET,HOME:maria@example.bg',
      'EMAIL;TYPE=INTERNET;TYPE=WORK:m.georgieva@test.bg',
      'ADR;TYPE=HOME:;;ул. „Витоша“ 1\\, ет. 2;София;;1000;България',
      'NOTE:Първи ред\\nвтори ред\\, със запетая',
      'CATEGORIES:клиенти,VIP',
      'URL:https://example.bg/maria',
      'BDAY:1990-07-04',
      'TITLE:Ръководител на отдел „Продажби“ за Югоизточна Европа и Близкия Из',
      ' ток',
      'END:VCARD',
    ]);
    const { rows, warnings } = parseVcards(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(warnings).toEqual([]);
    expect(rows[0]).toMatchObject({
      version: '3.0',
      firstName: 'Мария',
      lastName: 'Георгиева',
      companyName: 'Тест; и син ЕООД',
      position: 'Ръководител на отдел „Продажби“ за Югоизточна Европа и Близкия Изток',
      phones: [{ type: 'mobile', number: '+359 88 123 4567' }],
      emails: [
        { type: 'personal', address: 'maria@example.bg' },
        { type: 'work', address: 'm.georgieva@test.bg' },
      ],
      addresses: [{ type: 'home', text: 'ул. „Витоша“ 1, ет. 2, София, 1000, България' }],
      notes: 'Първи ред\nвтори ред, със запетая',
      tags: ['клиенти', 'VIP'],
      urls: ['https://example.bg/maria'],
      birthday: '1990-07-04',
    });
  });

  it('reads 4.0: tel: URIs, quoted parameter lists, a birthday without a year, LF line ends', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:John Smith',
      'N:Smith;John;;;',
      'TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+1-555-555-5555',
      'TEL;VALUE=uri;TYPE=work:tel:+44 20 7946 0958',
      'EMAIL;TYPE=work:john@example.com',
      'BDAY:--0412',
      'ORG:Example Inc.',
      'ROLE:Engineer',
      'END:VCARD',
      '',
    ].join('\n');
    const { rows, warnings } = parseVcards(Buffer.from(text));
    expect(rows[0]).toMatchObject({
      version: '4.0',
      firstName: 'John',
      lastName: 'Smith',
      companyName: 'Example Inc.',
      position: 'Engineer',
      phones: [
        { type: 'mobile', number: '+1-555-555-5555' },
        { type: 'work', number: '+44 20 7946 0958' },
      ],
      emails: [{ type: 'work', address: 'john@example.com' }],
      birthday: null,
    });
    expect(warnings).toEqual([{ card: 1, line: 8, property: 'BDAY', code: 'birthdayWithoutYear' }]);
  });

  it('reads UTF-16 (Windows "Unicode" save) and takes FN as the first name when N is empty', () => {
    const text = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:Служба поддержки', 'TEL:+7 800 555-35-35', 'END:VCARD']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { rows } = parseVcards(utf16);
    expect(rows[0]).toMatchObject({
      firstName: 'Служба поддержки',
      lastName: null,
      phones: [{ type: 'other', number: '+7 800 555-35-35' }],
    });
  });

  it('warns and goes on: a card with no name, a bad birthday, an unknown charset, an unclosed card, an AGENT card', () => {
    const text = crlf([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'ORG:Nobody Ltd',
      'BDAY:1990-02-30',
      'END:VCARD',
      'stray line outside',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=x-unknown-klingon:Doe;Jane',
      'AGENT:',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Assistant;The',
      'TEL:+1 555 0000',
      'END:VCARD',
      'BEGIN:VCARD',
    ]);
    const { rows, warnings } = parseVcards(Buffer.from(text));
    expect(rows.map((r) => [r.card, r.firstName, r.lastName, r.phones.length, r.companyName])).toEqual([
      [1, null, null, 0, 'Nobody Ltd'],
      [2, 'Jane', 'Doe', 0, null],
    ]);
    expect(warnings.map((w) => [w.card, w.line, w.property, w.code])).toEqual([
      [1, 4, 'BDAY', 'badBirthday'],
      [1, 1, null, 'noName'],
      [null, 6, null, 'lineOutsideCard'],
      [2, 9, 'N', 'unknownCharset'],
      [2, 11, 'AGENT', 'nestedCard'],
      [2, 16, 'AGENT', 'nestedCard'],
      [2, 7, null, 'unclosedCard'],
    ]);
  });

  it('says a file without cards is no vCard', () => {
    expect(parseVcards(Buffer.from('name;phone\nIvan;123\n'))).toEqual({
      rows: [],
      warnings: [{ card: null, line: 1, property: null, code: 'notVcard' }],
    });
  });
});

const sample: VcardContact = {
  id: '0b7c4a52-8f7e-4d7b-9a55-0f4f1e6c2a11',
  firstName: 'Иван',
  middleName: 'Петрович',
  lastName: 'Сидоров-Кузнецов',
  fullName: 'Сидоров-Кузнецов Иван Петрович',
  companyName: 'ООО «Вектор; Плюс», филиал',
  position: 'Главный специалист по работе с ключевыми клиентами Северо-Западного региона',
  phones: [
    { type: 'mobile', number: '+79161234567' },
    { type: 'work', number: '+74951234567' },
    { type: 'fax', number: '+74951234568' },
  ],
  emails: [
    { type: 'work', address: 'ivan@vector.ru' },
    { type: 'personal', address: 'ivan.s@mail.ru' },
  ],
  addresses: [{ type: 'home', text: 'г. Санкт-Петербург, Невский проспект, д. 28, кв. 5\nвход со двора' }],
  birthday: '1980-01-15',
  updatedAt: new Date('2026-11-30T10:20:30.456Z'),
};

describe('formatVcard', () => {
  it('writes a 3.0 card that ical.js reads back field for field', () => {
    const text = formatVcard(sample);
    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const card = new ICAL.Component(ICAL.parse(text) as unknown[]);
    expect(card.getFirstPropertyValue('version')).toBe('3.0');
    expect(card.getFirstPropertyValue('n')).toEqual(['Сидоров-Кузнецов', 'Иван', 'Петрович', '', '']);
    expect(card.getFirstPropertyValue('fn')).toBe(sample.fullName);
    expect(card.getFirstPropertyValue('org')).toBe(sample.companyName);
    expect(card.getFirstPropertyValue('title')).toBe(sample.position);
    expect(card.getAllProperties('tel').map((p) => [p.getParameter('type'), p.getFirstValue()])).toEqual([
      [['CELL', 'VOICE', 'PREF'], '+79161234567'],
      [['WORK', 'VOICE'], '+74951234567'],
      ['FAX', '+74951234568'],
    ]);
    expect(card.getAllProperties('email').map((p) => p.getFirstValue())).toEqual(['ivan@vector.ru', 'ivan.s@mail.ru']);
    expect(card.getFirstPropertyValue('adr')).toEqual(['', '', sample.addresses[0].text, '', '', '', '']);
    expect(String(card.getFirstPropertyValue('bday'))).toBe('1980-01-15');
    expect(card.getFirstPropertyValue('uid')).toBe(`urn:uuid:${sample.id}`);
    expect(card.getFirstPropertyValue('rev')?.toString()).toBe('2026-11-30T10:20:30Z');
  });

  it('round-trips through parseVcards into the same contact fields', () => {
    const other: VcardContact = {
      ...sample,
      id: '5d1c1a3e-0000-4000-8000-000000000001',
      middleName: null,
      companyName: null,
      position: null,
      birthday: null,
    };
    const { rows, warnings } = parseVcards(Buffer.from(formatVcard(sample) + formatVcard(other)));
    expect(warnings).toEqual([]);
    expect(rows[0]).toMatchObject({
      firstName: sample.firstName,
      middleName: sample.middleName,
      lastName: sample.lastName,
      fullName: sample.fullName,
      companyName: sample.companyName,
      position: sample.position,
      phones: sample.phones,
      emails: sample.emails,
      addresses: [{ type: 'home', text: 'г. Санкт-Петербург, Невский проспект, д. 28, кв. 5\nвход со двора' }],
      birthday: sample.birthday,
    });
    expect(rows[1]).toMatchObject({ middleName: null, companyName: null, position: null, birthday: null });
  });
});

// The real card in ../shared/fixtures/real (GNOME evolution-data-server's test data) is there for
// CI's compatibility check only: the suite passes without it.
const eds = fileURLToPath(new URL('../../../../shared/fixtures/real/vcard30_expected_utf8_eds.vcf', import.meta.url));

describe('real vCards', () => {
  it.skipIf(!existsSync(eds))('a 3.0 card from evolution-data-server: Cyrillic name and address, no line end after END', () => {
    const { rows, warnings } = parseVcards(readFileSync(eds));
    expect(warnings).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({
        version: '3.0',
        firstName: 'Василий',
        lastName: 'Пупкин',
        fullName: 'Василий Пупкин',
        phones: [{ type: 'work', number: '12-34-56' }],
        emails: [{ type: 'other', address: 'test@test.ru' }],
        addresses: [{ type: 'actual', text: 'Ленина д. 1' }],
      }),
    ]);
  });
});
