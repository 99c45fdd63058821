import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { directionOf, parseStatement, StatementError, type StatementRule } from './statement.parse.js';

// Single-byte encoders for the test files, built from the runtime's decoders (Node has no encoder
// for cp1251 or cp866, and the project needs none: it only reads them).
function encoder(label: string) {
  const dec = new TextDecoder(label);
  const map = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) map.set(dec.decode(Uint8Array.of(b)), b);
  return (text: string) => Uint8Array.from([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : (map.get(ch) ?? 0x3f))));
}
const cp1251 = encoder('windows-1251');
const cp866 = encoder('ibm866');
const utf8 = (text: string) => new TextEncoder().encode(text);

const OURS = '40702810900000012345';

/** A statement as a Russian bank exports it: one incoming payment for an invoice, one outgoing. */
const statement = (eol = '\r\n', coding = 'Windows') =>
  [
    '1CClientBankExchange',
    'ВерсияФормата=1.03',
    `Кодировка=${coding}`,
    'Отправитель=Бухгалтерия предприятия, редакция 3.0',
    'Получатель=',
    'ДатаСоздания=05.03.2026',
    'ВремяСоздания=09:15:00',
    'ДатаНачала=01.03.2026',
    'ДатаКонца=04.03.2026',
    `РасчСчет=${OURS}`,
    'СекцияРасчСчет',
    'ДатаНачала=01.03.2026',
    'ДатаКонца=04.03.2026',
    `РасчСчет=${OURS}`,
    'НачальныйОстаток=1000.00',
    'ВсегоПоступило=122000.00',
    'ВсегоСписано=5000.5',
    'КонечныйОстаток=117999.50',
    'КонецРасчСчет',
    'СекцияДокумент=Платежное поручение',
    'Номер=417',
    'Дата=02.03.2026',
    'Сумма=122000.00',
    'ПлательщикСчет=40702810500000000777',
    'Плательщик=7707083893, ООО "Ромашка"',
    'ПлательщикИНН=7707083893',
    'ПлательщикКПП=773601001',
    'ПлательщикБИК=044525225',
    'ПлательщикБанк1=ПАО СБЕРБАНК',
    'ПлательщикБанк2=г. Москва',
    `ПолучательСчет=${OURS}`,
    'ДатаПоступило=03.03.2026',
    'Получатель1=ООО "Орбита"',
    'ПолучательИНН=7736050003',
    'НазначениеПлатежа=Оплата по счёту № СЧ-2026-000123 от 01.03.2026',
    'НазначениеПлатежа1=В т.ч. НДС 22% - 22000.00',
    'КонецДокумента',
    'СекцияДокумент',
    'Номер=18',
    'Дата=04.03.2026',
    'Сумма=5000,5',
    `ПлательщикСчет=${OURS}`,
    'ДатаСписано=04.03.2026',
    'ПолучательСчет=40702810000000099999',
    'Получатель=ИП Иванов И. И.',
    'НазначениеПлатежа=Аренда за март',
    'КонецДокумента',
    'КонецФайла',
    '',
  ].join(eol);

