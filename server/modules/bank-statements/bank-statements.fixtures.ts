// Test fixtures for bank statements: 1CClientBankExchange files written as banks write them, and the
// multipart upload a browser sends. Never imported by application code.
import type { LightMyRequestResponse } from 'fastify';
import type { Caller } from '../../test/harness.js';

/** Single-byte encoder built from the runtime's decoder (Node has none for cp1251; the app only reads it). */
export function cp1251(text: string): Buffer {
  const dec = new TextDecoder('windows-1251');
  const map = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) map.set(dec.decode(Uint8Array.of(b)), b);
  return Buffer.from([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (map.get(ch) ?? 0x3f))));
}

/** A Russian settlement account with its control key right for the BIK (the key is digit 9). */
export function keyedAccount(bik: string, account: string): string {
  const digits = (bik.slice(-3) + account.slice(0, 8) + '0' + account.slice(9)).split('').map(Number);
  const weights = [7, 1, 3];
  const sum = digits.reduce((acc, d, i) => acc + ((d * weights[i % 3]) % 10), 0);
  return account.slice(0, 8) + String(((sum % 10) * 3) % 10) + account.slice(9);
}

/** A 10-digit INN of a company with its check digit right: nine digits given, the tenth computed. */
export function innOf(nine: string): string {
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = nine.split('').reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return nine + String((sum % 11) % 10);
}

export type Doc = {
  number: string;
  date: string;
  amount: string;
  payerAccount: string;
  payerInn?: string;
  payerKpp?: string;
  payerName?: string;
  payerBik?: string;
  recipientAccount: string;
  recipientName?: string;
  purpose?: string;
  type?: string;
};

/** A statement of `account` as a client-bank exports it (CRLF, header, balances, documents). */
export function exchange(account: string, docs: Doc[], o: { eol?: string; from?: string; to?: string } = {}): string {
  const from = o.from ?? '01.11.2026';
  const to = o.to ?? '30.11.2026';
  const lines = [
    '1CClientBankExchange',
    'ВерсияФормата=1.03',
    'Кодировка=Windows',
    'Отправитель=Бухгалтерия предприятия, редакция 3.0',
    'Получатель=',
    'ДатаСоздания=01.12.2026',
    'ВремяСоздания=10:00:00',
    `ДатаНачала=${from}`,
    `ДатаКонца=${to}`,
    `РасчСчет=${account}`,
    'СекцияРасчСчет',
    `ДатаНачала=${from}`,
    `ДатаКонца=${to}`,
    `РасчСчет=${account}`,
    'НачальныйОстаток=0.00',
    'КонецРасчСчет',
  ];
  for (const d of docs) {
    const incoming = d.recipientAccount === account;
    lines.push(
      `СекцияДокумент=${d.type ?? 'Платежное поручение'}`,
      `Номер=${d.number}`,
      `Дата=${d.date}`,
      `Сумма=${d.amount}`,
      `ПлательщикСчет=${d.payerAccount}`,
      ...(incoming ? [] : [`ДатаСписано=${d.date}`]),
      `Плательщик=${d.payerInn ? `${d.payerInn}, ` : ''}${d.payerName ?? ''}`,
      `ПлательщикИНН=${d.payerInn ?? ''}`,
      `ПлательщикКПП=${d.payerKpp ?? ''}`,
      `Плательщик1=${d.payerName ?? ''}`,
      `ПлательщикБИК=${d.payerBik ?? '044525225'}`,
      'ПлательщикБанк1=ПАО СБЕРБАНК',
      'ПлательщикКорсчет=30101810400000000225',
      `ПолучательСчет=${d.recipientAccount}`,
      ...(incoming ? [`ДатаПоступило=${d.date}`] : []),
      `Получатель1=${d.recipientName ?? 'ООО «Орбита»'}`,
      `НазначениеПлатежа=${d.purpose ?? ''}`,
      'КонецДокумента',
    );
  }
  lines.push('КонецФайла', '');
  return lines.join(o.eol ?? '\r\n');
}

/** POST /bank-statements as a browser sends it (multipart `file`, optional `hold`). */
export function upload(
  who: Caller,
  bytes: Buffer | string,
  o: { dryRun?: boolean; hold?: string; name?: string; lang?: string } = {},
): Promise<LightMyRequestResponse> {
  const b = 'statementboundary';
  const parts: Buffer[] = [];
  if (o.hold !== undefined) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="hold"\r\n\r\n${o.hold}\r\n`));
  parts.push(
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${o.name ?? 'kl_to_1c.txt'}"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
    Buffer.from(`\r\n--${b}--\r\n`),
  );
  return who.req({
    method: 'POST',
    url: `/api/v1/bank-statements${o.dryRun ? '?dryRun=true' : ''}`,
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
    payload: Buffer.concat(parts),
    lang: o.lang,
  });
}
