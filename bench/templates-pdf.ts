/**
 * `npx tsx bench/templates-pdf.ts`: how long one invoice PDF takes to render, in one process, one
 * after another (no database: the model is built in memory as a document source would build it).
 * A Russian счёт на оплату of 10 lines with a logo, a scanned signature and a stamp, the same
 * layout `POST /templates/preview` and the invoices module render. Prints ms per PDF (mean,
 * median, p95) and PDFs per second, for the PDF and, beside it, the DOCX of the same document.
 * Knobs: BENCH_SECONDS (default 10) per format.
 */
import os from 'node:os';
import zlib from 'node:zlib';
import { toolEnv } from '../server/platform/config.js';
import { documentModel, renderBuiltIn, type DocumentModel } from '../server/modules/templates/index.js';

function png(w: number, h: number): string {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.concat(Array.from({ length: h }, (_, y) => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, y % 256)])));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]).toString(
    'base64',
  );
}

function invoice(): DocumentModel {
  const lines = Array.from({ length: 10 }, (_, i) => {
    const qty = i + 1;
    const net = (qty * 1234.5).toFixed(2);
    const vat = ((qty * 123450 * 22) / 10000).toFixed(2);
    return {
      position: i + 1,
      name: `Насос центробежный ЦНС 38-${44 + i * 22}, с электродвигателем`,
      quantity: String(qty),
      unit: 'шт',
      price: '1234.50',
      discountPercent: '0',
      vatRate: '22',
      subtotal: net,
      vatAmount: vat,
      total: (Number(net) + Number(vat)).toFixed(2),
    };
  });
  return documentModel({
    language: 'ru',
    currency: 'RUB',
    number: 'СЧ-2026-000123',
    date: '2026-12-01',
    dueDate: '2026-12-15',
    supplyDate: null,
    entity: {
      id: '7f1c2b3a-4d5e-4f60-8a71-92b3c4d5e6f7',
      name: 'ООО «Орбита»',
      country: 'RU',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: '1027700132195',
      eik: null,
      vatNumber: null,
      vatPayer: true,
      address: '117997, г. Москва, ул. Вавилова, д. 19',
      bankName: 'ПАО Сбербанк',
      bik: '044525225',
      settlementAccount: '40702810938120061991',
      correspondentAccount: '30101810400000000225',
      iban: null,
      bic: null,
      director: 'Иванов И. И.',
      accountant: 'Петрова А. С.',
      images: {
        logo: { mimeType: 'image/png', data: png(300, 100) },
        signature: { mimeType: 'image/png', data: png(240, 80) },
        stamp: { mimeType: 'image/png', data: png(200, 200) },
      },
    },
    client: {
      name: 'ООО «Ромашка»',
      country: 'RU',
      inn: '7736050003',
      kpp: '773601001',
      ogrn: null,
      eik: null,
      vatNumber: null,
      address: '125009, г. Москва, ул. Тверская, д. 7',
      bankName: null,
      bik: null,
      settlementAccount: null,
      correspondentAccount: null,
      iban: null,
      bic: null,
      contactName: 'Сидоров П. П.',
    },
    deal: null,
    contract: { number: '15-П', date: '2026-11-20' },
    correction: null,
    manager: { name: 'Анна Смирнова', email: 'a.smirnova@example.com', phone: null },
    pricesIncludeVat: false,
    vatExemptReason: null,
    lines,
    notes: null,
  });
}

const seconds = toolEnv.bench.seconds === undefined ? 10 : Number(toolEnv.bench.seconds);
const model = invoice();

async function run(format: 'pdf' | 'docx') {
  // Warm-up: the first render decodes the fonts and compiles the code paths.
  for (let i = 0; i < 5; i++) await renderBuiltIn('ru-invoice', model, format);
  const times: number[] = [];
  let bytes = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const t = performance.now();
    bytes = (await renderBuiltIn('ru-invoice', model, format)).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(
    `${format.padEnd(4)} ${String(times.length).padStart(5)} renders  mean ${mean.toFixed(1)} ms  median ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  ${(1000 / mean).toFixed(1)} per second  ${(bytes / 1024).toFixed(0)} KiB`,
  );
}

console.log(
  `ru-invoice, 10 lines, logo + signature + stamp; node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
);
await run('pdf');
await run('docx');