function refusal(bytes: Uint8Array): { line: number; key: string; rule: StatementRule } {
  try {
    parseStatement(bytes);
  } catch (e) {
    if (e instanceof StatementError) return { line: e.line, key: e.key, rule: e.rule };
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('1CClientBankExchange parser', () => {
  it('reads a cp1251 CRLF statement: header, balances, both documents with parties, dates and exact sums', () => {
    const s = parseStatement(cp1251(statement()));
    expect(s).toMatchObject({
      version: '1.03',
      encoding: 'windows-1251',
      createdOn: '2026-03-05',
      dateFrom: '2026-03-01',
      dateTo: '2026-03-04',
      accounts: [OURS],
    });
    expect(s.balances).toEqual([
      {
        account: OURS,
        dateFrom: '2026-03-01',
        dateTo: '2026-03-04',
        opening: '1000.00',
        received: '122000.00',
        spent: '5000.50',
        closing: '117999.50',
      },
    ]);
    expect(s.documents).toHaveLength(2);
    const [incoming, outgoing] = s.documents;
    expect(incoming).toMatchObject({
      line: 20,
      type: 'Платежное поручение',
      number: '417',
      date: '2026-03-02',
      amount: '122000.00',
      creditedOn: '2026-03-03',
      debitedOn: null,
      payer: {
        account: '40702810500000000777',
        inn: '7707083893',
        kpp: '773601001',
        name: 'ООО "Ромашка"',
        bik: '044525225',
        bank: 'ПАО СБЕРБАНК г. Москва',
      },
      recipient: { account: OURS, inn: '7736050003', name: 'ООО "Орбита"' },
      purpose: 'Оплата по счёту № СЧ-2026-000123 от 01.03.2026 В т.ч. НДС 22% - 22000.00',
    });
    expect(outgoing).toMatchObject({ type: null, amount: '5000.50', recipient: { name: 'ИП Иванов И. И.', inn: '' } });
    expect(directionOf(incoming, [OURS])).toBe('incoming');
    expect(directionOf(outgoing, [OURS])).toBe('outgoing');
    expect(directionOf(outgoing, ['40702810000000000001'])).toBe('other');
  });

  it('reads the same statement whatever its encoding and line ends, and whatever the header claims', () => {
    const expected = parseStatement(cp1251(statement())).documents.map((d) => ({ ...d, line: 0 }));
    const variants: [string, Uint8Array, string][] = [
      ['UTF-8 claiming Windows', utf8(statement('\r\n', 'Windows')), 'utf-8'],
      ['UTF-8 with a BOM, LF', utf8(`\uFEFF${statement('\n')}`), 'utf-8'],
      ['cp866 claiming Windows', cp866(statement('\r\n', 'Windows')), 'ibm866'],
      ['cp1251 claiming DOS, LF', cp1251(statement('\n', 'DOS')), 'windows-1251'],
    ];
    for (const [name, bytes, encoding] of variants) {
      const s = parseStatement(bytes);
      expect(s.encoding, name).toBe(encoding);
      expect(
        s.documents.map((d) => ({ ...d, line: 0 })),
        name,
      ).toEqual(expected);
    }
  });

  it('takes a UTF-8 line inside a cp1251 file as UTF-8 (hand-edited exports), and a file without an empty final line', () => {
    const text = statement().replace(/\r\nКонецФайла\r\n$/, '\r\n');
    const bytes = new Uint8Array([...cp1251(text), ...utf8('КонецФайла')]);
    expect(parseStatement(bytes).documents).toHaveLength(2);
  });

  it('leaves out nothing it was not given: missing and empty keys are empty, not errors', () => {
    const minimal = ['1CClientBankExchange', 'СекцияДокумент=', 'Сумма=10', 'КонецДокумента', 'КонецФайла'].join('\n');
    const s = parseStatement(utf8(minimal));
    expect(s.version).toBeNull();
    expect(s.documents[0]).toMatchObject({ type: null, number: '', date: null, amount: '10.00', payer: { account: '', name: '' } });
  });

  it('refuses what breaks the format, naming the line and the key', () => {
    const lines = statement('\n').split('\n');
    const edit = (i: number, line: string | null) => {
      const copy = [...lines];
      if (line === null) copy.splice(i, 1);
      else copy[i] = line;
      return utf8(copy.join('\n'));
    };
    const at = (key: string) => lines.findIndex((l) => l.startsWith(key));
    expect(refusal(utf8('Номер=1\nКонецФайла'))).toEqual({ line: 1, key: '1CClientBankExchange', rule: 'notExchangeFile' });
    expect(refusal(utf8(''))).toMatchObject({ rule: 'notExchangeFile' });
    expect(refusal(Uint8Array.of(0x25, 0x50, 0x44, 0x46, 0, 1, 2))).toMatchObject({ rule: 'notText' });
    expect(refusal(edit(1, 'ВерсияФормата=2.00'))).toEqual({ line: 2, key: 'ВерсияФормата', rule: 'unsupportedVersion' });
    expect(refusal(edit(at('Сумма=122000'), 'Сумма=122 000.001'))).toEqual({
      line: at('Сумма=122000') + 1,
      key: 'Сумма',
      rule: 'badAmount',
    });
    expect(refusal(edit(at('Сумма=122000'), 'Сумма=сто'))).toMatchObject({ key: 'Сумма', rule: 'badAmount' });
    expect(refusal(edit(at('Сумма=122000'), 'Сумма='))).toMatchObject({ key: 'Сумма', rule: 'missingKey' });
    expect(refusal(edit(at('Дата=02'), 'Дата=31.02.2026'))).toEqual({ line: at('Дата=02') + 1, key: 'Дата', rule: 'badDate' });
    expect(refusal(edit(at('Дата=02'), 'Дата=2026-03-02'))).toMatchObject({ key: 'Дата', rule: 'badDate' });
    expect(refusal(edit(at('Номер=417'), 'Номер 417'))).toEqual({ line: at('Номер=417') + 1, key: 'Номер 417', rule: 'badLine' });
    const firstEnd = at('КонецДокумента');
    expect(refusal(edit(firstEnd, null))).toMatchObject({ key: 'СекцияДокумент', rule: 'unclosedSection' });
    expect(refusal(edit(at('КонецФайла'), null))).toMatchObject({ key: 'КонецФайла', rule: 'missingEnd' });
    expect(refusal(edit(at('СекцияРасчСчет'), null))).toMatchObject({ key: 'КонецРасчСчет', rule: 'unexpectedEnd' });
    expect(refusal(utf8(`${statement('\n')}Номер=1\n`))).toMatchObject({ key: 'Номер', rule: 'unexpectedEnd' });
  });
});

// The real exports in ../shared/fixtures/real (a VTB client-bank statement; payment orders from 1C
// Бухгалтерия 3.0) are there for CI's compatibility check only: the suite passes without them.
const real = (name: string) => fileURLToPath(new URL(`../../../../shared/fixtures/real/${name}`, import.meta.url));
const vtb = real('1c_statement_vtb_bko_1.03_dronm.cp1251.txt');
const bp30 = real('1c_payment_orders_bp30_1.03_dronm.cp1251.txt');

describe('real exports', () => {
  it.skipIf(!existsSync(vtb))('a VTB client-bank statement: balances, a bank order and payment orders', () => {
    const s = parseStatement(readFileSync(vtb));
    expect(s.encoding).toBe('windows-1251');
    expect(s.version).toBe('1.03');
    expect(s.accounts).toContain('40702810000000074935');
    expect(s.balances[0]).toMatchObject({ opening: '252842.49', received: '616050.00', spent: '789647.44', closing: '79245.05' });
    expect(s.documents.map((d) => [d.type, d.number, d.amount])).toEqual([
      ['Банковский ордер', '69147', '6936.00'],
      ['Платежное поручение', '1', '13056.00'],
      ['Платежное поручение', '2', '150000.00'],
    ]);
    expect(s.documents[0].payer).toMatchObject({ inn: '7777777777', name: 'ООО "Наеб"', bik: '044525411' });
  });

  it.skipIf(!existsSync(bp30))('payment orders from 1C 3.0: mixed line ends, documents without a type, a UTF-8 last line', () => {
    const s = parseStatement(readFileSync(bp30));
    expect(s.documents.map((d) => [d.type, d.number, d.amount])).toEqual([
      [null, '1', '175000.00'],
      [null, '2', '375.25'],
    ]);
    expect(s.documents[1].purpose).toContain('Plus NDS 111-16');
  });
});
