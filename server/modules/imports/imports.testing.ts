// What the import tests share: a multipart body as a browser sends it, an upload waited on until
// its job is over, an undo waited on, and CSV text with quoting.
import { expect } from 'vitest';
import type { Caller } from '../../test/harness.js';
import { until } from '../../test/receiver.js';

export type Form = Record<string, string>;

/** A multipart body as a browser sends it: the fields, then the file. */
export function multipart(file: Buffer, fileName: string, fields: Form) {
  const b = 'importboundary7MA4YWxkTrZu0gW';
  const parts = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

export async function upload(who: Caller, file: Buffer, fileName: string, fields: Form, url = '/api/v1/imports', lang = 'en') {
  const { payload, headers } = multipart(file, fileName, fields);
  return who.req({ method: 'POST', url, payload, headers, lang });
}

/** Uploads, waits until the job is over and returns the import as GET shows it. */
export async function importFile(who: Caller, file: Buffer, fileName: string, fields: Form, lang = 'en') {
  const res = await upload(who, file, fileName, fields, '/api/v1/imports', lang);
  expect(res.statusCode, res.body).toBe(202);
  const { id } = res.json();
  return until(
    async () => (await who.req({ method: 'GET', url: `/api/v1/imports/${id}`, lang })).json(),
    (v) => ['done', 'failed', 'cancelled'].includes(v.status),
    60_000,
  );
}

export const csv = (rows: string[][], d = ';') =>
  rows.map((r) => r.map((v) => (/[";\n,]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(d)).join('\r\n');

/** Asks for an import's undo and waits until it is done. */
export async function undo(who: Caller, id: string) {
  const res = await who.post(`/api/v1/imports/${id}/undo`, {});
  expect(res.statusCode, res.body).toBe(200);
  return until(
    async () => (await who.get(`/api/v1/imports/${id}`)).json(),
    (v) => v.undo?.status === 'done',
    60_000,
  );
}
