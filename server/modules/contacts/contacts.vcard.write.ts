// vCard 3.0 (RFC 2426) as address books read it: UTF-8 throughout, CRLF, lines folded at 75 octets
// without cutting a character in two, TYPE= parameters (iOS, Android, Outlook and Thunderbird
// all take 3.0; 4.0 is still not read by Outlook).

/** What a card shows of one contact; the company's name is already the viewer's (null when hidden). */
export type VcardContact = {
  id: string;
  firstName: string;
  middleName: string | null;
  lastName: string | null;
  fullName: string;
  companyName: string | null;
  position: string | null;
  phones: { type: string; number: string }[];
  emails: { type: string; address: string }[];
  addresses: { type: string; text: string }[];
  birthday: string | null;
  updatedAt: Date | string;
};

const phoneTypes: Record<string, string> = { mobile: 'CELL,VOICE', work: 'WORK,VOICE', home: 'HOME,VOICE', fax: 'FAX' };
const emailTypes: Record<string, string> = { work: 'INTERNET,WORK', personal: 'INTERNET,HOME' };
const addressTypes: Record<string, string> = { home: 'HOME', postal: 'POSTAL', legal: 'WORK', actual: 'WORK' };

/** Escapes a text value (RFC 2426 4: backslash, comma, semicolon, line breaks). */
function esc(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds at 75 octets: the continuation starts with a space, never inside a UTF-8 sequence. */
function fold(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const out: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (size + n > limit) {
      out.push(current);
      current = '';
      size = 0;
      limit = 74; // the leading space counts
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

function rev(value: Date | string): string {
  return new Date(value)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** One contact as a vCard 3.0 (UTF-8 text, CRLF line ends). */
export function formatVcard(c: VcardContact): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${[c.lastName ?? '', c.firstName, c.middleName ?? '', '', ''].map(esc).join(';')}`,
    `FN:${esc(c.fullName)}`,
  ];
  if (c.companyName) lines.push(`ORG:${esc(c.companyName)}`);
  if (c.position) lines.push(`TITLE:${esc(c.position)}`);
  c.phones.forEach((p, i) => {
    const type = [phoneTypes[p.type] ?? 'VOICE', i === 0 ? 'PREF' : null].filter(Boolean).join(',');
    lines.push(`TEL;TYPE=${type}:${esc(p.number)}`);
  });
  c.emails.forEach((e, i) => {
    const type = [emailTypes[e.type] ?? 'INTERNET', i === 0 ? 'PREF' : null].filter(Boolean).join(',');
    lines.push(`EMAIL;TYPE=${type}:${esc(e.address)}`);
  });
  // The address is one free text in Orbita: it goes whole into the street component, as
  // Google Contacts does for an unstructured address.
  for (const a of c.addresses) {
    const type = addressTypes[a.type];
    lines.push(`ADR${type ? `;TYPE=${type}` : ''}:;;${esc(a.text)};;;;`);
  }
  if (c.birthday) lines.push(`BDAY:${c.birthday}`);
  lines.push(`UID:urn:uuid:${c.id}`, `REV:${rev(c.updatedAt)}`, 'END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}
